/* test/parallel/test-net-write-after-close.js: a write on a server socket
 * that has already closed (the client ended, so both sides did) fails in
 * its callback, without an `error` event. Node's error there is EPIPE "This
 * socket has been ended by the other party"; the test checks that too. */
#include "../common.h"

static cnet_server_t *server;
static cnet_socket_t *server_socket;

EXPECT_CALLS(on_server_socket_error, 0);
static void on_server_socket_error(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_server_socket_error);
}
EXPECT_CALLS(on_connection, 1);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connection);
  server_socket = cnet_socket_retain(ev->u.connection); /* kept past its close */
  cnet_socket_resume(server_socket);
  cnet_on(server_socket, CNET_EV_ERROR, on_server_socket_error, NULL);
}

EXPECT_CALLS(write_cb, 1);
static void write_cb(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  (void)ctx;
  CALLED(write_cb);
  CHECK(err != NULL);
  CHECK_ERR_CODE(err, "EPIPE");
  CHECK_STR(err->message, "This socket has been ended by the other party");
  cnet_server_close(server, NULL, NULL);
  cnet_socket_release(s);
}
EXPECT_CALLS(on_client_end, 1);
static void on_client_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_client_end);
  CHECK_INT(cnet_socket_write_string(server_socket, "test", NULL, write_cb, NULL), 0);
}
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  /* client.end() closes both sides, as allowHalfOpen is false; `end` comes
   * when the other side's FIN does. */
  cnet_on(ev->emitter, CNET_EV_END, on_client_end, NULL);
  cnet_socket_end(ev->emitter, NULL, NULL);
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CHECK(cnet_connect_port(NULL, node_port(server), "127.0.0.1", on_connect, NULL) != NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
