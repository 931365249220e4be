/* test/parallel/test-blocklist.js: net.BlockList's addAddress, addRange,
 * addSubnet, check and rules, with strings and SocketAddresses, IPv4-mapped
 * IPv6 addresses, prefix bounds, and the errors for bad arguments.
 *
 * Not here, as C cannot express them: arguments of a JS type other than
 * string (numbers, arrays, objects, bigints: ERR_INVALID_ARG_TYPE; a C
 * string pointer is a string or NULL, and NULL is checked), a NaN prefix,
 * and util.inspect() of the list. */
#include "../common.h"

#define BLOCKED(addr, family) CHECK_INT(cnet_blocklist_check(bl, addr, family), 1)
#define ALLOWED(addr, family) CHECK_INT(cnet_blocklist_check(bl, addr, family), 0)
#define THROWS(call, code) CHECK_STR(cnet_err_name(call), code)

static cnet_socketaddress_t sa(const char *address, const char *family) {
  cnet_socketaddress_t out;
  CHECK(cnet_socketaddress_init(&out, &(cnet_socketaddress_opts){.address = address,
                                                                 .family = family}) == 0);
  return out;
}

static void bad_arguments(void) {
  cnet_blocklist_t *bl = cnet_blocklist_new();
  /* undefined / null: a NULL string */
  THROWS(cnet_blocklist_add_address(bl, NULL, NULL), "ERR_INVALID_ARG_TYPE");
  THROWS(cnet_blocklist_add_address_sa(bl, NULL), "ERR_INVALID_ARG_TYPE");
  THROWS(cnet_blocklist_add_address(bl, "1.1.1.1", "foo"), "ERR_INVALID_ARG_VALUE");
  THROWS(cnet_blocklist_add_range(bl, NULL, NULL, NULL), "ERR_INVALID_ARG_TYPE");
  THROWS(cnet_blocklist_add_range(bl, "1.1.1.1", NULL, NULL), "ERR_INVALID_ARG_TYPE");
  THROWS(cnet_blocklist_add_range(bl, "1.1.1.1", "1.1.1.2", "foo"), "ERR_INVALID_ARG_VALUE");
  size_t n;
  cnet_blocklist_rules(bl, &n);
  CHECK_INT(n, 0);
  cnet_blocklist_free(bl);
}

static void addresses(void) {
  cnet_blocklist_t *bl = cnet_blocklist_new();
  CHECK(cnet_blocklist_add_address(bl, "1.1.1.1", NULL) == 0);
  CHECK(cnet_blocklist_add_address(bl, "8592:757c:efae:4e45:fb5d:d62a:0d00:8e17", "ipv6") == 0);
  CHECK(cnet_blocklist_add_address(bl, "::ffff:1.1.1.2", "ipv6") == 0);

  BLOCKED("1.1.1.1", NULL);
  ALLOWED("1.1.1.1", "ipv6");
  ALLOWED("8592:757c:efae:4e45:fb5d:d62a:0d00:8e17", NULL);
  BLOCKED("8592:757c:efae:4e45:fb5d:d62a:0d00:8e17", "ipv6");
  BLOCKED("::ffff:1.1.1.1", "ipv6");
  BLOCKED("::ffff:1.1.1.1", "IPV6");
  BLOCKED("1.1.1.2", NULL);
  ALLOWED("1.2.3.4", NULL);
  ALLOWED("::1", "ipv6");
  cnet_blocklist_free(bl);
}

static void socket_addresses(void) {
  cnet_blocklist_t *bl = cnet_blocklist_new();
  cnet_socketaddress_t sa1 = sa("1.1.1.1", NULL);
  cnet_socketaddress_t sa2 = sa("8592:757c:efae:4e45:fb5d:d62a:0d00:8e17", "ipv6");
  cnet_socketaddress_t sa3 = sa("1.1.1.2", NULL);

  CHECK(cnet_blocklist_add_address_sa(bl, &sa1) == 0);
  CHECK(cnet_blocklist_add_address_sa(bl, &sa2) == 0);
  CHECK(cnet_blocklist_add_address(bl, "::ffff:1.1.1.2", "ipv6") == 0);

  BLOCKED("1.1.1.1", NULL);
  CHECK_INT(cnet_blocklist_check_sa(bl, &sa1), 1);
  ALLOWED("1.1.1.1", "ipv6");
  ALLOWED("8592:757c:efae:4e45:fb5d:d62a:0d00:8e17", NULL);
  BLOCKED("8592:757c:efae:4e45:fb5d:d62a:0d00:8e17", "ipv6");
  CHECK_INT(cnet_blocklist_check_sa(bl, &sa2), 1);
  BLOCKED("::ffff:1.1.1.1", "ipv6");
  BLOCKED("::ffff:1.1.1.1", "IPV6");
  BLOCKED("1.1.1.2", NULL);
  CHECK_INT(cnet_blocklist_check_sa(bl, &sa3), 1);
  ALLOWED("1.2.3.4", NULL);
  ALLOWED("::1", "ipv6");
  cnet_blocklist_free(bl);
}

