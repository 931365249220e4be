/* test/parallel/test-net-autoselectfamily-attempt-timeout-cli-option.js:
 * the process-wide attempt timeout set before anything else (Node's flag
 * --network-family-autoselection-attempt-timeout=123) is what
 * net.getDefaultAutoSelectFamilyAttemptTimeout() answers. cnet has no
 * command line: the flag is the setter called first thing in main. Node's
 * test expects 1230 because its test/common multiplies the value by ten. */
#include "../common.h"

int main(void) {
  CHECK_INT(cnet_set_default_auto_select_family_attempt_timeout(123), 0);
  CHECK_INT(cnet_get_default_auto_select_family_attempt_timeout(), 123);
  return node_test_run();
}
