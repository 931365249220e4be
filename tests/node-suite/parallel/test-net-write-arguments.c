/* test/parallel/test-net-write-arguments.js: write(null) throws
 * ERR_STREAM_NULL_VALUES (TypeError, "May not write null values to
 * stream"), with no `error` event.
 *
 * C's null is a NULL chunk: cnet_socket_write() with NULL data (and a
 * length) and cnet_socket_write_string() with NULL text. The other values
 * Node's test writes (true, false, undefined, numbers, [], {}) are of JS
 * types a C chunk cannot have. */
#include "../common.h"

EXPECT_CALLS(on_error, 0);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_error);
}

static void check_null_values(int rc) {
  CHECK_INT(rc, CNET_ERR_STREAM_NULL_VALUES);
  CHECK_STR(cnet_last_error()->code, "ERR_STREAM_NULL_VALUES");
  CHECK_STR(cnet_last_error()->name, "TypeError");
  CHECK_STR(cnet_last_error()->message, "May not write null values to stream");
}

int main(void) {
  /* net.Stream({ highWaterMark: 0 }) */
  cnet_socket_t *socket = cnet_socket_new(NULL, &(cnet_socket_opts){.high_water_mark = 0});
  cnet_on(socket, CNET_EV_ERROR, on_error, NULL);
  check_null_values(cnet_socket_write(socket, NULL, 1, NULL, NULL));
  check_null_values(cnet_socket_write_nocopy(socket, NULL, 1, NULL, NULL));
  check_null_values(cnet_socket_write_string(socket, NULL, NULL, NULL, NULL));
  CHECK(!cnet_socket_destroyed(socket));
  cnet_socket_destroy(socket, NULL);
  return node_test_run();
}
