/* test/parallel/test-net-listen-twice.js: in a cluster worker listen() may be
 * called twice (the handle comes later from the primary) and `listening` is
 * emitted once. cnet has no cluster; the same happens when the first listen
 * is still looking its host up: the second call is accepted, as Node's is,
 * and `listening` comes once. */
#include "../common.h"

static void on_close(cnet_server_t *srv, const cnet_error_t *err, void *ctx) {
  (void)srv; (void)ctx;
  CHECK(err == NULL);
}

static void close_soon(void *ctx) {
  cnet_server_close(ctx, on_close, NULL);
}

EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_listening);
  /* Node's worker closes from an immediate after the primary's answers;
   * waiting a turn here lets a second `listening` show if one is coming. */
  cnet_set_immediate(NULL, close_soon, ev->emitter);
}

int main(void) {
  cnet_server_t *server = cnet_create_server(NULL, NULL, NULL, NULL);
  cnet_on(server, CNET_EV_LISTENING, on_listening, NULL);
  node_listen_local(server, NULL, NULL);
  CHECK_INT(cnet_server_listen_port(server, 0, "127.0.0.1", NULL, NULL), 0);
  return node_test_run();
}
