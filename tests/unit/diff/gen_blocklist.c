/* BlockList operations: twin of tests/vectors/diff/blocklist_ops.js, which
 * says what the operations are. */
#include <string.h>

#include "gen.h"

static const uint32_t LIST_SIZES[] = {0, 1, 2, 3, 5, 8, 13, 20, 50, 100, 300, 1000, 3000};
static const uint32_t V4_EDGES[] = {0, 0xffffffff, 0x7f000001, 0x0a000000, 0x0affffff, 0x80000000,
  0x7fffffff, 0xc0a800ff, 0x01010101};
static const uint16_t V6_EDGES[][8] = {{0, 0, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0, 0, 1},
  {0, 0, 0, 0, 0, 0xfffe, 0xffff, 0xffff}, {0, 0, 0, 0, 1, 0, 0, 0},
  {0, 0, 0, 0, 0, 0xffff, 0, 0}, {0, 0, 0, 0, 0, 0xffff, 0xffff, 0xffff},
  {0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff},
  {0, 0, 0, 0, 1, 0xffff, 0, 0}, {0x64, 0xff9b, 0, 0, 0, 0, 0x0a00, 1},
  {0x8000, 0, 0, 0, 0, 0, 0, 0}};
static const char *const BAD_ADDRESSES[] = {"", "x", "1.2.3", "01.2.3.4", "1.2.3.4.5", "::g",
  "1::2::3", "256.1.1.1", " 1.2.3.4", "fe80::1%", "localhost", "1.2.3.4 ", "[::1]", "0x7f.1",
  "127.1", "::ffff:256.0.0.1", "1:2:3:4:5:6:7:8:9", "::ffff:1.2.3", "\u00e9", "12345::",
  "1.2.3.4%eth0", "::1 "};
static const char *const BAD_FAMILIES[] = {"ipv5", "", "ipv4 ", "IPv", "ipv66", "x", "6", "4",
  "\u0130pv4", "\u0131pv6", "ipv\u0664"};
static const char *const ZONES[] = {"eth0", "lo", "1", "x-y.z"};
static const int BAD_PREFIXES[] = {-1, 33, 129, 1000, -1000, 2147483647, -2147483647 - 1};
static const int LOW_PREFIXES[] = {0, 1, 31, 32};
static const int HIGH_PREFIXES[] = {95, 96, 97, 127, 128, 0, 64, 80};
static const uint16_t NEAR_MAPPED[] = {0, 0xffff, 0xfffe, 1};

/* ---- addresses as numbers ---- */

static uint32_t v4of(const gen_addr *a) {
  return (uint32_t)a->g[6] << 16 | a->g[7];
}

static gen_addr from_v4(uint32_t v) {
  gen_addr a = {{0, 0, 0, 0, 0, 0, (uint16_t)(v >> 16), (uint16_t)v}, 4};
  return a;
}

static bool is_mapped(const gen_addr *a) {
  return !a->g[0] && !a->g[1] && !a->g[2] && !a->g[3] && !a->g[4] && a->g[5] == 0xffff;
}

static uint32_t value_v4(drng *r) {
  uint32_t x;
  switch (rng_int(r, 7)) {
  case 0: x = rng_int(r, 4); return 0x0a000000u | x << 8 | rng_int(r, 256);
  case 1: x = rng_int(r, 3); return 0x0a000000u | x << 16 | rng_int(r, 65536);
  case 2: x = rng_int(r, 2); return 0xc0a80000u | x << 8 | rng_int(r, 256);
  case 3: return rng_u32(r);
  case 4: return PICK(r, V4_EDGES);
  case 5: return 0x7f000000u | rng_int(r, 4);
  default: x = rng_int(r, 256); return x << 24 | rng_int(r, 4);
  }
}

static gen_addr value_v6(drng *r) {
  gen_addr a = {{0}, 6};
  switch (rng_int(r, 8)) {
  case 0:
    a = from_v4(value_v4(r));
    a.g[5] = 0xffff;
    a.fam = 6;
    break;
  case 1:
    a.g[0] = 0x2001, a.g[1] = 0xdb8;
    a.g[6] = (uint16_t)rng_int(r, 3);
    a.g[7] = (uint16_t)rng_int(r, 65536);
    break;
  case 2:
    a.g[0] = 0x2001, a.g[1] = 0xdb8;
    a.g[2] = (uint16_t)rng_int(r, 2);
    a.g[7] = (uint16_t)rng_int(r, 65536);
    break;
  case 3:
    a.g[7] = (uint16_t)(rng_int(r, 3) ? rng_int(r, 16) : rng_int(r, 65536));
    break;
  case 4: memcpy(a.g, V6_EDGES[rng_int(r, COUNTOF(V6_EDGES))], sizeof a.g); break;
  case 5:
    for (int i = 0; i < 8; i++) a.g[i] = (uint16_t)rng_int(r, 65536);
    break;
  case 6:
    a.g[5] = PICK(r, NEAR_MAPPED);
    a.g[6] = (uint16_t)rng_int(r, 65536);
    a.g[7] = (uint16_t)rng_int(r, 65536);
    break;
  default:
    a.g[0] = 0xfe80;
    a.g[7] = (uint16_t)rng_int(r, 65536);
    break;
  }
  return a;
}

