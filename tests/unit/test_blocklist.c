/* net.BlockList: Node's test-blocklist.js cases, cnet's own edges, and a
 * replay of ../vectors/blocklist.vectors, recorded from Node v23.5.0 by
 * ../vectors/gen_blocklist.js (SocketAddress cases included). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blocklist.h"
#include "error.h"

/* ---- the vector replay ---- */

#define MAXF 64

static int unhex(int c) { return c <= '9' ? c - '0' : (c | 32) - 'a' + 10; }

/* Percent-decode a field in place; "~" is NULL (undefined). */
static char *field(char *s) {
  if (strcmp(s, "~") == 0) return NULL;
  char *o = s;
  for (char *p = s; *p; p++) {
    if (*p == '%' && p[1] && p[2]) {
      *o++ = (char)(unhex(p[1]) * 16 + unhex(p[2]));
      p += 2;
    } else {
      *o++ = *p;
    }
  }
  *o = '\0';
  return s;
}

/* Fields are tab-separated; empty ones count. */
static int split(char *line, char **f) {
  int n = 0;
  line[strcspn(line, "\n")] = '\0';
  if (!*line) return 0;
  for (char *p = line; n < MAXF;) {
    char *tab = strchr(p, '\t');
    if (tab) *tab = '\0';
    f[n++] = field(p);
    if (!tab) break;
    p = tab + 1;
  }
  return n;
}

static int failures;

static void differ(int lineno, const char *what, const char *got, const char *want) {
  if (++failures <= 20) fprintf(stderr, "line %d: %s: got [%s] want [%s]\n", lineno, what, got, want);
}

/* Compare a call's return against "ok" or "err CODE MESSAGE". */
static void expect_rc(int lineno, int rc, char **want) {
  char got[1200];
  if (rc == 0) snprintf(got, sizeof got, "ok");
  else if (rc > 0) snprintf(got, sizeof got, "rc %d", rc);
  else snprintf(got, sizeof got, "err %s %s", cnet_err_name(rc), cnet_last_error()->message);
  char exp[1200];
  if (strcmp(want[0], "ok") == 0) snprintf(exp, sizeof exp, "ok");
  else snprintf(exp, sizeof exp, "err %s %s", want[1], want[2]);
  if (strcmp(got, exp) != 0) differ(lineno, "result", got, exp);
}

static void expect_sa(int lineno, int rc, const cnet_socketaddress_t *sa, char **want) {
  if (rc != 0 || strcmp(want[0], "ok") != 0) {
    expect_rc(lineno, rc, want);
    return;
  }
  char got[200], exp[200];
  snprintf(got, sizeof got, "%s %d %s %u", sa->address, sa->port,
           cnet_socketaddress_family_name(sa), sa->flowlabel);
  snprintf(exp, sizeof exp, "%s %s %s %s", want[1], want[2], want[3], want[4]);
  if (strcmp(got, exp) != 0) differ(lineno, "socketaddress", got, exp);
}

static cnet_socketaddress_t sa_of(const char *address) {
  cnet_socketaddress_t sa;
  cnet_socketaddress_opts o = {.address = address, .family = strchr(address, ':') ? "ipv6" : "ipv4"};
  assert_int_equal(cnet_socketaddress_init(&sa, &o), 0);
  return sa;
}

