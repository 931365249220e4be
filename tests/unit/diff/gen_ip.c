/* isIP and SocketAddress.parse inputs: twins of the "isIP" and
 * "SocketAddress.parse" parts of tests/vectors/diff/gen_diff.js. */
#include <string.h>

#include "gen.h"

/* ---- isIP ---- */

static const char HEX[] = "0123456789abcdefABCDEF";
static const char *const OCTET_EDGES[] = {"0", "1", "9", "10", "99", "100", "199", "200",
  "249", "250", "255", "256", "260", "299", "300", "999", "00", "01", "010", "0255", "1000",
  "-1", "+1", "", "0x1", "1e1"};
static const char *const GROUP_EDGES[] = {"0", "00", "000", "0000", "ffff", "FFFF", "fFfF",
  "00000", "12345", "fffff", "g", "", "0x1", " 1"};
static const char ZONE_CHARS[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-.:";
static const char *const ZONE_BAD[] = {"%", "_", " ", "/", "\u00e9", "\U0001F600", "\x7f", "[",
  "]", "\n", "~"};
static const char *const IP_NOISE[] = {"0", "1", "9", "a", "f", "F", "g", "G", "x", ":", ":",
  ".", ".", "%", "-", " ", "\t", "\n", "/", "[", "]", "_", "+", "::", "0x", "\u00e9", "\u20ac",
  "\u00a0", "\uff11", "\U0001F600", "\x7f", "\x01", "ffff", "::ffff:", ".0", "%eth0", "\u0661",
  "\u3002"};
static const char *const IP_EDGES[] = {"", " ", ".", ":", "::", ":::", "%", "::%", "::%a",
  "0.0.0.0", "255.255.255.255", "::1", "1::", "::ffff:1.2.3.4", "1:2:3:4:5:6:7:8",
  "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8",
  "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6::1.2.3.4", "::1.2.3.4:1", "fe80::1%eth0", "fe80::1%",
  "localhost", "[::1]", "::ffff:0:0", "1::2::3", "0:0:0:0:0:0:0:0", "00000::",
  "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", "\uff11.2.3.4"};
static const char *const V6_QUAD_PREFIXES[] = {"::ffff:", "::FFFF:", "0:0:0:0:0:ffff:", "::",
  "::ffff:0:", "64:ff9b::"};
static const char *const MAPPED_PREFIXES[] = {"::ffff:", "::", "fe80::", "1::"};

static void octet(drng *r, dbuf *t) {
  if (rng_int(r, 6) == 0) {
    db_puts(t, PICK(r, OCTET_EDGES));
    return;
  }
  db_printf(t, "%u", rng_int(r, 256));
}

void gen_dotted_quad(drng *r, dbuf *t) {
  static const int counts[] = {3, 5};
  int n = 4;
  if (rng_int(r, 12) == 0) n = PICK(r, counts);
  for (int i = 0; i < n; i++) {
    if (i > 0) db_putc(t, '.');
    octet(r, t);
  }
}

static void hex_group(drng *r, dbuf *t) {
  if (rng_int(r, 10) == 0) {
    db_puts(t, PICK(r, GROUP_EDGES));
    return;
  }
  for (uint32_t n = 1 + rng_int(r, 4); n > 0; n--) db_putc(t, (uint8_t)rng_char(r, HEX));
}

/* groups(r, n).join(':') */
static void groups(drng *r, dbuf *t, int n) {
  for (int i = 0; i < n; i++) {
    if (i > 0) db_putc(t, ':');
    hex_group(r, t);
  }
}

static void zone(drng *r, dbuf *t) {
  uint32_t n = 0;
  db_putc(t, '%');
  if (rng_int(r, 8) != 0) n = 1 + rng_int(r, 8);
  for (uint32_t i = 0; i < n; i++) {
    if (rng_int(r, 16) == 0) db_puts(t, PICK(r, ZONE_BAD));
    else db_putc(t, (uint8_t)rng_char(r, ZONE_CHARS));
  }
}

void gen_text_v6(drng *r, dbuf *t) {
  static const int off_by_one[] = {-1, 1};
  bool quad = rng_int(r, 4) == 0;
  int total = quad ? 6 : 8;
  if (rng_int(r, 10) == 0) total += PICK(r, off_by_one);
  uint32_t shape = rng_int(r, 8);
  if (shape == 0) {
    groups(r, t, total);
    if (quad) {
      db_putc(t, ':');
      gen_dotted_quad(r, t);
    }
  } else if (shape == 1) {
    db_puts(t, PICK(r, V6_QUAD_PREFIXES));
    gen_dotted_quad(r, t);
  } else {
    int zeros = (int)rng_int(r, (uint32_t)total + 1);
    int head = (int)rng_int(r, (uint32_t)(total - zeros + 1));
    int tail = total - zeros - head;
    groups(r, t, head);
    db_puts(t, "::");
    groups(r, t, tail);
    if (quad) {
      if (tail > 0) db_putc(t, ':');
      gen_dotted_quad(r, t);
    }
  }
  if (rng_int(r, 5) == 0) zone(r, t);
}

void gen_random_text(drng *r, dbuf *t, const char *alphabet, uint32_t max) {
  for (uint32_t n = rng_int(r, max); n > 0; n--) db_putc(t, (uint8_t)rng_char(r, alphabet));
}

static void repeat(dbuf *t, const char *s, uint32_t n) {
  while (n-- > 0) db_puts(t, s);
}

static void long_ip(drng *r, dbuf *t) {
  uint32_t n = 1 + rng_int(r, 600);
  switch (rng_int(r, 6)) {
  case 0: repeat(t, "1:", n), db_puts(t, "1"); break;
  case 1: db_puts(t, "::"), repeat(t, "1", n); break;
  case 2: repeat(t, "1.", n), db_puts(t, "1"); break;
  case 3: db_puts(t, "::1%"), repeat(t, "a", n); break;
  case 4: repeat(t, "0", n), db_puts(t, ".1.1.1"); break;
  default: gen_text_v6(r, t), db_puts(t, "%"), repeat(t, "z", n); break;
  }
}

void gen_isip(drng *r, void *unused, dbuf *in) {
  (void)unused;
  db_clear(in);
  uint32_t k = rng_int(r, 20);
  if (k < 6) {
    gen_text_v6(r, in);
  } else if (k < 9) {
    gen_dotted_quad(r, in);
  } else if (k < 14) {
    if (rng_int(r, 2)) gen_text_v6(r, in);
    else gen_dotted_quad(r, in);
    text_mutate(r, in, IP_NOISE, COUNTOF(IP_NOISE));
  } else if (k < 16) {
    gen_random_text(r, in, "0123456789abcdefABCDEFgx.:%[]", 16);
  } else if (k == 16) {
    db_puts(in, PICK(r, IP_EDGES));
  } else if (k == 17) {
    long_ip(r, in);
  } else if (k == 18) {
    if (rng_int(r, 2)) {
      db_putc(in, '[');
      gen_text_v6(r, in);
      db_putc(in, ']');
    } else {
      gen_dotted_quad(r, in);
      db_printf(in, ":%u", rng_int(r, 70000));
    }
  } else {
    db_puts(in, PICK(r, MAPPED_PREFIXES));
    gen_dotted_quad(r, in);
    text_mutate(r, in, IP_NOISE, COUNTOF(IP_NOISE));
  }
}

/* ---- SocketAddress.parse ---- */

static const uint64_t URL_V4_EDGES[] = {0, 255, 256, 65535, 65536, 16777215, 16777216, 4294967295};
static const char *const PORT_EDGES[] = {":80", ":0", ":65535", ":65536", ":080", ":0080", ":+1",
  ": 1", ":1a", ":99999999999", ":-1", ":00000000000000000001"};
static const char *const URL_PREFIXES[] = {"user@", "a:b@", "@", "//", "\\\\", "/", " ", "\t",
  "http://", "\x01", "a@b@", "[", ":@"};
static const char *const URL_SUFFIXES[] = {"/", "/path", "?q=1", "#frag", "\\x", " ", "\n", "\t",
  "\x7f", "@", ":", ".", "%", "%2"};
static const char *const URL_NOISE[] = {"0", "1", "9", "x", "X", "f", ".", ".", ":", "[", "]", "@",
  "/", "\\", "?", "#", "%", "%2e", "%31", " ", "\t", "\x01", "\u3002", "\uff0e", "\uff11",
  "\u00ad", "\u200b", "\ufe0f", "\u00e9", "a", "%zz", "%00"};
static const char *const FULLWIDTH_DOTS[] = {"\u3002", "\uff0e", "\uff61", "%2e", "%2E"};
static const char *const IGNORED[] = {"\u00ad", "\u200b", "\ufe0f", "\u180b", "\u034f", "\u2060",
  "\ufeff"};
static const char *const NEWLINES[] = {"\t", "\n", "\r"};

static void url_part(drng *r, dbuf *t) {
  uint64_t v;
  switch (rng_int(r, 6)) {
  case 0: v = rng_int(r, 256); break;
  case 1: v = rng_int(r, 65536); break;
  case 2: v = (uint64_t)rng_int(r, 1 << 20) * 16, v += rng_int(r, 16); break;
  case 3: v = rng_u32(r); break;
  case 4: v = PICK(r, URL_V4_EDGES); break;
  default: v = 4294967296u + rng_int(r, 1000); break;
  }
  unsigned long long u = v;
  switch (rng_int(r, 8)) {
  case 0: db_printf(t, "0%llo", u); break;
  case 1: db_printf(t, "0x%llx", u); break;
  case 2: db_printf(t, "0X%llX", u); break;
  case 3:
    if (rng_int(r, 4) == 0) break;
    db_printf(t, "%llu", u);
    break;
  default: db_printf(t, "%llu", u); break;
  }
}

static void url_v4(drng *r, dbuf *t) {
  for (uint32_t i = 0, n = 1 + rng_int(r, 5); i < n; i++) {
    if (i > 0) db_putc(t, '.');
    url_part(r, t);
  }
  if (rng_int(r, 8) == 0) db_putc(t, '.');
}

static void unicode_v4(drng *r, dbuf *t) {
  dbuf a = {0};
  db_clear(&a);
  if (rng_int(r, 2)) gen_dotted_quad(r, &a);
  else url_v4(r, &a);
  for (size_t i = 0; i < a.n; i++) { /* ASCII: a character a byte */
    uint8_t c = a.p[i];
    bool digit = c >= '0' && c <= '9';
    uint32_t k = rng_int(r, 8);
    if (k == 0 && digit) {
      db_put_cp(t, 0xFF10 + (c - '0'));
    } else if (k == 1 && c == '.') {
      db_puts(t, PICK(r, FULLWIDTH_DOTS));
    } else if (k == 2 && digit) {
      db_puts(t, "%3");
      db_putc(t, c);
    } else if (k == 3) {
      db_puts(t, PICK(r, IGNORED));
      db_putc(t, c);
    } else {
      db_putc(t, c);
    }
  }
  db_free(&a);
}

void gen_parse(drng *r, void *unused, dbuf *in) {
  (void)unused;
  db_clear(in);
  uint32_t k = rng_int(r, 10);
  if (k < 4) {
    url_v4(r, in);
  } else if (k < 7) {
    db_putc(in, '[');
    gen_text_v6(r, in);
    db_putc(in, ']');
  } else if (k == 7) {
    gen_text_v6(r, in);
  } else if (k == 8) {
    unicode_v4(r, in);
  } else {
    gen_random_text(r, in, "0123456789.:[]xXabcdefABCDEF%@/\\?# ", 14);
  }
  switch (rng_int(r, 8)) {
  case 0: case 1: break;
  case 2: db_puts(in, ":"); break;
  case 3: db_printf(in, ":%u", rng_int(r, 70000)); break;
  case 4: db_puts(in, PICK(r, PORT_EDGES)); break;
  case 5: db_printf(in, ":%u", rng_int(r, 100)); break;
  case 6: db_printf(in, ":%u", rng_int(r, 65536)); break;
  default: db_puts(in, ":443"); break;
  }
  if (rng_int(r, 8) == 0) {
    const char *p = PICK(r, URL_PREFIXES);
    db_insert(in, 0, p, strlen(p));
  }
  if (rng_int(r, 8) == 0) db_puts(in, PICK(r, URL_SUFFIXES));
  if (rng_int(r, 16) == 0) {
    size_t at = text_offset(in, rng_int(r, (uint32_t)text_chars(in) + 1));
    db_insert(in, at, PICK(r, NEWLINES), 1);
  }
  if (rng_int(r, 6) == 0) text_mutate(r, in, URL_NOISE, COUNTOF(URL_NOISE));
}
