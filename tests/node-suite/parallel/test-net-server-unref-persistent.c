/* test/parallel/test-net-server-unref-persistent.js: server.unref() before
 * listen() lasts: the listening server does not keep the loop alive, so the
 * loop ends before an unref'd 1 s timer (common.mustNotCall) could fire.
 *
 * In C the loop's end is where Node's process exits; the server (which still
 * listens then) and the timer are closed after, as C must close them. */
#include "../common.h"

EXPECT_CALLS(never, 0);
static void never(void *ctx) {
  (void)ctx;
  CALLED(never);
}

int main(void) {
  cnet_server_t *server = cnet_create_server(NULL, NULL, NULL, NULL);
  cnet_server_unref(server);
  node_listen_local(server, NULL, NULL);
  cnet_timer_t *timer = cnet_timer_unref(cnet_set_timeout(NULL, 1000, never, NULL));

  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  CHECK(cnet_server_listening(server));
  cnet_clear_timeout(timer);
  cnet_server_close(server, NULL, NULL);
  return node_test_run();
}
