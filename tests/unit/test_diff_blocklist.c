/* net.BlockList against Node v23.5.0: a million generated operations (new
 * lists of up to 3000 rules; addAddress, addRange, addSubnet with strings
 * and SocketAddress values, bad input included; checks at the edges of the
 * rules, across the IPv4-mapped IPv6 form; `rules`). A slice by default,
 * CNET_LONG=1 for all: see diff/check.h and tests/vectors/diff/gen_diff.js. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "cnet.h"
#include "diff/check.h"

typedef struct {
  cnet_blocklist_t *list;
} list_answers;

static int sa_of(const char *text, cnet_socketaddress_t *sa) {
  cnet_socketaddress_opts o = {.address = text, .family = strchr(text, ':') ? "ipv6" : "ipv4"};
  return cnet_socketaddress_init(sa, &o);
}

static int apply(char **f, cnet_blocklist_t *bl, dbuf *out) {
  cnet_socketaddress_t a, b;
  int rc;
  if (strcmp(f[0], "address") == 0) return cnet_blocklist_add_address(bl, f[1], f[2]);
  if (strcmp(f[0], "range") == 0) return cnet_blocklist_add_range(bl, f[1], f[2], f[3]);
  if (strcmp(f[0], "subnet") == 0)
    return cnet_blocklist_add_subnet(bl, f[1], (int)strtol(f[2], NULL, 10), f[3]);
  if (strcmp(f[0], "check") == 0) return cnet_blocklist_check(bl, f[1], f[2]);
  if ((rc = sa_of(f[1], &a)) < 0) return rc;
  if (strcmp(f[0], "addresssa") == 0) return cnet_blocklist_add_address_sa(bl, &a);
  if (strcmp(f[0], "subnetsa") == 0)
    return cnet_blocklist_add_subnet_sa(bl, &a, (int)strtol(f[2], NULL, 10));
  if (strcmp(f[0], "checksa") == 0) return cnet_blocklist_check_sa(bl, &a);
  if (strcmp(f[0], "rangesa") == 0 && (rc = sa_of(f[2], &b)) < 0) return rc;
  if (strcmp(f[0], "rangesa") == 0) return cnet_blocklist_add_range_sa(bl, &a, &b);
  db_puts(out, "unknown operation ");
  return 0;
}

/* The operation's fields, '|' between them, "~" alone for undefined; the
 * answer "ok", "1" or "0" for a check, "err CODE message", or the rules. */
static void answer_blocklist(const dbuf *in, void *arg, dbuf *out) {
  list_answers *st = arg;
  char *ops = strdup((const char *)in->p), *f[5] = {0}, *p = ops;
  for (int n = 0; n < 5 && p; n++) {
    f[n] = strsep(&p, "|");
    if (strcmp(f[n], "~") == 0) f[n] = NULL;
  }
  if (strcmp(f[0], "new") == 0) {
    cnet_blocklist_free(st->list);
    st->list = cnet_blocklist_new();
    db_puts(out, "ok");
  } else if (strcmp(f[0], "rules") == 0) {
    size_t n;
    const char *const *rules = cnet_blocklist_rules(st->list, &n);
    db_printf(out, "%zu", n);
    for (size_t i = 0; i < n; i++) db_putc(out, '\n'), db_puts(out, rules[i]);
  } else {
    int rc = apply(f, st->list, out);
    if (rc < 0) {
      db_printf(out, "err %s ", cnet_last_error()->code);
      db_puts(out, cnet_last_error()->message);
    } else if (strncmp(f[0], "check", 5) == 0) {
      db_printf(out, "%d", rc);
    } else {
      db_puts(out, rc == 0 ? "ok" : "?");
    }
  }
  free(ops);
}

static void reset(void *gen_arg, void *answer_arg) {
  list_answers *st = answer_arg;
  memset(gen_arg, 0, sizeof(gen_list_state));
  cnet_blocklist_free(st->list);
  st->list = NULL;
}

static gen_list_state list_state;
static list_answers answers;

static const diff_category categories[] = {
  {.name = "blocklist", .gen = gen_blocklist, .answer = answer_blocklist,
   .gen_arg = &list_state, .answer_arg = &answers, .reset = reset},
};

static void blocklist(void **state) {
  (void)state;
  diff_check(&categories[0]);
}

int main(int argc, char **argv) {
  int rc = diff_show_main(argc, argv, categories, COUNTOF(categories));
  if (rc >= 0) return rc;
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(blocklist),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