/* 1.1.1.1-1.1.1.10 and ::1-::f are in, their neighbours out. */
static void check_ranges(cnet_blocklist_t *bl) {
  char a[64];
  ALLOWED("1.1.1.0", NULL);
  for (int n = 1; n <= 10; n++) {
    snprintf(a, sizeof a, "1.1.1.%d", n);
    BLOCKED(a, NULL);
  }
  ALLOWED("1.1.1.11", NULL);
  ALLOWED("::0", "ipv6");
  for (int n = 0x1; n <= 0xf; n++) {
    snprintf(a, sizeof a, "::%x", n);
    BLOCKED(a, "ipv6");
  }
  ALLOWED("::10", "ipv6");
}

static void ranges(void) {
  cnet_blocklist_t *bl = cnet_blocklist_new();
  CHECK(cnet_blocklist_add_range(bl, "1.1.1.1", "1.1.1.10", NULL) == 0);
  CHECK(cnet_blocklist_add_range(bl, "::1", "::f", "ipv6") == 0);
  check_ranges(bl);
  cnet_blocklist_free(bl);

  bl = cnet_blocklist_new();
  cnet_socketaddress_t sa1 = sa("1.1.1.1", NULL), sa2 = sa("1.1.1.10", NULL);
  cnet_socketaddress_t sa3 = sa("::1", "ipv6"), sa4 = sa("::f", "ipv6");
  CHECK(cnet_blocklist_add_range_sa(bl, &sa1, &sa2) == 0);
  CHECK(cnet_blocklist_add_range_sa(bl, &sa3, &sa4) == 0);
  check_ranges(bl);
  cnet_blocklist_free(bl);
}

static void subnets(void) {
  cnet_blocklist_t *bl = cnet_blocklist_new();
  CHECK(cnet_blocklist_add_subnet(bl, "1.1.1.0", 16, NULL) == 0);
  CHECK(cnet_blocklist_add_subnet(bl, "8592:757c:efae:4e45::", 64, "ipv6") == 0);
  BLOCKED("1.1.0.1", NULL);
  BLOCKED("1.1.1.1", NULL);
  ALLOWED("1.2.0.1", NULL);
  BLOCKED("::ffff:1.1.0.1", "ipv6");
  BLOCKED("8592:757c:efae:4e45:f::", "ipv6");
  BLOCKED("8592:757c:efae:4e45::f", "ipv6");
  ALLOWED("8592:757c:efae:4f45::f", "ipv6");
  cnet_blocklist_free(bl);

  bl = cnet_blocklist_new();
  cnet_socketaddress_t sa1 = sa("1.1.1.0", NULL), sa2 = sa("1.1.1.1", NULL);
  CHECK(cnet_blocklist_add_subnet_sa(bl, &sa1, 16) == 0);
  CHECK(cnet_blocklist_add_subnet(bl, "8592:757c:efae:4e45::", 64, "ipv6") == 0);
  BLOCKED("1.1.0.1", NULL);
  CHECK_INT(cnet_blocklist_check_sa(bl, &sa2), 1);
  ALLOWED("1.2.0.1", NULL);
  BLOCKED("::ffff:1.1.0.1", "ipv6");
  BLOCKED("8592:757c:efae:4e45:f::", "ipv6");
  BLOCKED("8592:757c:efae:4e45::f", "ipv6");
  ALLOWED("8592:757c:efae:4f45::f", "ipv6");
  cnet_blocklist_free(bl);
}

static void rules(void) {
  cnet_blocklist_t *bl = cnet_blocklist_new();
  CHECK(cnet_blocklist_add_address(bl, "1.1.1.1", NULL) == 0);
  CHECK(cnet_blocklist_add_range(bl, "10.0.0.1", "10.0.0.10", NULL) == 0);
  CHECK(cnet_blocklist_add_subnet(bl, "8592:757c:efae:4e45::", 64, "IpV6") == 0); /* any case */

  size_t n;
  const char *const *r = cnet_blocklist_rules(bl, &n);
  CHECK_INT(n, 3);
  CHECK_STR(r[0], "Subnet: IPv6 8592:757c:efae:4e45::/64");
  CHECK_STR(r[1], "Range: IPv4 10.0.0.1-10.0.0.10");
  CHECK_STR(r[2], "Address: IPv4 1.1.1.1");

  BLOCKED("1.1.1.1", NULL);
  BLOCKED("10.0.0.5", NULL);
  BLOCKED("::ffff:10.0.0.5", "ipv6");
  BLOCKED("8592:757c:efae:4e45::f", "ipv6");
  ALLOWED("123.123.123.123", NULL);
  ALLOWED("8592:757c:efaf:4e45:fb5d:d62a:0d00:8e17", "ipv6");
  ALLOWED("::ffff:123.123.123.123", "ipv6");
  cnet_blocklist_free(bl);
}

