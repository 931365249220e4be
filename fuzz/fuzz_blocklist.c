/* libFuzzer: BlockList adds and checks from arbitrary bytes, each check's
 * answer compared with Node's own algorithm (node_sockaddr.cc: every rule
 * in turn, with its cross-family compare and prefix rules) run naively
 * here over the rules, so a fault in the interval index shows. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "blocklist.h"
#include "socketaddress.h"

typedef struct {
  int family; /* 4 or 6 */
  unsigned char b[16];
} addr;

typedef struct {
  char kind; /* 'a' address, 'r' range, 's' subnet */
  addr x, y;
  int prefix;
} rule;

static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

static int sign(int v) { return v < 0 ? -1 : v > 0; }
static bool is_mapped(const addr *a) { return a->family == 6 && !memcmp(a->b, mapped, 12); }
static const unsigned char *low32(const addr *a) { return a->family == 4 ? a->b : a->b + 12; }

/* Node's SocketAddress::compare: -2 when it cannot order them. */
static int compare(const addr *x, const addr *y) {
  if (x->family == y->family) return sign(memcmp(x->b, y->b, x->family == 4 ? 4 : 16));
  const addr *v6 = x->family == 6 ? x : y;
  if (!is_mapped(v6)) return -2;
  return sign(memcmp(low32(x), low32(y), 4));
}

static bool prefix_match(const unsigned char *a, const unsigned char *b, int bits) {
  for (int i = 0; i < bits; i++)
    if (((a[i / 8] >> (7 - i % 8)) ^ (b[i / 8] >> (7 - i % 8))) & 1) return false;
  return true;
}

static bool in_network(const addr *x, const addr *n, int prefix) {
  if (x->family == n->family) return prefix_match(x->b, n->b, prefix);
  if (x->family == 4) { /* n is IPv6: compare x's mapped form */
    unsigned char m[16];
    memcpy(m, mapped, 12);
    memcpy(m + 12, x->b, 4);
    return prefix_match(m, n->b, prefix);
  }
  return is_mapped(x) && prefix_match(x->b + 12, n->b, prefix);
}

static bool applies(const rule *r, const addr *x) {
  switch (r->kind) {
    case 'a': return compare(&r->x, x) == 0;
    case 'r': {
      int lo = compare(x, &r->x), hi = compare(x, &r->y);
      return lo >= 0 && (hi == -1 || hi == 0);
    }
    default: return in_network(x, &r->x, r->prefix);
  }
}

/* An address from the input: raw bytes made text, or the bytes as text. */
static size_t take_addr(const uint8_t *d, size_t n, addr *a, char *text) {
  a->family = n > 0 && (d[0] & 1) ? 6 : 4;
  size_t len = a->family == 4 ? 4 : 16;
  memset(a->b, 0, sizeof a->b);
  if (a->family == 6 && n > 1 && (d[0] & 2)) memcpy(a->b, mapped, 12), len = 4; /* often mapped */
  size_t got = n > 1 ? (n - 1 < len ? n - 1 : len) : 0;
  memcpy(a->b + (a->family == 6 && len == 4 ? 12 : 0), d + 1, got);
  uv_inet_ntop(a->family == 4 ? AF_INET : AF_INET6, a->b, text, CNET_ADDRSTRLEN);
  return n > 0 ? 1 + got : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  cnet_blocklist_t *bl = cnet_blocklist_new();
  rule rules[512];
  size_t nrules = 0, i = 0;
  while (i < size) {
    uint8_t op = data[i++];
    rule r = {.kind = "ars"[op % 3]};
    char t1[CNET_ADDRSTRLEN], t2[CNET_ADDRSTRLEN];
    i += take_addr(data + i, size - i, &r.x, t1);
    const char *fam = r.x.family == 4 ? "ipv4" : "ipv6";
    if (op & 0x80) { /* a check */
      int got = cnet_blocklist_check(bl, t1, fam), want = 0;
      for (size_t k = 0; k < nrules; k++) want |= applies(&rules[k], &r.x);
      if (got != want) abort();
      continue;
    }
    int rc;
    if (r.kind == 'a') {
      rc = cnet_blocklist_add_address(bl, t1, fam);
    } else if (r.kind == 'r') {
      i += take_addr(data + i, size - i, &r.y, t2);
      cnet_socketaddress_t s, e;
      cnet_socketaddress_init(&s, &(cnet_socketaddress_opts){.address = t1, .family = fam});
      cnet_socketaddress_init(&e, &(cnet_socketaddress_opts){
                                      .address = t2, .family = r.y.family == 4 ? "ipv4" : "ipv6"});
      rc = cnet_blocklist_add_range_sa(bl, &s, &e);
      if ((rc == 0) != (compare(&r.x, &r.y) != 1)) abort(); /* Node refuses start > end */
    } else {
      r.prefix = i < size ? data[i++] % (r.x.family == 4 ? 34 : 130) : 0;
      rc = cnet_blocklist_add_subnet(bl, t1, r.prefix, fam);
    }
    if (rc == 0 && nrules < 512) rules[nrules++] = r;
    if (rc == 0 && nrules == 512) break;
  }
  /* Free-form text as well: must not crash, and garbage is never blocked. */
  char *s = malloc(size + 1);
  memcpy(s, data, size);
  s[size] = '\0';
  cnet_blocklist_add_address(bl, s, size % 2 ? "ipv6" : "ipv4");
  cnet_blocklist_add_range(bl, s, s, "ipv6");
  cnet_blocklist_check(bl, s, s);
  size_t count;
  cnet_blocklist_rules(bl, &count);
  free(s);
  cnet_blocklist_free(bl);
  return 0;
}
