/* test/parallel/test-net-write-after-end-nt.js: a write at `end` after our
 * own end() returns false and fails in its callback with EPIPE ("This
 * socket has been ended by the other party"); the `error` comes on a later
 * tick, not during the write. */
#include "../common.h"

static cnet_server_t *server;
static bool has_error;

EXPECT_CALLS(on_connection, 1);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connection);
  cnet_socket_end(ev->u.connection, NULL, NULL);
}
EXPECT_CALLS(on_error, 1);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_error);
  has_error = true;
  cnet_server_close(server, NULL, NULL);
}
EXPECT_CALLS(write_cb, 1);
static void write_cb(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)ctx;
  CALLED(write_cb);
  CHECK_ERR_CODE(err, "EPIPE");
  CHECK_STR(err->message, "This socket has been ended by the other party");
  CHECK_STR(err->name, "Error");
}
EXPECT_CALLS(on_end, 1);
static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_end);
  int ret = cnet_socket_write_string(ev->emitter, "hello", NULL, write_cb, NULL);
  CHECK_INT(ret, 0);
  CHECK(!has_error); /* The error should be emitted in the next tick. */
}
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_on(ev->emitter, CNET_EV_ERROR, on_error, NULL);
  cnet_on(ev->emitter, CNET_EV_END, on_end, NULL);
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
