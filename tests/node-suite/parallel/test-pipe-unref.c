/* test/parallel/test-pipe-unref.js: a server listening on a Unix socket,
 * unref'd, does not keep the loop alive.
 *
 * Node's test runs it in a child process and checks the child exits with
 * 0; here the loop must end by itself while the server still listens,
 * before an unref'd 1 s timer could fire (it would, were the loop kept
 * alive). C then closes the server and the timer, as it must. */
#include "../common.h"

EXPECT_CALLS(never, 0);
static void never(void *ctx) {
  (void)ctx;
  CALLED(never);
}

int main(void) {
  cnet_server_t *s = cnet_create_server(NULL, NULL, NULL, NULL);
  CHECK(cnet_server_listen_path(s, node_pipe(), NULL, NULL) == 0);
  cnet_server_unref(s);
  cnet_timer_t *timer = cnet_timer_unref(cnet_set_timeout(NULL, 1000, never, NULL));
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  CHECK(cnet_server_listening(s));
  cnet_clear_timeout(timer);
  cnet_server_close(s, NULL, NULL);
  return node_test_run();
}
