/* test/parallel/test-net-better-error-messages-path.js: a connect to a Unix
 * socket path that does not exist fails with ENOENT, "connect ENOENT
 * <path>", and no `connect`; a path that is not a string (here NULL) is
 * ERR_INVALID_ARG_TYPE. The path is common.PIPE's, never created. */
#include "../common.h"

static char fp[128];

EXPECT_CALLS(on_connect, 0);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connect);
}
EXPECT_CALLS(on_error, 1);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_error);
  char want[160];
  snprintf(want, sizeof want, "connect ENOENT %s", fp);
  CHECK_ERR_CODE(ev->u.error, "ENOENT");
  CHECK_STR(ev->u.error->message, want);
}

int main(void) {
  snprintf(fp, sizeof fp, "%s", node_pipe());
  cnet_socket_t *c = cnet_connect_path(NULL, fp, NULL, NULL);
  CHECK(c != NULL);
  cnet_on(c, CNET_EV_CONNECT, on_connect, NULL);
  cnet_on(c, CNET_EV_ERROR, on_error, NULL);

  CHECK(cnet_create_connection_path(NULL, NULL, NULL, NULL) == NULL);
  CHECK_ERR_CODE(cnet_last_error(), "ERR_INVALID_ARG_TYPE");
  return node_test_run();
}
