/* test/parallel/test-net-listen-close-server-callback-is-not-function.js:
 * server.close() right after listen(): `close` is emitted, `listening` and
 * `connection` never. Node's argument that is not a function (ignored) has
 * no C form: the C call takes no callback. */
#include "../common.h"

EXPECT_CALLS(on_connection, 0);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connection);
}
EXPECT_CALLS(on_close, 1);
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_close);
}
EXPECT_CALLS(on_listening, 0);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
}

int main(void) {
  cnet_server_t *server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_on(server, CNET_EV_CLOSE, on_close, NULL);
  node_listen_local(server, on_listening, NULL);
  CHECK_INT(cnet_server_close(server, NULL, NULL), 0);
  return node_test_run();
}
