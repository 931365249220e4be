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

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(node_vectors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
