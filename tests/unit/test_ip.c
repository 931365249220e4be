/* net.isIP, net.isIPv4, net.isIPv6 against Node's answers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnet.h"

/* The vectors are thousands of lines; far fewer means the file was not read. */
#define MIN_VECTORS 5000

static void readable_cases(void **state) {
  (void)state;
  assert_int_equal(cnet_is_ip("127.0.0.1"), 4);
  assert_int_equal(cnet_is_ip("255.255.255.255"), 4);
  assert_int_equal(cnet_is_ip("256.0.0.1"), 0);
  assert_int_equal(cnet_is_ip("01.2.3.4"), 0);   /* no leading zeros */
  assert_int_equal(cnet_is_ip("1.2.3"), 0);
  assert_int_equal(cnet_is_ip("1.2.3.4 "), 0);
  assert_int_equal(cnet_is_ip("::"), 6);
  assert_int_equal(cnet_is_ip("::1"), 6);
  assert_int_equal(cnet_is_ip("1::"), 6);
  assert_int_equal(cnet_is_ip("1:2:3:4:5:6:7:8"), 6);
  assert_int_equal(cnet_is_ip("1:2:3:4:5:6:7::"), 6);
  assert_int_equal(cnet_is_ip("1:2:3:4:5:6:7:8::"), 0); /* "::" is at least one group */
  assert_int_equal(cnet_is_ip("1::2::3"), 0);
  assert_int_equal(cnet_is_ip(":1"), 0);
  assert_int_equal(cnet_is_ip("12345::"), 0);
  assert_int_equal(cnet_is_ip("::ffff:1.2.3.4"), 6);
  assert_int_equal(cnet_is_ip("1:2:3:4:5:6:1.2.3.4"), 6);
  assert_int_equal(cnet_is_ip("1:2:3:4:5:6::1.2.3.4"), 0);
  assert_int_equal(cnet_is_ip("::1.2.3.4:1"), 0);
  assert_int_equal(cnet_is_ip("::ffff:01.2.3.4"), 0);
  assert_int_equal(cnet_is_ip("fe80::1%eth0"), 6);
  assert_int_equal(cnet_is_ip("fe80::1%a-b.c:d"), 6);
  assert_int_equal(cnet_is_ip("fe80::1%"), 0);
  assert_int_equal(cnet_is_ip("fe80::1%a_b"), 0);
  assert_int_equal(cnet_is_ip("1.2.3.4%eth0"), 0); /* zones are IPv6 only */
  assert_int_equal(cnet_is_ip("[::1]"), 0);
  assert_int_equal(cnet_is_ip("localhost"), 0);
  assert_int_equal(cnet_is_ip(""), 0);
  assert_int_equal(cnet_is_ip("::\xc3\xa9"), 0);
}

static void null_is_nothing(void **state) {
  (void)state;
  assert_int_equal(cnet_is_ip(NULL), 0);
  assert_false(cnet_is_ipv4(NULL));
  assert_false(cnet_is_ipv6(NULL));
}

static void v4_and_v6_predicates(void **state) {
  (void)state;
  assert_true(cnet_is_ipv4("10.0.0.1"));
  assert_false(cnet_is_ipv6("10.0.0.1"));
  assert_true(cnet_is_ipv6("::ffff:10.0.0.1"));
  assert_false(cnet_is_ipv4("::ffff:10.0.0.1"));
  assert_false(cnet_is_ipv4("fe80::1%eth0"));
  assert_true(cnet_is_ipv6("fe80::1%eth0"));
}

/* An input of exactly the given bytes in its own allocation, so that ASan and
 * valgrind see any read past the NUL. */
static void long_inputs_are_answered(void **state) {
  (void)state;
  size_t n = 1 << 20;
  char *s = malloc(n + 1);
  assert_non_null(s);
  memset(s, '1', n);
  s[n] = '\0';
  assert_int_equal(cnet_is_ip(s), 0);
  memcpy(s, "::1%", 4); /* a zone a megabyte long is still a zone */
  assert_int_equal(cnet_is_ip(s), 6);
  for (size_t i = 0; i < n; i += 2)
    memcpy(s + i, "1:", 2);
  assert_int_equal(cnet_is_ip(s), 0);
  free(s);
}

static int hex_digit(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/* Decodes the hex in place into a NUL-terminated string; false if malformed. */
static bool unhex(char *hex, size_t len) {
  if (len % 2 != 0) return false;
  for (size_t i = 0; i < len; i += 2) {
    int hi = hex_digit(hex[i]), lo = hex_digit(hex[i + 1]);
    if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) return false;
    hex[i / 2] = (char)(hi << 4 | lo);
  }
  hex[len / 2] = '\0';
  return true;
}

static void node_vectors(void **state) {
  (void)state;
  const char *path = CNET_TEST_DATA_DIR "/vectors/isip.txt";
  FILE *f = fopen(path, "r");
  if (f == NULL) fail_msg("cannot open %s", path);

  char *line = NULL;
  size_t cap = 0, lineno = 0, cases = 0, diffs = 0;
  ssize_t len;
  while ((len = getline(&line, &cap, f)) != -1) {
    lineno++;
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == ' ')) line[--len] = '\0';
    if (len < 1 || !strchr("046", line[0]) || (len > 1 && line[1] != ' '))
      fail_msg("%s:%zu: malformed line", path, lineno);
    int want = line[0] - '0';
    char *input = len > 1 ? line + 2 : line + 1;
    if (!unhex(input, strlen(input))) fail_msg("%s:%zu: malformed hex", path, lineno);

    int got = cnet_is_ip(input);
    bool v4 = cnet_is_ipv4(input), v6 = cnet_is_ipv6(input);
    if (got != want || v4 != (want == 4) || v6 != (want == 6)) {
      if (diffs++ < 20)
        print_error("%s:%zu: \"%.80s\": Node %d, cnet %d (v4 %d, v6 %d)\n", path, lineno,
                    input, want, got, v4, v6);
    }
    cases++;
  }
  free(line);
  fclose(f);
  print_message("%zu vectors, %zu differences\n", cases, diffs);
  assert_int_equal(diffs, 0);
  assert_true(cases >= MIN_VECTORS);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(readable_cases),
    cmocka_unit_test(null_is_nothing),
    cmocka_unit_test(v4_and_v6_predicates),
    cmocka_unit_test(long_inputs_are_answered),
    cmocka_unit_test(node_vectors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