static gen_addr value(drng *r, int fam) {
  return fam == 4 ? from_v4(value_v4(r)) : value_v6(r);
}

static int fam_of(drng *r) {
  return rng_int(r, 2) ? 4 : 6;
}

/* ---- addresses as text ---- */

static void dotted(dbuf *t, uint32_t v) {
  db_printf(t, "%u.%u.%u.%u", v >> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255);
}

static void hex_groups(dbuf *t, const uint16_t *g, int from, int to, const char *fmt) {
  for (int i = from; i < to; i++) {
    if (i > from) db_putc(t, ':');
    db_printf(t, fmt, g[i]);
  }
}

/* The first longest run of two or more zero groups written as "::". */
static void compressed(dbuf *t, const uint16_t *g) {
  int best = -1, best_len = 1;
  for (int i = 0; i < 8;) {
    if (g[i] != 0) {
      i++;
      continue;
    }
    int j = i;
    while (j < 8 && g[j] == 0) j++;
    if (j - i > best_len) best = i, best_len = j - i;
    i = j;
  }
  if (best < 0) {
    hex_groups(t, g, 0, 8, "%x");
    return;
  }
  hex_groups(t, g, 0, best, "%x");
  db_puts(t, "::");
  hex_groups(t, g, best + best_len, 8, "%x");
}

static void write_v6(drng *r, dbuf *t, const gen_addr *a) {
  const uint16_t *g = a->g;
  switch (rng_int(r, 6)) {
  case 0: hex_groups(t, g, 0, 8, "%x"); break;
  case 1: hex_groups(t, g, 0, 8, "%X"); break;
  case 2: compressed(t, g); break;
  case 3: hex_groups(t, g, 0, 8, "%04x"); break;
  case 4: /* the last two groups as a dotted quad */
    if (g[0] || g[1] || g[2] || g[3] || g[4]) {
      hex_groups(t, g, 0, 6, "%x");
      db_putc(t, ':');
    } else if (g[5]) {
      db_printf(t, "::%x:", g[5]);
    } else {
      db_puts(t, "::");
    }
    dotted(t, v4of(a));
    break;
  default:
    compressed(t, g);
    db_putc(t, '%');
    db_puts(t, PICK(r, ZONES));
    break;
  }
}

static void write_addr(drng *r, dbuf *t, const gen_addr *a) {
  if (a->fam == 4) dotted(t, v4of(a));
  else write_v6(r, t, a);
}

static void family_arg(drng *r, dbuf *t, int fam) {
  db_putc(t, '|');
  switch (rng_int(r, 16)) {
  case 0: db_puts(t, "~"); break;
  case 1: db_puts(t, PICK(r, BAD_FAMILIES)); break;
  case 2: db_puts(t, fam == 4 ? "IPV4" : "IPV6"); break;
  case 3: db_puts(t, fam == 4 ? "IPv4" : "IPv6"); break;
  case 4: db_puts(t, fam == 4 ? "ipv6" : "ipv4"); break;
  default: db_puts(t, fam == 4 ? "ipv4" : "ipv6"); break;
  }
}

static void address_arg(drng *r, dbuf *t, const gen_addr *a) {
  db_putc(t, '|');
  switch (rng_int(r, 24)) {
  case 0: db_puts(t, "~"); break;
  case 1: db_puts(t, PICK(r, BAD_ADDRESSES)); break;
  default: write_addr(r, t, a); break;
  }
}

/* a + d on the low 32 bits, clamped. */
static gen_addr plus(const gen_addr *a, int64_t d) {
  gen_addr b = *a;
  int64_t low = (int64_t)v4of(a) + d;
  if (low < 0) low = 0;
  if (low > 0xffffffff) low = 0xffffffff;
  b.g[6] = (uint16_t)(low >> 16);
  b.g[7] = (uint16_t)low;
  return b;
}

static void range_ends(drng *r, int fam, gen_addr ends[2]) {
  gen_addr s = value(r, fam);
  int64_t d;
  switch (rng_int(r, 4)) {
  case 0: d = 0; break;
  case 1: d = rng_int(r, 16); break;
  case 2: d = rng_int(r, 65536); break;
  default: d = rng_u32(r); break;
  }
  gen_addr e = plus(&s, d);
  if (fam == 6 && rng_int(r, 4) == 0) {
    uint32_t g5 = e.g[5] + 1 + rng_int(r, 2);
    e.g[5] = (uint16_t)(g5 > 0xffff ? 0xffff : g5);
  }
  bool swap = rng_int(r, 5) == 0;
  ends[0] = swap ? e : s;
  ends[1] = swap ? s : e;
}

