/* net.BlockList.
 *
 * Node keeps a list of rules and tries each in turn. Here every rule is also
 * turned into the addresses it blocks, as intervals, once for checks of IPv4
 * addresses and once for checks of IPv6 ones: Node's rules can answer the
 * two differently (a range from ::1 to ::ffff:10.0.0.1 blocks the IPv6
 * ::ffff:10.0.0.0 but not the IPv4 10.0.0.0, since Node cannot compare an
 * IPv4 address with ::1). The union of the intervals, sorted and merged, is
 * the index; it is rebuilt on the first check after a change. A lookup reads
 * a 65536-entry table on the 16 bits after those all intervals share, which
 * bounds a binary search to the few intervals of that slice, so a check
 * costs about the same with 10 rules as with millions (bench/RESULTS.md).
 * The rule strings are kept apart for `rules`. */
#include "blocklist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

#include "alloc.h"
#include "error.h"
#include "socketaddress.h"

#define BLOCKLIST_MAGIC 0x426c4c73u /* "BlLs"; zeroed by free */
#define TABLE_MIN 64                /* fewer intervals: search them all */
#define SLICES 65536                /* the table indexes 16 bits */

typedef struct {
  uint64_t hi, lo;
} u128;

typedef struct {
  uint32_t lo, hi;
} span4;

typedef struct {
  u128 lo, hi;
} span6;

typedef struct {
  void *v;         /* span4 or span6 */
  size_t n, cap;   /* raw intervals, in the order the rules came */
  size_t nmerged;  /* after build: v[0..nmerged) sorted and disjoint */
  void *block;     /* the index: one allocation holding the three below */
  const void *iv;  /* a copy of the merged intervals */
  uint64_t *keys;  /* IPv6: the top 64 bits of each start and end, in pairs,
                      so a lookup seldom reads the intervals themselves */
  uint32_t *table; /* SLICES + 1 entries, or NULL for short lists */
  uint64_t base;   /* the table slices the 16 bits after the `common` */
  int common;      /* leading bits every interval shares (at most 48) */
} spans;

struct cnet_blocklist_s {
  uint32_t magic;
  bool dirty;           /* rules changed since the index was built */
  char **rules;         /* oldest first */
  size_t nrules, cap;
  const char **listing; /* newest first, made when asked for */
  spans s4, s6;         /* what IPv4 checks and IPv6 checks see */
};

/* ---- 128-bit helpers ---- */

static const u128 MAPPED_LO = {0, 0xFFFF00000000u}; /* ::ffff:0.0.0.0 */
static const u128 MAPPED_HI = {0, 0xFFFFFFFFFFFFu}; /* ::ffff:255.255.255.255 */

static int cmp128(u128 a, u128 b) {
  if (a.hi != b.hi) return a.hi < b.hi ? -1 : 1;
  return a.lo < b.lo ? -1 : a.lo > b.lo;
}

static u128 load128(const unsigned char *b) {
  u128 v = {0, 0};
  for (int i = 0; i < 8; i++) v.hi = v.hi << 8 | b[i], v.lo = v.lo << 8 | b[8 + i];
  return v;
}

