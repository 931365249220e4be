/* test/parallel/test-net-socket-connect-invalid-autoselectfamilyattempttimeout.js:
 * an autoSelectFamilyAttemptTimeout below 0 is ERR_OUT_OF_RANGE for
 * connect() and for setDefaultAutoSelectFamilyAttemptTimeout(), which also
 * refuses 0; the default takes 1 and 9 as 10.
 *
 * connect({ autoSelectFamilyAttemptTimeout: 0 }) is left out: in a zeroed
 * cnet_connect_opts, 0 means "the default" (docs/api.md). */
#include "../common.h"

int main(void) {
  const int64_t bad[] = {-10, 0};
  for (int i = 0; i < 2; i++) {
    if (bad[i] != 0) {
      cnet_connect_opts o = {.port = 8080, .host = "127.0.0.1", .auto_select_family = CNET_TRUE,
                             .auto_select_family_attempt_timeout = (int)bad[i]};
      CHECK(cnet_connect(NULL, &o, NULL, NULL) == NULL);
      CHECK_ERR_CODE(cnet_last_error(), "ERR_OUT_OF_RANGE");
    }
    CHECK_INT(cnet_set_default_auto_select_family_attempt_timeout(bad[i]), CNET_ERR_OUT_OF_RANGE);
    CHECK_ERR_CODE(cnet_last_error(), "ERR_OUT_OF_RANGE");
  }
  const int64_t small[] = {1, 9};
  for (int i = 0; i < 2; i++) {
    CHECK(cnet_set_default_auto_select_family_attempt_timeout(small[i]) == 0);
    CHECK_INT(cnet_get_default_auto_select_family_attempt_timeout(), 10);
  }
  return node_test_run();
}
