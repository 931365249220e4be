/* test/parallel/test-net-localerror.js: net.connect() throws
 * ERR_INVALID_IP_ADDRESS (a TypeError) for a localAddress that is not an IP.
 * Its second case, a localPort that is a string (ERR_INVALID_ARG_TYPE), has
 * no C form: localPort is an int. Node's port 0 is a port here; cnet's 0 is
 * "no port" (docs/api.md, Differences), so the port is 1: nothing connects,
 * as the call throws first. */
#include "../common.h"

int main(void) {
  cnet_connect_opts o = {.host = "localhost", .port = 1, .local_address = "foobar"};
  CHECK(cnet_connect(NULL, &o, NULL, NULL) == NULL);
  const cnet_error_t *e = cnet_last_error();
  CHECK_ERR_CODE(e, "ERR_INVALID_IP_ADDRESS");
  CHECK_STR(e->name, "TypeError");
  CHECK_STR(e->message, "Invalid IP address: foobar");
  return node_test_run();
}