static uint32_t load32(const unsigned char *b) {
  return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static u128 map4(uint32_t a) { return (u128){0, MAPPED_LO.lo | a}; }
static bool is_mapped(u128 v) { return v.hi == 0 && v.lo >> 32 == 0xFFFF; }
static uint32_t mask32(int prefix) { return prefix == 0 ? 0 : UINT32_MAX << (32 - prefix); }

static u128 mask128(int prefix) {
  u128 m = {prefix >= 64 ? UINT64_MAX : prefix == 0 ? 0 : UINT64_MAX << (64 - prefix),
            prefix <= 64 ? 0 : prefix == 128 ? UINT64_MAX : UINT64_MAX << (128 - prefix)};
  return m;
}

/* An address of either family; v6 is the IPv4-mapped form for IPv4. */
typedef struct {
  int family; /* 4 or 6 */
  uint32_t v4;
  u128 v6;
  char text[CNET_ADDRSTRLEN];
} addr_t;

static int addr_from_sa(const cnet_socketaddress_t *sa, addr_t *a) {
  unsigned char b[16];
  int af = cnet__socketaddress_bytes(sa, b);
  if (af < 0) return af;
  a->family = af == AF_INET ? 4 : 6;
  a->v4 = af == AF_INET ? load32(b) : load32(b + 12);
  a->v6 = af == AF_INET ? map4(a->v4) : load128(b);
  uv_inet_ntop(af, b, a->text, sizeof a->text);
  return 0;
}

/* Where Node can order the two: not an IPv4 address against an IPv6 one
 * that is not IPv4-mapped. */
static bool comparable(const addr_t *a, const addr_t *b) {
  if (a->family == b->family) return true;
  return is_mapped(a->family == 6 ? a->v6 : b->v6);
}

/* A mapped IPv6 address counts as IPv4 where Node compares it with one. */
static bool v4ish(const addr_t *a) { return a->family == 4 || is_mapped(a->v6); }

/* ---- raw intervals ---- */

static void *grow(spans *s, size_t elem) {
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 16;
    s->v = cnet__realloc(s->v, s->cap * elem);
  }
  return (char *)s->v + s->n++ * elem;
}

static void add4(cnet_blocklist_t *bl, uint32_t lo, uint32_t hi) {
  if (lo > hi) return;
  *(span4 *)grow(&bl->s4, sizeof(span4)) = (span4){lo, hi};
}

static void add6(cnet_blocklist_t *bl, u128 lo, u128 hi) {
  if (cmp128(lo, hi) > 0) return;
  *(span6 *)grow(&bl->s6, sizeof(span6)) = (span6){lo, hi};
}

static void add_rule_text(cnet_blocklist_t *bl, const char *text) {
  if (bl->nrules == bl->cap) {
    bl->cap = bl->cap ? bl->cap * 2 : 16;
    bl->rules = cnet__realloc(bl->rules, bl->cap * sizeof *bl->rules);
  }
  bl->rules[bl->nrules++] = cnet__strdup(text);
  free(bl->listing);
  bl->listing = NULL;
  bl->dirty = true;
}

/* ---- the index ---- */

static int span4_cmp(const void *a, const void *b) {
  uint32_t x = ((const span4 *)a)->lo, y = ((const span4 *)b)->lo;
  return x < y ? -1 : x > y;
}

static int span6_cmp(const void *a, const void *b) {
  return cmp128(((const span6 *)a)->lo, ((const span6 *)b)->lo);
}

static u128 inc128(u128 v) {
  v.lo++;
  if (v.lo == 0) v.hi++;
  return v;
}

static size_t merge4(span4 *v, size_t n) {
  size_t k = 0;
  if (n == 0) return 0; /* v may be NULL */
  qsort(v, n, sizeof *v, span4_cmp);
  for (size_t i = 0; i < n; i++) {
    if (k > 0 && (v[k - 1].hi == UINT32_MAX || v[i].lo <= v[k - 1].hi + 1)) {
      if (v[i].hi > v[k - 1].hi) v[k - 1].hi = v[i].hi;
    } else {
      v[k++] = v[i];
    }
  }
  return k;
}

static size_t merge6(span6 *v, size_t n) {
  static const u128 top = {UINT64_MAX, UINT64_MAX};
  size_t k = 0;
  if (n == 0) return 0;
  qsort(v, n, sizeof *v, span6_cmp);
  for (size_t i = 0; i < n; i++) {
    if (k > 0 && (cmp128(v[k - 1].hi, top) == 0 || cmp128(v[i].lo, inc128(v[k - 1].hi)) <= 0)) {
      if (cmp128(v[i].hi, v[k - 1].hi) > 0) v[k - 1].hi = v[i].hi;
    } else {
      v[k++] = v[i];
    }
  }
  return k;
}

/* A 64-bit key orders addresses as their top bits do: an IPv4 address in
 * the top half, an IPv6 address's top 64 bits. */
