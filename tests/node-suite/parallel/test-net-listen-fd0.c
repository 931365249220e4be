/* test/parallel/test-net-listen-fd0.js: listen({fd: 0}) on a descriptor that
 * is not a socket fails asynchronously with an `error` (EINVAL or ENOTSOCK),
 * and no connection ever comes. fd 0 is made /dev/null first, so the test
 * does not depend on what the runner left on stdin. */
#include <fcntl.h>

#include "../common.h"

EXPECT_CALLS(on_connection, 0);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connection);
}

EXPECT_CALLS(on_error, 1);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_error);
  const cnet_error_t *e = ev->u.error;
  CHECK(e != NULL);
  CHECK(!strcmp(e->code, "EINVAL") || !strcmp(e->code, "ENOTSOCK"));
  cnet_server_close(ev->emitter, NULL, NULL); /* to be freed; Node's GC does it */
}

int main(void) {
  int null_fd = open("/dev/null", O_RDONLY);
  CHECK(null_fd >= 0);
  CHECK(dup2(null_fd, 0) == 0);
  close(null_fd);
  cnet_server_t *server = cnet_create_server(NULL, NULL, on_connection, NULL);
  CHECK_INT(cnet_server_listen(server, &(cnet_listen_opts){.has_fd = true, .fd = 0}, NULL, NULL), 0);
  cnet_on(server, CNET_EV_ERROR, on_error, NULL);
  return node_test_run();
}
