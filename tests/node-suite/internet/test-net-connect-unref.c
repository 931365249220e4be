/* test/internet/test-net-connect-unref.js: a connected socket unref'd in
 * its connect listener no longer keeps the process alive: the loop ends
 * without `close`.
 *
 * Node connects to 8.8.8.8:53; here to a server on 127.0.0.1, which is
 * unref'd, as is its side of the connection, so that only the client could
 * keep the loop alive. Node's process exits with the socket open; the loop
 * returns here, and the test then closes everything so that the loop can
 * be closed. */
#include "../common.h"

static cnet_server_t *server;
static cnet_socket_t *client, *accepted;

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  accepted = cnet_socket_retain(ev->u.connection);
  cnet_socket_unref(accepted);
}
EXPECT_CALLS(on_connect, 1);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connect);
  cnet_socket_unref(ev->emitter);
}
EXPECT_CALLS(on_close, 0);
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_close);
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  client = cnet_socket_retain(
      cnet_create_connection_port(NULL, node_port(server), "127.0.0.1", on_connect, NULL));
  cnet_on(client, CNET_EV_CLOSE, on_close, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  cnet_server_unref(server);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT); /* where Node's process exits */
  CHECK_INT(CALLS(on_connect), 1);
  cnet_off(client, CNET_EV_CLOSE, on_close, NULL);
  cnet_socket_destroy(client, NULL);
  cnet_socket_release(client);
  if (accepted) {
    cnet_socket_destroy(accepted, NULL);
    cnet_socket_release(accepted);
  }
  cnet_server_close(server, NULL, NULL);
  return node_test_run();
}