static uint64_t key4(uint32_t a) { return (uint64_t)a << 32; }
static uint64_t hi_key(const spans *s, size_t i, int family) {
  return family == 4 ? key4(((const span4 *)s->v)[i].hi) : ((const span6 *)s->v)[i].hi.hi;
}
static uint64_t lo_key(const spans *s, size_t i, int family) {
  return family == 4 ? key4(((const span4 *)s->v)[i].lo) : ((const span6 *)s->v)[i].lo.hi;
}

/* Lists cluster (IPv6 ones in 2000::/3): slicing the bits after what all
 * intervals share spreads them over the table. */
static uint32_t slice_of(const spans *s, uint64_t key) { return (uint32_t)((key << s->common) >> 48); }

/* table[x] = the first interval that ends in slice x or later; the interval
 * holding an address of slice x is then in table[x] .. table[x + 1]. */
static void fill_table(spans *s, int family) {
  uint64_t diff = lo_key(s, 0, family) ^ hi_key(s, s->nmerged - 1, family);
  s->base = lo_key(s, 0, family);
  for (s->common = 0; s->common < 48 && !(diff >> (63 - s->common) & 1); s->common++) continue;
  size_t j = 0;
  for (uint32_t x = 0; x <= SLICES; x++) {
    while (j < s->nmerged && slice_of(s, hi_key(s, j, family)) < x) j++;
    s->table[x] = (uint32_t)j;
  }
}

/* A big index is read at random, a few lines a check: on 2 MB pages those
 * reads skip most TLB misses, which cost a page walk each (a long one under
 * virtualisation). Only a hint, and only where the system has it. */
static void *index_alloc(size_t size, void **block) {
  const uintptr_t huge = (uintptr_t)2 << 20;
  if (size < huge) return *block = cnet__malloc(size);
  *block = cnet__malloc(size + huge);
  char *p = (char *)(((uintptr_t)*block + huge - 1) & ~(huge - 1));
#ifdef MADV_HUGEPAGE
  madvise(p, size & ~(size_t)(huge - 1), MADV_HUGEPAGE);
#endif
  return p;
}

static void build_spans(spans *s, int family) {
  size_t elem = family == 4 ? sizeof(span4) : sizeof(span6);
  size_t nkeys = family == 6 ? 2 * s->nmerged : 0, ntable = s->nmerged >= TABLE_MIN ? SLICES + 1 : 0;
  free(s->block);
  char *p = index_alloc(s->nmerged * elem + nkeys * 8 + ntable * 4 + 1, &s->block);
  if (s->nmerged) memcpy(p, s->v, s->nmerged * elem);
  s->iv = p;
  s->keys = (uint64_t *)(p + s->nmerged * elem);
  for (size_t i = 0; i < nkeys / 2; i++) {
    s->keys[2 * i] = ((const span6 *)s->v)[i].lo.hi;
    s->keys[2 * i + 1] = ((const span6 *)s->v)[i].hi.hi;
  }
  s->table = ntable ? (uint32_t *)(s->keys + nkeys) : NULL;
  if (ntable) fill_table(s, family);
}

/* The merge reorders the raw intervals in place: they are only ever read
 * as a set, so the merged ones stand for them from then on. */
static void build_index(cnet_blocklist_t *bl) {
  bl->s4.n = bl->s4.nmerged = merge4(bl->s4.v, bl->s4.n);
  bl->s6.n = bl->s6.nmerged = merge6(bl->s6.v, bl->s6.n);
  build_spans(&bl->s4, 4);
  build_spans(&bl->s6, 6);
  bl->dirty = false;
}

/* The index is a cache of the rules: building it does not change what the
 * list answers, so a const list may build it. */
static void ensure_index(const cnet_blocklist_t *bl) {
  if (bl->dirty) build_index((cnet_blocklist_t *)bl);
}

/* The intervals that can hold key: [*first, *last). None when key lies
 * outside the bits all intervals share. */
static bool candidates(const spans *s, uint64_t key, size_t *first, size_t *last) {
  *first = 0;
  *last = s->nmerged;
  if (!s->table) return true;
  if (s->common > 0 && (key ^ s->base) >> (64 - s->common) != 0) return false;
  uint32_t x = slice_of(s, key);
  *first = s->table[x];
  *last = s->table[x + 1] + 1;
  if (*last > s->nmerged) *last = s->nmerged;
  return true;
}