static void prefix_arg(drng *r, dbuf *t, int fam) {
  int p;
  switch (rng_int(r, 12)) {
  case 0: p = PICK(r, BAD_PREFIXES); break;
  case 1: p = PICK(r, LOW_PREFIXES); break;
  case 2: p = PICK(r, HIGH_PREFIXES); break;
  default: p = (int)rng_int(r, fam == 4 ? 33 : 129); break;
  }
  db_printf(t, "|%d", p);
}

/* ---- operations ---- */

static void remember(gen_list_state *st, const gen_addr *a) {
  if (st->nrecent == COUNTOF(st->recent)) {
    memmove(st->recent, st->recent + 1, sizeof st->recent - sizeof st->recent[0]);
    st->nrecent--;
  }
  st->recent[st->nrecent++] = *a;
}

static void rule_op(drng *r, gen_list_state *st, dbuf *t) {
  int fam = fam_of(r);
  uint32_t k = rng_int(r, 12);
  if (k < 3) {
    gen_addr a = value(r, fam);
    remember(st, &a);
    db_puts(t, "address");
    address_arg(r, t, &a);
    family_arg(r, t, fam);
  } else if (k < 6) {
    gen_addr e[2];
    range_ends(r, fam, e);
    remember(st, &e[0]);
    remember(st, &e[1]);
    db_puts(t, "range");
    address_arg(r, t, &e[0]);
    address_arg(r, t, &e[1]);
    family_arg(r, t, fam);
  } else if (k < 9) {
    gen_addr a = value(r, fam);
    remember(st, &a);
    db_puts(t, "subnet");
    address_arg(r, t, &a);
    prefix_arg(r, t, fam);
    family_arg(r, t, fam);
  } else if (k == 9) { /* ends of either family: the cross-family comparisons */
    gen_addr s = value(r, fam), e;
    if (rng_int(r, 2)) e = value(r, fam_of(r));
    else e = plus(&s, rng_int(r, 65536));
    remember(st, &s);
    remember(st, &e);
    db_puts(t, "rangesa|");
    write_addr(r, t, &s);
    db_putc(t, '|');
    write_addr(r, t, &e);
  } else {
    gen_addr a = value(r, fam);
    remember(st, &a);
    db_puts(t, k == 10 ? "addresssa|" : "subnetsa|");
    write_addr(r, t, &a);
    if (k != 10) prefix_arg(r, t, fam);
  }
}

static void check_op(drng *r, gen_list_state *st, dbuf *t) {
  uint32_t k = rng_int(r, 20);
  gen_addr a;
  if (k == 0) {
    db_puts(t, "check|");
    db_puts(t, PICK(r, BAD_ADDRESSES));
    family_arg(r, t, fam_of(r));
    return;
  }
  if (k == 1) {
    db_puts(t, "checksa|");
    a = value(r, fam_of(r));
    write_addr(r, t, &a);
    return;
  }
  if (k < 10 && st->nrecent > 0) {
    gen_addr near = st->recent[rng_int(r, (uint32_t)st->nrecent)];
    a = plus(&near, (int64_t)rng_int(r, 3) - 1);
  } else {
    a = value(r, fam_of(r));
  }
  /* The other family's form: IPv4 as ::ffff:a.b.c.d, a mapped IPv6 as IPv4. */
  if (rng_int(r, 4) == 0) {
    if (a.fam == 4) {
      a.g[5] = 0xffff;
      a.fam = 6;
    } else if (is_mapped(&a)) {
      a = from_v4(v4of(&a));
    }
  }
  db_puts(t, "check|");
  write_addr(r, t, &a);
  family_arg(r, t, a.fam);
}

void gen_blocklist(drng *r, void *list_state, dbuf *in) {
  gen_list_state *st = list_state;
  db_clear(in);
  if (st->phase == 0) {
    uint32_t n = PICK(r, LIST_SIZES);
    st->rules_left = n;
    st->small = n <= 20;
    st->between = 0;
    st->nrecent = 0;
    st->phase = 1;
    db_puts(in, "new");
  } else if (st->phase == 1 && st->between > 0) {
    st->between--;
    check_op(r, st, in);
  } else if (st->phase == 1 && st->rules_left > 0) {
    st->rules_left--;
    if (st->small) st->between = 3;
    rule_op(r, st, in);
  } else if (st->phase == 1) {
    st->phase = 2;
    st->checks_left = 50 + rng_int(r, 500);
    check_op(r, st, in);
  } else if (st->checks_left > 0) {
    st->checks_left--;
    check_op(r, st, in);
  } else {
    st->phase = 0;
    db_puts(in, "rules");
  }
}
