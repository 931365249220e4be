/* test/parallel/test-net-connect-paused-connection.js: a connection paused
 * before it connected does not keep the process alive once connected, with
 * its server and the server's side unref'd: the loop ends (Node's process
 * exits) before an unref'd 1 s timer, which must not run.
 *
 * Node's process exits there with the sockets open; in C the loop returns,
 * and the test then destroys them, closes the server and clears the timer
 * so that the loop can be closed. 127.0.0.1 stands for Node's localhost. */
#include "../common.h"

static cnet_server_t *server;
static cnet_socket_t *client, *accepted;
static cnet_timer_t *timer;

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  accepted = cnet_socket_retain(ev->u.connection);
  cnet_socket_unref(accepted);
}

EXPECT_CALLS(expected_to_exit, 0);
static void expected_to_exit(void *ctx) {
  (void)ctx;
  CALLED(expected_to_exit);
}
EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  client = cnet_socket_retain(cnet_connect_port(NULL, node_port(server), "127.0.0.1", NULL, NULL));
  cnet_socket_pause(client);
  timer = cnet_timer_retain(cnet_timer_unref(cnet_set_timeout(NULL, 1000, expected_to_exit, NULL)));
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  cnet_server_unref(server);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT); /* where Node's process exits */
  CHECK(client != NULL);
  CHECK(!cnet_socket_connecting(client) && !cnet_socket_destroyed(client)); /* connected */
  cnet_socket_destroy(client, NULL);
  cnet_socket_release(client);
  if (accepted) {
    cnet_socket_destroy(accepted, NULL);
    cnet_socket_release(accepted);
  }
  cnet_server_close(server, NULL, NULL);
  cnet_clear_timeout(timer);
  cnet_timer_release(timer);
  return node_test_run();
}