static bool lookup4(const spans *s, uint32_t a) {
  const span4 *v = s->iv;
  size_t lo, hi; /* find the last interval in [lo, hi) that starts <= a */
  if (!candidates(s, key4(a), &lo, &hi) || lo >= hi || v[lo].lo > a) return false;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (v[mid].lo <= a) lo = mid;
    else hi = mid;
  }
  return a <= v[lo].hi;
}

/* Interval i starts at or before a; keys first, to touch few cache lines. */
static bool starts_by(const spans *s, size_t i, u128 a) {
  uint64_t k = s->keys[2 * i];
  return k < a.hi || (k == a.hi && ((const span6 *)s->iv)[i].lo.lo <= a.lo);
}

static bool ends_after(const spans *s, size_t i, u128 a) {
  uint64_t k = s->keys[2 * i + 1];
  return k > a.hi || (k == a.hi && ((const span6 *)s->iv)[i].hi.lo >= a.lo);
}

static bool lookup6(const spans *s, u128 a) {
  size_t lo, hi;
  if (!candidates(s, a.hi, &lo, &hi) || lo >= hi || !starts_by(s, lo, a)) return false;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (starts_by(s, mid, a)) lo = mid;
    else hi = mid;
  }
  return ends_after(s, lo, a);
}

static int check_addr(const cnet_blocklist_t *bl, const addr_t *a) {
  ensure_index(bl);
  return a->family == 4 ? lookup4(&bl->s4, a->v4) : lookup6(&bl->s6, a->v6);
}

/* ---- rules: what each blocks for IPv4 checks and for IPv6 checks ---- */

static void rule_address(cnet_blocklist_t *bl, const addr_t *a) {
  char text[CNET_ADDRSTRLEN + 32];
  snprintf(text, sizeof text, "Address: IPv%d %s", a->family, a->text);
  add_rule_text(bl, text);
  if (v4ish(a)) add4(bl, a->v4, a->v4);
  add6(bl, a->v6, a->v6);
}

/* Node's range test is start <= x && x <= end with its cross-family
 * comparisons: an IPv4 end point only compares with IPv4 or mapped checks. */
static void rule_range(cnet_blocklist_t *bl, const addr_t *s, const addr_t *e) {
  char text[2 * CNET_ADDRSTRLEN + 32];
  snprintf(text, sizeof text, "Range: IPv%d %s-%s", s->family, s->text, e->text);
  add_rule_text(bl, text);
  if (v4ish(s) && v4ish(e)) add4(bl, s->v4, e->v4);
  u128 lo = s->v6, hi = e->v6;
  if (s->family != e->family) { /* one end IPv4: only mapped checks compare */
    if (cmp128(lo, MAPPED_LO) < 0) lo = MAPPED_LO;
    if (cmp128(hi, MAPPED_HI) > 0) hi = MAPPED_HI;
  }
  add6(bl, lo, hi);
}

static void rule_subnet(cnet_blocklist_t *bl, const addr_t *n, int prefix) {
  char text[CNET_ADDRSTRLEN + 40];
  snprintf(text, sizeof text, "Subnet: IPv%d %s/%d", n->family, n->text, prefix);
  add_rule_text(bl, text);
  if (n->family == 4) {
    uint32_t m = mask32(prefix);
    add4(bl, n->v4 & m, n->v4 | ~m);
    add6(bl, map4(n->v4 & m), map4(n->v4 | ~m));
    return;
  }
  u128 m = mask128(prefix);
  add6(bl, (u128){n->v6.hi & m.hi, n->v6.lo & m.lo}, (u128){n->v6.hi | ~m.hi, n->v6.lo | ~m.lo});
  /* IPv4 checks: the part of the subnet that is ::ffff:0:0/96. */
  u128 pm = mask128(prefix < 96 ? prefix : 96);
  if ((n->v6.hi & pm.hi) != (MAPPED_LO.hi & pm.hi) || (n->v6.lo & pm.lo) != (MAPPED_LO.lo & pm.lo))
    return;
  uint32_t m4 = mask32(prefix > 96 ? prefix - 96 : 0);
  add4(bl, n->v4 & m4, n->v4 | ~m4);
}