static void replay_line(char **f, int n, int lineno, cnet_blocklist_t **bl) {
  cnet_socketaddress_t sa;
  if (strcmp(f[0], "sa") == 0) {
    cnet_socketaddress_opts o = {.address = f[1], .family = f[2], .port = atoi(f[3]),
                                 .flowlabel = strtoll(f[4], NULL, 10)};
    int rc = cnet_socketaddress_init(&sa, &o);
    expect_sa(lineno, rc, &sa, f + 5);
  } else if (strcmp(f[0], "parse") == 0) {
    int rc = cnet_socketaddress_parse(&sa, f[1]);
    if (strcmp(f[2], "undef") == 0) {
      if (rc != CNET_ERR_INVALID_ADDRESS) differ(lineno, f[1], sa.address, "undefined");
    } else {
      expect_sa(lineno, rc, &sa, f + 2);
    }
  } else if (strcmp(f[0], "new") == 0) {
    cnet_blocklist_free(*bl);
    *bl = cnet_blocklist_new();
  } else if (strcmp(f[0], "address") == 0) {
    expect_rc(lineno, cnet_blocklist_add_address(*bl, f[1], f[2]), f + 3);
  } else if (strcmp(f[0], "range") == 0) {
    expect_rc(lineno, cnet_blocklist_add_range(*bl, f[1], f[2], f[3]), f + 4);
  } else if (strcmp(f[0], "subnet") == 0) {
    expect_rc(lineno, cnet_blocklist_add_subnet(*bl, f[1], atoi(f[2]), f[3]), f + 4);
  } else if (strcmp(f[0], "rangesa") == 0) {
    cnet_socketaddress_t s = sa_of(f[1]), e = sa_of(f[2]);
    expect_rc(lineno, cnet_blocklist_add_range_sa(*bl, &s, &e), f + 3);
  } else if (strcmp(f[0], "check") == 0) {
    int rc = cnet_blocklist_check(*bl, f[1], f[2]);
    if (rc != atoi(f[3])) {
      char got[16];
      snprintf(got, sizeof got, "%d", rc);
      differ(lineno, f[1], got, f[3]);
    }
  } else if (strcmp(f[0], "rules") == 0) {
    size_t count;
    const char *const *rules = cnet_blocklist_rules(*bl, &count);
    if (count != (size_t)atoi(f[1])) differ(lineno, "rule count", "", f[1]);
    for (int i = 2; i < n && (size_t)(i - 2) < count; i++)
      if (strcmp(rules[i - 2], f[i]) != 0) differ(lineno, "rule", rules[i - 2], f[i]);
  } else {
    differ(lineno, "unknown line", f[0], "");
  }
}

static void node_vectors(void **state) {
  (void)state;
  FILE *fp = fopen(CNET_TEST_DATA_DIR "/vectors/blocklist.vectors", "r");
  assert_non_null(fp);
  static char line[65536];
  char *f[MAXF];
  cnet_blocklist_t *bl = NULL;
  int lineno = 0, cases = 0;
  while (fgets(line, sizeof line, fp)) {
    int n = split(line, f);
    lineno++;
    if (n == 0) continue;
    for (int i = n; i < MAXF; i++) f[i] = "";
    replay_line(f, n, lineno, &bl);
    cases++;
  }
  fclose(fp);
  cnet_blocklist_free(bl);
  printf("replayed %d cases, %d differences\n", cases, failures);
  assert_true(cases > 10000);
  assert_int_equal(failures, 0);
}

/* ---- Node's test-blocklist.js ---- */

static cnet_socketaddress_t sa6(const char *a) {
  cnet_socketaddress_t sa;
  assert_int_equal(cnet_socketaddress_init(&sa, &(cnet_socketaddress_opts){a, "ipv6", 0, 0}), 0);
  return sa;
}

static void node_addresses(void **state) {
  (void)state;
  cnet_blocklist_t *bl = cnet_blocklist_new();
  assert_int_equal(cnet_blocklist_add_address(bl, NULL, NULL), CNET_ERR_INVALID_ARG_TYPE);
  assert_string_equal(cnet_last_error()->message,
                      "The \"address\" argument must be of type string. Received undefined");
  assert_int_equal(cnet_blocklist_add_address(bl, "1.1.1.1", "foo"), CNET_ERR_INVALID_ARG_VALUE);
  assert_int_equal(cnet_blocklist_add_range(bl, NULL, NULL, NULL), CNET_ERR_INVALID_ARG_TYPE);
  assert_int_equal(cnet_blocklist_add_range(bl, "1.1.1.1", NULL, NULL), CNET_ERR_INVALID_ARG_TYPE);
  assert_int_equal(cnet_blocklist_add_range(bl, "1.1.1.1", "1.1.1.2", "foo"),
                   CNET_ERR_INVALID_ARG_VALUE);
  cnet_socketaddress_t sa1 = sa_of("1.1.1.1"), sa3 = sa_of("1.1.1.2");
  cnet_socketaddress_t sa2 = sa6("8592:757c:efae:4e45:fb5d:d62a:0d00:8e17");
  assert_int_equal(cnet_blocklist_add_address_sa(bl, &sa1), 0);
  assert_int_equal(cnet_blocklist_add_address_sa(bl, &sa2), 0);
  assert_int_equal(cnet_blocklist_add_address(bl, "::ffff:1.1.1.2", "ipv6"), 0);
  assert_int_equal(cnet_blocklist_check(bl, "1.1.1.1", NULL), 1);
  assert_int_equal(cnet_blocklist_check_sa(bl, &sa1), 1);
  assert_int_equal(cnet_blocklist_check(bl, "1.1.1.1", "ipv6"), 0);
  assert_int_equal(cnet_blocklist_check(bl, "8592:757c:efae:4e45:fb5d:d62a:0d00:8e17", NULL), 0);
  assert_int_equal(cnet_blocklist_check(bl, "8592:757c:efae:4e45:fb5d:d62a:0d00:8e17", "ipv6"), 1);
  assert_int_equal(cnet_blocklist_check_sa(bl, &sa2), 1);
  assert_int_equal(cnet_blocklist_check(bl, "::ffff:1.1.1.1", "ipv6"), 1);
  assert_int_equal(cnet_blocklist_check(bl, "::ffff:1.1.1.1", "IPV6"), 1);
  assert_int_equal(cnet_blocklist_check(bl, "1.1.1.2", NULL), 1);
  assert_int_equal(cnet_blocklist_check_sa(bl, &sa3), 1);
  assert_int_equal(cnet_blocklist_check(bl, "1.2.3.4", NULL), 0);
  assert_int_equal(cnet_blocklist_check(bl, "::1", "ipv6"), 0);
  assert_int_equal(cnet_blocklist_check(bl, NULL, NULL), CNET_ERR_INVALID_ARG_TYPE);
  cnet_blocklist_free(bl);
}