/* The boundaries of prefixes that are not byte-aligned. */
static void unaligned_prefixes(void) {
  cnet_blocklist_t *bl = cnet_blocklist_new();
  CHECK(cnet_blocklist_add_subnet(bl, "10.0.0.0", 27, NULL) == 0);
  CHECK(cnet_blocklist_add_subnet(bl, "8592:757c:efaf::", 51, "ipv6") == 0);
  char a[64];
  for (int n = 0; n <= 31; n++) {
    snprintf(a, sizeof a, "10.0.0.%d", n);
    BLOCKED(a, NULL);
  }
  ALLOWED("10.0.0.32", NULL);
  BLOCKED("8592:757c:efaf:0:0:0:0:0", "ipv6");
  BLOCKED("8592:757c:efaf:1fff:ffff:ffff:ffff:ffff", "ipv6");
  ALLOWED("8592:757c:efaf:2fff:ffff:ffff:ffff:ffff", "ipv6");
  cnet_blocklist_free(bl);
}

/* nodejs/node#39074: IPv4 and IPv4-mapped IPv6 checks against an IPv4 range. */
static void mapped_against_ipv4_range(void) {
  cnet_blocklist_t *bl = cnet_blocklist_new();
  CHECK(cnet_blocklist_add_range(bl, "10.0.0.2", "10.0.0.10", NULL) == 0);
  BLOCKED("10.0.0.2", NULL);
  BLOCKED("10.0.0.10", NULL);
  ALLOWED("192.168.0.3", NULL);
  ALLOWED("2.2.2.2", NULL);
  ALLOWED("255.255.255.255", NULL);
  BLOCKED("::ffff:0a00:0002", "ipv6");
  BLOCKED("::ffff:0a00:000a", "ipv6");
  ALLOWED("::ffff:c0a8:0003", "ipv6");
  ALLOWED("::ffff:0202:0202", "ipv6");
  ALLOWED("::ffff:ffff:ffff", "ipv6");
  cnet_blocklist_free(bl);
}

static void bad_ranges_and_subnets(void) {
  cnet_blocklist_t *bl = cnet_blocklist_new();
  THROWS(cnet_blocklist_add_range(bl, "1.1.1.2", "1.1.1.1", NULL), "ERR_INVALID_ARG_VALUE");

  THROWS(cnet_blocklist_add_subnet(bl, NULL, 1, NULL), "ERR_INVALID_ARG_TYPE");
  THROWS(cnet_blocklist_add_subnet_sa(bl, NULL, 1), "ERR_INVALID_ARG_TYPE");
  THROWS(cnet_blocklist_add_subnet(bl, "", 1, ""), "ERR_INVALID_ARG_VALUE");
  THROWS(cnet_blocklist_add_subnet(bl, "1.1.1.1", -1, "ipv4"), "ERR_OUT_OF_RANGE");
  THROWS(cnet_blocklist_add_subnet(bl, "1.1.1.1", 33, "ipv4"), "ERR_OUT_OF_RANGE");
  THROWS(cnet_blocklist_add_subnet(bl, "::", -1, "ipv6"), "ERR_OUT_OF_RANGE");
  THROWS(cnet_blocklist_add_subnet(bl, "::", 129, "ipv6"), "ERR_OUT_OF_RANGE");

  THROWS(cnet_blocklist_check(bl, NULL, NULL), "ERR_INVALID_ARG_TYPE");
  THROWS(cnet_blocklist_check_sa(bl, NULL), "ERR_INVALID_ARG_TYPE");
  size_t n;
  cnet_blocklist_rules(bl, &n);
  CHECK_INT(n, 0);
  cnet_blocklist_free(bl);
}

/* nodejs/node#43360: a /32 subnet holds its one address. */
static void single_address_subnet(void) {
  cnet_blocklist_t *bl = cnet_blocklist_new();
  CHECK(cnet_blocklist_add_subnet(bl, "1.1.1.1", 32, "ipv4") == 0);
  BLOCKED("1.1.1.1", NULL);
  ALLOWED("1.1.1.2", NULL);
  ALLOWED("2.3.4.5", NULL);
  cnet_blocklist_free(bl);
}

static void is_block_list(void) {
  cnet_blocklist_t *bl = cnet_blocklist_new();
  struct { uint32_t a, b; } other = {0, 0}; /* {} */
  CHECK(cnet_blocklist_is_blocklist(bl));
  CHECK(!cnet_blocklist_is_blocklist(&other));
  cnet_blocklist_free(bl);
}

int main(void) {
  bad_arguments();
  addresses();
  socket_addresses();
  ranges();
  subnets();
  rules();
  unaligned_prefixes();
  mapped_against_ipv4_range();
  bad_ranges_and_subnets();
  single_address_subnet();
  is_block_list();
  return node_test_run();
}
