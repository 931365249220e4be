/* test/parallel/test-net-listen-exclusive-random-ports.js: two cluster
 * workers listening on port 0 with `exclusive` each get a port of their
 * own. Node's cluster workers are processes; cnet's are threads of a
 * worker pool (cnet_workers_new), which has the same `exclusive` rule. */
#include "../common.h"

static cnet_workers_t *pool;

static void closed(cnet_workers_t *p, const cnet_error_t *err, void *ctx) {
  (void)p; (void)ctx;
  CHECK(err == NULL);
}

EXPECT_CALLS(listening, 1);
static void listening(cnet_workers_t *p, const cnet_error_t *err, void *ctx) {
  (void)ctx;
  CALLED(listening);
  CHECK(err == NULL); /* "could not listen" */
  cnet_address_t a1, a2;
  CHECK(cnet_workers_address(p, 0, &a1, NULL, NULL) == 0);
  CHECK(cnet_workers_address(p, 1, &a2, NULL, NULL) == 0);
  CHECK(a1.port > 0 && a2.port > 0);
  CHECK(a1.port != a2.port); /* "ports should not be equal" */
  CHECK(cnet_workers_close(p, 0, closed, NULL) == 0);
}

int main(void) {
  pool = cnet_workers_new(NULL, &(cnet_workers_opts){
      .count = 2,
      .listen = {.port = 0, .host = "127.0.0.1", .exclusive = true},
      .listening = listening});
  CHECK(pool != NULL);
  return node_test_run();
}