static void node_ranges(void **state) {
  (void)state;
  for (int sa = 0; sa < 2; sa++) {
    cnet_blocklist_t *bl = cnet_blocklist_new();
    if (sa) {
      cnet_socketaddress_t a = sa_of("1.1.1.1"), b = sa_of("1.1.1.10"), c = sa6("::1"), d = sa6("::f");
      assert_int_equal(cnet_blocklist_add_range_sa(bl, &a, &b), 0);
      assert_int_equal(cnet_blocklist_add_range_sa(bl, &c, &d), 0);
    } else {
      assert_int_equal(cnet_blocklist_add_range(bl, "1.1.1.1", "1.1.1.10", NULL), 0);
      assert_int_equal(cnet_blocklist_add_range(bl, "::1", "::f", "ipv6"), 0);
    }
    char a[32];
    assert_int_equal(cnet_blocklist_check(bl, "1.1.1.0", NULL), 0);
    for (int n = 1; n <= 10; n++) {
      snprintf(a, sizeof a, "1.1.1.%d", n);
      assert_int_equal(cnet_blocklist_check(bl, a, NULL), 1);
    }
    assert_int_equal(cnet_blocklist_check(bl, "1.1.1.11", NULL), 0);
    assert_int_equal(cnet_blocklist_check(bl, "::0", "ipv6"), 0);
    for (int n = 1; n <= 15; n++) {
      snprintf(a, sizeof a, "::%x", n);
      assert_int_equal(cnet_blocklist_check(bl, a, "ipv6"), 1);
    }
    assert_int_equal(cnet_blocklist_check(bl, "::10", "ipv6"), 0);
    cnet_blocklist_free(bl);
  }
  cnet_blocklist_t *bl = cnet_blocklist_new(); /* nodejs/node#39074 */
  assert_int_equal(cnet_blocklist_add_range(bl, "10.0.0.2", "10.0.0.10", NULL), 0);
  assert_int_equal(cnet_blocklist_check(bl, "10.0.0.2", NULL), 1);
  assert_int_equal(cnet_blocklist_check(bl, "10.0.0.10", NULL), 1);
  assert_int_equal(cnet_blocklist_check(bl, "192.168.0.3", NULL), 0);
  assert_int_equal(cnet_blocklist_check(bl, "255.255.255.255", NULL), 0);
  assert_int_equal(cnet_blocklist_check(bl, "::ffff:0a00:0002", "ipv6"), 1);
  assert_int_equal(cnet_blocklist_check(bl, "::ffff:0a00:000a", "ipv6"), 1);
  assert_int_equal(cnet_blocklist_check(bl, "::ffff:c0a8:0003", "ipv6"), 0);
  assert_int_equal(cnet_blocklist_check(bl, "::ffff:ffff:ffff", "ipv6"), 0);
  assert_int_equal(cnet_blocklist_add_range(bl, "1.1.1.2", "1.1.1.1", NULL),
                   CNET_ERR_INVALID_ARG_VALUE);
  assert_string_equal(cnet_last_error()->message,
                      "The argument 'start' must come before end. Received SocketAddress { "
                      "address: '1.1.1.2', port: 0, family: 'ipv4', flowlabel: 0 }");
  cnet_blocklist_free(bl);
}

