/* C port of blocklist.js: the same trace. */
#include <stdio.h>

#include "cnet.h"

static void run(const char *what, int rc) {
  if (rc >= 0)
    printf("%s %s\n", what, rc == 0 ? "ok" : "true");
  else
    printf("%s %s %s: %s\n", what, cnet_last_error()->name, cnet_last_error()->code,
           cnet_last_error()->message);
}

static void check(cnet_blocklist_t *bl, const char *a, const char *family) {
  int rc = cnet_blocklist_check(bl, a, family);
  printf("check %s %s %s\n", a, family ? family : "undefined", rc == 1 ? "true" : "false");
}

int main(void) {
  cnet_blocklist_t *bl = cnet_blocklist_new();
  cnet_socketaddress_t s, e;
  run("addAddress 123.123.123.123", cnet_blocklist_add_address(bl, "123.123.123.123", NULL));
  run("addRange 10.0.0.1-10.0.0.10", cnet_blocklist_add_range(bl, "10.0.0.1", "10.0.0.10", NULL));
  run("addSubnet 8592:757c:efae:4e45::/64",
      cnet_blocklist_add_subnet(bl, "8592:757c:efae:4e45::", 64, "ipv6"));
  run("addAddress ::ffff:1.1.1.1 IPv6", cnet_blocklist_add_address(bl, "::ffff:1.1.1.1", "IPv6"));
  run("addSubnet ::ffff:192.168.0.0/112",
      cnet_blocklist_add_subnet(bl, "::ffff:192.168.0.0", 112, "ipv6"));
  cnet_socketaddress_init(&s, &(cnet_socketaddress_opts){.address = "::1", .family = "ipv6"});
  cnet_socketaddress_init(&e, &(cnet_socketaddress_opts){.address = "10.0.1.255"});
  run("addRange sa ::1-::ffff:10.0.1.255", cnet_blocklist_add_range_sa(bl, &s, &e));
  run("addRange 10.0.0.10-10.0.0.1", cnet_blocklist_add_range(bl, "10.0.0.10", "10.0.0.1", NULL));
  run("addRange ::ffff:10.0.0.10-::ffff:10.0.0.1",
      cnet_blocklist_add_range(bl, "::ffff:10.0.0.10", "::ffff:10.0.0.1", "ipv6"));
  run("addSubnet 1.2.3.4/33", cnet_blocklist_add_subnet(bl, "1.2.3.4", 33, NULL));
  run("addSubnet ::/129", cnet_blocklist_add_subnet(bl, "::", 129, "ipv6"));
  run("addAddress 1.2.3.4 ipv7", cnet_blocklist_add_address(bl, "1.2.3.4", "ipv7"));
  run("addAddress ::1 ipv4", cnet_blocklist_add_address(bl, "::1", "ipv4"));
  run("addAddress undefined", cnet_blocklist_add_address(bl, NULL, NULL));
  static const char *const checks[][2] = {
    {"123.123.123.123", NULL}, {"10.0.0.3", NULL}, {"222.111.111.222", NULL},
    {"::ffff:7b7b:7b7b", "ipv6"}, {"::ffff:123.123.123.123", "ipv6"},
    {"8592:757c:efae:4e45::1", "ipv6"}, {"1.1.1.1", NULL}, {"192.168.7.7", NULL},
    {"::ffff:10.0.1.0", "ipv6"}, {"10.0.1.0", NULL}, {"::2", "ipv6"}, {"not an ip", NULL},
    {"1.1.1.1", "ipv9"}, {"123.123.123.123", "IPV4"}};
  for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) check(bl, checks[i][0], checks[i][1]);
  size_t n;
  const char *const *rules = cnet_blocklist_rules(bl, &n);
  printf("[\n");
  for (size_t i = 0; i < n; i++) printf("  '%s'%s\n", rules[i], i + 1 < n ? "," : "");
  printf("]\n");
  int other = 0;
  printf("isBlockList %s %s\n", cnet_blocklist_is_blocklist(bl) ? "true" : "false",
         cnet_blocklist_is_blocklist(&other) ? "true" : "false");
  cnet_blocklist_free(bl);
  return 0;
}
