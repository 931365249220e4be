/* test/parallel/test-net-autoselectfamily-attempt-timeout-default-value.js:
 * net.getDefaultAutoSelectFamilyAttemptTimeout() starts at its default.
 * Node's test expects 2500 because its test/common multiplies the default
 * by ten at startup; the default itself is 250 ms. */
#include "../common.h"

int main(void) {
  CHECK_INT(cnet_get_default_auto_select_family_attempt_timeout(), 250);
  return node_test_run();
}