static void node_subnets(void **state) {
  (void)state;
  cnet_blocklist_t *bl = cnet_blocklist_new();
  assert_int_equal(cnet_blocklist_add_address(bl, "1.1.1.1", NULL), 0);
  assert_int_equal(cnet_blocklist_add_range(bl, "10.0.0.1", "10.0.0.10", NULL), 0);
  assert_int_equal(cnet_blocklist_add_subnet(bl, "8592:757c:efae:4e45::", 64, "IpV6"), 0);
  size_t n;
  const char *const *rules = cnet_blocklist_rules(bl, &n);
  assert_int_equal(n, 3);
  assert_string_equal(rules[0], "Subnet: IPv6 8592:757c:efae:4e45::/64");
  assert_string_equal(rules[1], "Range: IPv4 10.0.0.1-10.0.0.10");
  assert_string_equal(rules[2], "Address: IPv4 1.1.1.1");
  assert_null(rules[3]);
  assert_int_equal(cnet_blocklist_check(bl, "10.0.0.5", NULL), 1);
  assert_int_equal(cnet_blocklist_check(bl, "::ffff:10.0.0.5", "ipv6"), 1);
  assert_int_equal(cnet_blocklist_check(bl, "8592:757c:efae:4e45::f", "ipv6"), 1);
  assert_int_equal(cnet_blocklist_check(bl, "123.123.123.123", NULL), 0);
  assert_int_equal(cnet_blocklist_check(bl, "8592:757c:efaf:4e45:fb5d:d62a:0d00:8e17", "ipv6"), 0);
  assert_int_equal(cnet_blocklist_check(bl, "::ffff:123.123.123.123", "ipv6"), 0);
  /* Non-aligned prefixes. */
  assert_int_equal(cnet_blocklist_add_subnet(bl, "10.0.0.0", 27, NULL), 0);
  assert_int_equal(cnet_blocklist_add_subnet(bl, "8592:757c:efaf::", 51, "ipv6"), 0);
  assert_int_equal(cnet_blocklist_check(bl, "10.0.0.31", NULL), 1);
  assert_int_equal(cnet_blocklist_check(bl, "10.0.0.32", NULL), 0);
  assert_int_equal(cnet_blocklist_check(bl, "8592:757c:efaf:1fff:ffff:ffff:ffff:ffff", "ipv6"), 1);
  assert_int_equal(cnet_blocklist_check(bl, "8592:757c:efaf:2fff:ffff:ffff:ffff:ffff", "ipv6"), 0);
  assert_int_equal(cnet_blocklist_add_subnet(bl, "1.1.1.1", -1, "ipv4"), CNET_ERR_OUT_OF_RANGE);
  assert_int_equal(cnet_blocklist_add_subnet(bl, "1.1.1.1", 33, "ipv4"), CNET_ERR_OUT_OF_RANGE);
  assert_string_equal(cnet_last_error()->message, "The value of \"prefix\" is out of range. It "
                                                  "must be >= 0 && <= 32. Received 33");
  assert_int_equal(cnet_blocklist_add_subnet(bl, "::", 129, "ipv6"), CNET_ERR_OUT_OF_RANGE);
  assert_int_equal(cnet_blocklist_add_subnet(bl, "", 1, ""), CNET_ERR_INVALID_ARG_VALUE);
  assert_int_equal(cnet_blocklist_add_subnet(bl, NULL, 1, NULL), CNET_ERR_INVALID_ARG_TYPE);
  assert_int_equal(cnet_blocklist_add_subnet_sa(bl, NULL, 1), CNET_ERR_INVALID_ARG_TYPE);
  cnet_blocklist_rules(bl, &n);
  assert_int_equal(n, 5);
  cnet_blocklist_free(bl);
}

/* ---- cnet's own ---- */

