/* test/parallel/test-net-server-listen-remove-callback.js: the listen()
 * callback is a once-listener of `listening`: none is left at `close`, also
 * when the server listens again from its first `close`. */
#include "../common.h"

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_server_close(ev->emitter, NULL, NULL);
}
EXPECT_CALLS(on_close, 2);
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_close);
  CHECK_INT(cnet_listener_count(ev->emitter, CNET_EV_LISTENING), 0);
}
EXPECT_CALLS(once_close, 1);
static void once_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(once_close);
  node_listen_local(ev->emitter, on_listening, NULL);
}

int main(void) {
  cnet_server_t *server = cnet_create_server(NULL, NULL, NULL, NULL);
  cnet_on(server, CNET_EV_CLOSE, on_close, NULL);
  node_listen_local(server, on_listening, NULL);
  cnet_once(server, CNET_EV_CLOSE, once_close, NULL);
  return node_test_run();
}