/* ---- the API ---- */

cnet_blocklist_t *cnet_blocklist_new(void) {
  cnet_blocklist_t *bl = cnet__calloc(1, sizeof *bl);
  bl->magic = BLOCKLIST_MAGIC;
  return bl;
}

void cnet_blocklist_free(cnet_blocklist_t *bl) {
  if (!bl) return;
  for (size_t i = 0; i < bl->nrules; i++) free(bl->rules[i]);
  free(bl->rules);
  free(bl->listing);
  free(bl->s4.v);
  free(bl->s4.block);
  free(bl->s6.v);
  free(bl->s6.block);
  bl->magic = 0;
  free(bl);
}

bool cnet_blocklist_is_blocklist(const void *p) {
  uint32_t magic;
  if (!p) return false;
  memcpy(&magic, p, sizeof magic); /* magic is the first member */
  return magic == BLOCKLIST_MAGIC;
}

static int throw_not_string(const char *name) {
  return cnet__throw(CNET_ERR_INVALID_ARG_TYPE,
                     "The \"%s\" argument must be of type string. Received undefined", name);
}

/* new SocketAddress({address, family}) as the string forms make it. */
static int addr_from_string(const char *name, const char *text, const char *family, addr_t *a) {
  cnet_socketaddress_t sa;
  if (!text) return throw_not_string(name);
  int rc = cnet_socketaddress_init(&sa, &(cnet_socketaddress_opts){.address = text,
                                                                   .family = family});
  return rc < 0 ? rc : addr_from_sa(&sa, a);
}

static int addr_from_sa_arg(const char *name, const cnet_socketaddress_t *sa, addr_t *a) {
  return sa ? addr_from_sa(sa, a) : throw_not_string(name);
}

int cnet_blocklist_add_address(cnet_blocklist_t *bl, const char *address, const char *family) {
  addr_t a;
  if (!bl) return UV_EINVAL;
  int rc = addr_from_string("address", address, family, &a);
  if (rc == 0) rule_address(bl, &a);
  return rc;
}

int cnet_blocklist_add_address_sa(cnet_blocklist_t *bl, const cnet_socketaddress_t *address) {
  addr_t a;
  if (!bl) return UV_EINVAL;
  int rc = addr_from_sa_arg("address", address, &a);
  if (rc == 0) rule_address(bl, &a);
  return rc;
}

static int add_range(cnet_blocklist_t *bl, const addr_t *s, const addr_t *e,
                     const cnet_socketaddress_t *start) {
  if (comparable(s, e) && cmp128(s->v6, e->v6) > 0) {
    char shown[256];
    cnet__socketaddress_inspect(start, shown, sizeof shown);
    return cnet__throw(CNET_ERR_INVALID_ARG_VALUE,
                       "The argument 'start' must come before end. Received %s", shown);
  }
  rule_range(bl, s, e);
  return 0;
}

int cnet_blocklist_add_range(cnet_blocklist_t *bl, const char *start, const char *end,
                             const char *family) {
  addr_t s, e;
  cnet_socketaddress_t shown;
  int rc;
  if (!bl) return UV_EINVAL;
  if ((rc = addr_from_string("start", start, family, &s)) < 0) return rc;
  if ((rc = addr_from_string("end", end, family, &e)) < 0) return rc;
  cnet_socketaddress_init(&shown, &(cnet_socketaddress_opts){.address = start, .family = family});
  return add_range(bl, &s, &e, &shown);
}

int cnet_blocklist_add_range_sa(cnet_blocklist_t *bl, const cnet_socketaddress_t *start,
                                const cnet_socketaddress_t *end) {
  addr_t s, e;
  int rc;
  if (!bl) return UV_EINVAL;
  if ((rc = addr_from_sa_arg("start", start, &s)) < 0) return rc;
  if ((rc = addr_from_sa_arg("end", end, &e)) < 0) return rc;
  return add_range(bl, &s, &e, start);
}

