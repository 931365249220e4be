/* test/parallel/test-net-socket-close-after-end.js: a socket whose peer's
 * data and end arrived while it was not reading emits `end` once the data
 * is read, and only then `close` (not before).
 *
 * Node's server socket waits in paused mode (a `readable` listener) and
 * reads 100 ms after the data came; cnet has no `readable` event, so the
 * socket is paused from the start and resumed 100 ms after the client's
 * own end has gone out (its `finish`). The check, end before close, holds
 * however long that takes; the wait only makes it likely that both the data
 * and the end are waiting when the socket resumes, as in Node's test.
 *
 * The client never reads the server's "foo", so, as in Node, it never ends:
 * its handle idles (it keeps no loop alive) until the process exits; in C
 * it is destroyed once the loop has ended. */
#include "../common.h"

static cnet_server_t *server;
static cnet_socket_t *server_socket, *client;
static bool end_emitted;

static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  end_emitted = true;
}
EXPECT_CALLS(on_close, 1);
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_close);
  CHECK(end_emitted);
  cnet_server_close(server, NULL, NULL);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  server_socket = ev->u.connection;
  cnet_socket_pause(server_socket);
  cnet_on(server_socket, CNET_EV_END, on_end, NULL);
  cnet_on(server_socket, CNET_EV_CLOSE, on_close, NULL);
  cnet_socket_end_string(server_socket, "foo", NULL, NULL, NULL);
}

static void read_it(void *ctx) {
  (void)ctx;
  cnet_socket_resume(server_socket); /* socket.read() */
}
static void on_client_finish(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_set_timeout(NULL, 100, read_it, NULL);
}
static void on_client_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end_string(ev->emitter, "foo", NULL, NULL, NULL);
}
EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  client = cnet_create_connection_port(NULL, node_port(server), "127.0.0.1", on_client_connect,
                                       NULL);
  cnet_on(client, CNET_EV_FINISH, on_client_finish, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  CHECK(!cnet_socket_readable_ended(client));
  cnet_socket_destroy(client, NULL);
  return node_test_run();
}
