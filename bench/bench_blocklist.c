/* cnet_blocklist_check() with 10 rules and with 1,000,000 rules, over the
 * same random IPv4 and IPv6 addresses. Node tries every rule in turn; the
 * interval index should keep the big list within 2x of the small one.
 * Usage: bench_blocklist [checks]   (default 2,000,000) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "blocklist.h"

#define NADDR (1u << 20)

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint64_t next(void) { /* xorshift64*: the same lists every run */
  rng ^= rng >> 12, rng ^= rng << 25, rng ^= rng >> 27;
  return rng * 0x2545F4914F6CDD1Du;
}

/* A random address; with span, also the end of a short range from it. */
static void random_text(int family, char *out, char *span) {
  unsigned char b[16];
  uint64_t x = next(), y = next();
  int af = family == 4 ? AF_INET : AF_INET6, last = family == 4 ? 3 : 15;
  memcpy(b, &x, 8), memcpy(b + 8, &y, 8);
  if (family == 6) b[0] = 0x20 | (b[0] & 0x0F); /* global unicast, as real lists */
  uv_inet_ntop(af, b, out, CNET_ADDRSTRLEN);
  if (!span) return;
  b[last - 1] = 0xFF, b[last] = 0xFF; /* up to 65536 addresses */
  uv_inet_ntop(af, b, span, CNET_ADDRSTRLEN);
}

/* Addresses, short ranges and subnets, half of each family. */
static cnet_blocklist_t *make_list(size_t n) {
  cnet_blocklist_t *bl = cnet_blocklist_new();
  char a[CNET_ADDRSTRLEN], b[CNET_ADDRSTRLEN];
  for (size_t i = 0; i < n; i++) {
    int family = i % 2 ? 6 : 4;
    const char *fam = family == 4 ? "ipv4" : "ipv6";
    random_text(family, a, b);
    switch (next() % 3) {
      case 0: cnet_blocklist_add_address(bl, a, fam); break;
      case 1: cnet_blocklist_add_range(bl, a, b, fam); break;
      default:
        cnet_blocklist_add_subnet(bl, a, family == 4 ? 20 + (int)(next() % 13)
                                                     : 48 + (int)(next() % 81), fam);
    }
  }
  return bl;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

typedef struct {
  char text[CNET_ADDRSTRLEN];
  const char *family;
} query;

static double ns_per_check(cnet_blocklist_t *bl, const query *q, size_t checks, long *hits) {
  cnet_blocklist_check(bl, q[0].text, q[0].family); /* builds the index */
  double t0 = now();
  *hits = 0;
  for (size_t i = 0; i < checks; i++) *hits += cnet_blocklist_check(bl, q[i % NADDR].text, q[i % NADDR].family);
  return (now() - t0) * 1e9 / (double)checks;
}

int main(int argc, char **argv) {
  size_t checks = argc > 1 ? strtoul(argv[1], NULL, 10) : 2000000;
  query *q = malloc(NADDR * sizeof *q);
  for (size_t i = 0; i < NADDR; i++) {
    q[i].family = i % 2 ? "ipv6" : "ipv4";
    random_text(i % 2 ? 6 : 4, q[i].text, NULL);
  }
  cnet_blocklist_t *small = make_list(10), *big = make_list(1000000);
  long hs, hb;
  double ts = ns_per_check(small, q, checks, &hs);
  double tb = ns_per_check(big, q, checks, &hb);
  printf("BlockList.check, %zu checks over %u random addresses (half IPv4, half IPv6)\n", checks,
         NADDR);
  printf("  10 rules:        %6.1f ns/check (%ld blocked)\n", ts, hs);
  printf("  1,000,000 rules: %6.1f ns/check (%ld blocked)\n", tb, hb);
  printf("  ratio:           %6.2f (must be <= 2)\n", tb / ts);
  cnet_blocklist_free(small);
  cnet_blocklist_free(big);
  free(q);
  return tb / ts <= 2.0 ? 0 : 1;
}