static void is_blocklist_and_sockaddr(void **state) {
  (void)state;
  cnet_blocklist_t *bl = cnet_blocklist_new();
  uint64_t other[8] = {0};
  assert_true(cnet_blocklist_is_blocklist(bl));
  assert_false(cnet_blocklist_is_blocklist(other));
  assert_false(cnet_blocklist_is_blocklist(NULL));
  size_t n = 1;
  assert_null(cnet_blocklist_rules(bl, &n)[0]);
  assert_int_equal(n, 0);
  assert_int_equal(cnet_blocklist_add_subnet(bl, "10.0.0.0", 8, NULL), 0);
  assert_int_equal(cnet_blocklist_add_address(bl, "2001:db8::1", "ipv6"), 0);
  struct sockaddr_in in = {.sin_family = AF_INET};
  struct sockaddr_in6 in6 = {.sin6_family = AF_INET6};
  uv_ip4_addr("10.9.8.7", 80, &in);
  assert_int_equal(cnet__blocklist_check_sockaddr(bl, (struct sockaddr *)&in), 1);
  uv_ip4_addr("11.9.8.7", 80, &in);
  assert_int_equal(cnet__blocklist_check_sockaddr(bl, (struct sockaddr *)&in), 0);
  uv_ip6_addr("::ffff:10.1.1.1", 80, &in6);
  assert_int_equal(cnet__blocklist_check_sockaddr(bl, (struct sockaddr *)&in6), 1);
  uv_ip6_addr("2001:db8::1", 80, &in6);
  assert_int_equal(cnet__blocklist_check_sockaddr(bl, (struct sockaddr *)&in6), 1);
  in6.sin6_family = AF_UNIX;
  assert_int_equal(cnet__blocklist_check_sockaddr(bl, (struct sockaddr *)&in6), 0);
  cnet_socketaddress_t junk;
  memset(&junk, 'x', sizeof junk);
  assert_int_equal(cnet_blocklist_check_sa(bl, &junk), CNET_ERR_INVALID_ADDRESS);
  assert_int_equal(cnet_blocklist_check(NULL, "1.2.3.4", NULL), UV_EINVAL);
  cnet_blocklist_free(bl);
}

/* Past TABLE_MIN intervals the sliced table is used: every edge of every
 * interval must answer as a plain scan does. */
static void index_edges(void **state) {
  (void)state;
  cnet_blocklist_t *bl = cnet_blocklist_new();
  char a[64], b[64];
  for (unsigned i = 0; i < 500; i++) {
    unsigned lo = i * 0x00831234u, hi = lo + (i % 7) * 0x10001u;
    snprintf(a, sizeof a, "%u.%u.%u.%u", lo >> 24, lo >> 16 & 255, lo >> 8 & 255, lo & 255);
    snprintf(b, sizeof b, "%u.%u.%u.%u", hi >> 24, hi >> 16 & 255, hi >> 8 & 255, hi & 255);
    assert_int_equal(cnet_blocklist_add_range(bl, a, b, NULL), 0);
  }
  for (unsigned i = 0; i < 500; i++) {
    unsigned lo = i * 0x00831234u, hi = lo + (i % 7) * 0x10001u;
    unsigned probe[4] = {lo - 1, lo, hi, hi + 1};
    for (int k = 0; k < 4; k++) {
      unsigned p = probe[k];
      int want = 0;
      for (unsigned j = 0; j < 500; j++) {
        unsigned l = j * 0x00831234u, h = l + (j % 7) * 0x10001u;
        if (p >= l && p <= h) want = 1;
      }
      snprintf(a, sizeof a, "%u.%u.%u.%u", p >> 24, p >> 16 & 255, p >> 8 & 255, p & 255);
      assert_int_equal(cnet_blocklist_check(bl, a, NULL), want);
    }
  }
  assert_int_equal(cnet_blocklist_add_subnet(bl, "::", 0, "ipv6"), 0);
  assert_int_equal(cnet_blocklist_check(bl, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ipv6"), 1);
  assert_int_equal(cnet_blocklist_add_subnet(bl, "0.0.0.0", 0, NULL), 0);
  assert_int_equal(cnet_blocklist_check(bl, "255.255.255.255", NULL), 1);
  cnet_blocklist_free(bl);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(node_addresses),
    cmocka_unit_test(node_ranges),
    cmocka_unit_test(node_subnets),
    cmocka_unit_test(is_blocklist_and_sockaddr),
    cmocka_unit_test(index_edges),
    cmocka_unit_test(node_vectors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
