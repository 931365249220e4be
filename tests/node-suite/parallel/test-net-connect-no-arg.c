/* test/parallel/test-net-connect-no-arg.js: net.connect() and
 * socket.connect() with no arguments, or with options naming neither a
 * port nor a path, are ERR_MISSING_ARGS, "The "options" or "port" or
 * "path" argument must be specified". In C, no arguments is NULL options
 * and {} a zeroed struct. */
#include "../common.h"

static void check_missing_args(void) {
  CHECK_ERR_CODE(cnet_last_error(), "ERR_MISSING_ARGS");
  CHECK_STR(cnet_last_error()->message,
            "The \"options\" or \"port\" or \"path\" argument must be specified");
}

int main(void) {
  CHECK(cnet_connect(NULL, NULL, NULL, NULL) == NULL); /* net.connect() */
  check_missing_args();

  cnet_socket_t *s = cnet_socket_new(NULL, NULL); /* new net.Socket().connect() */
  CHECK_STR(cnet_err_name(cnet_socket_connect(s, NULL, NULL, NULL)), "ERR_MISSING_ARGS");
  check_missing_args();
  cnet_socket_destroy(s, NULL);

  CHECK(cnet_connect(NULL, &(cnet_connect_opts){0}, NULL, NULL) == NULL); /* net.connect({}) */
  check_missing_args();

  s = cnet_socket_new(NULL, NULL); /* new net.Socket().connect({}) */
  CHECK_STR(cnet_err_name(cnet_socket_connect(s, &(cnet_connect_opts){0}, NULL, NULL)),
            "ERR_MISSING_ARGS");
  check_missing_args();
  cnet_socket_destroy(s, NULL);
  return node_test_run();
}
