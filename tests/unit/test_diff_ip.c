/* net.isIP/isIPv4/isIPv6 and SocketAddress.parse against Node v23.5.0 on a
 * million generated inputs each (a slice by default; CNET_LONG=1 for all):
 * see diff/check.h and tests/vectors/diff/gen_diff.js. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>

#include "cnet.h"
#include "diff/check.h"

static void answer_isip(const dbuf *in, void *unused, dbuf *out) {
  const char *s = (const char *)in->p;
  (void)unused;
  db_printf(out, "%d%d%d", cnet_is_ip(s), cnet_is_ipv4(s), cnet_is_ipv6(s));
}

/* "undefined", or the SocketAddress as gen_diff.js prints Node's. */
static void answer_parse(const dbuf *in, void *unused, dbuf *out) {
  cnet_socketaddress_t sa;
  (void)unused;
  int rc = cnet_socketaddress_parse(&sa, (const char *)in->p);
  if (rc == CNET_ERR_INVALID_ADDRESS) {
    db_puts(out, "undefined");
  } else if (rc < 0) {
    db_printf(out, "err %s ", cnet_err_name(rc));
    db_puts(out, cnet_last_error()->message);
  } else {
    db_puts(out, sa.address);
    db_printf(out, " %d %s %u", sa.port, cnet_socketaddress_family_name(&sa), sa.flowlabel);
  }
}

static const diff_category categories[] = {
  {.name = "isip", .gen = gen_isip, .answer = answer_isip},
  {.name = "parse", .gen = gen_parse, .answer = answer_parse},
};

static void isip(void **state) {
  (void)state;
  diff_check(&categories[0]);
}

static void parse(void **state) {
  (void)state;
  diff_check(&categories[1]);
}

int main(int argc, char **argv) {
  int rc = diff_show_main(argc, argv, categories, COUNTOF(categories));
  if (rc >= 0) return rc;
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(isip),
    cmocka_unit_test(parse),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