static int add_subnet(cnet_blocklist_t *bl, const addr_t *n, int prefix) {
  int max = n->family == 4 ? 32 : 128;
  if (prefix < 0 || prefix > max)
    return cnet__throw(CNET_ERR_OUT_OF_RANGE,
                       "The value of \"prefix\" is out of range. It must be >= 0 && <= %d. "
                       "Received %d", max, prefix);
  rule_subnet(bl, n, prefix);
  return 0;
}

int cnet_blocklist_add_subnet(cnet_blocklist_t *bl, const char *net, int prefix,
                              const char *family) {
  addr_t n;
  if (!bl) return UV_EINVAL;
  int rc = addr_from_string("network", net, family, &n);
  return rc < 0 ? rc : add_subnet(bl, &n, prefix);
}

int cnet_blocklist_add_subnet_sa(cnet_blocklist_t *bl, const cnet_socketaddress_t *net,
                                 int prefix) {
  addr_t n;
  if (!bl) return UV_EINVAL;
  int rc = addr_from_sa_arg("network", net, &n);
  return rc < 0 ? rc : add_subnet(bl, &n, prefix);
}

/* Node answers false, not an error, for an address or family it cannot
 * read. Parsing here skips the SocketAddress text a check does not need. */
int cnet_blocklist_check(const cnet_blocklist_t *bl, const char *address, const char *family) {
  struct sockaddr_storage ss;
  cnet_socketaddress_t sa;
  if (!bl) return UV_EINVAL;
  if (!address) return throw_not_string("address");
  if (family && strcmp(family, "ipv4") != 0 && strcmp(family, "ipv6") != 0) {
    if (cnet_socketaddress_init(&sa, &(cnet_socketaddress_opts){.address = address,
                                                                .family = family}) < 0)
      return 0;
    return cnet_blocklist_check_sa(bl, &sa);
  }
  int rc = family && family[3] == '6' ? uv_ip6_addr(address, 0, (struct sockaddr_in6 *)&ss)
                                      : uv_ip4_addr(address, 0, (struct sockaddr_in *)&ss);
  return rc == 0 ? cnet__blocklist_check_sockaddr(bl, (struct sockaddr *)&ss) : 0;
}

int cnet_blocklist_check_sa(const cnet_blocklist_t *bl, const cnet_socketaddress_t *address) {
  addr_t a;
  if (!bl) return UV_EINVAL;
  int rc = addr_from_sa_arg("address", address, &a);
  return rc < 0 ? rc : check_addr(bl, &a);
}

int cnet__blocklist_check_sockaddr(const cnet_blocklist_t *bl, const struct sockaddr *addr) {
  ensure_index(bl);
  if (addr->sa_family == AF_INET)
    return lookup4(&bl->s4, ntohl(((const struct sockaddr_in *)addr)->sin_addr.s_addr));
  if (addr->sa_family == AF_INET6)
    return lookup6(&bl->s6, load128(((const struct sockaddr_in6 *)addr)->sin6_addr.s6_addr));
  return 0;
}

const char *const *cnet_blocklist_rules(const cnet_blocklist_t *bl, size_t *count) {
  static const char *const none[1] = {NULL};
  if (count) *count = bl ? bl->nrules : 0;
  if (!bl || bl->nrules == 0) return none;
  if (!bl->listing) { /* a cache, like the index */
    cnet_blocklist_t *w = (cnet_blocklist_t *)bl;
    w->listing = cnet__malloc((bl->nrules + 1) * sizeof *w->listing);
    for (size_t i = 0; i < bl->nrules; i++) w->listing[i] = bl->rules[bl->nrules - 1 - i];
    w->listing[bl->nrules] = NULL;
  }
  return bl->listing;
}

int cnet__check_block_list_option(const cnet_blocklist_t *p) {
  if (!p || cnet_blocklist_is_blocklist(p)) return 0;
  return cnet__throw(CNET_ERR_INVALID_ARG_TYPE,
                     "The \"options.blockList\" property must be an instance of net.BlockList.");
}
