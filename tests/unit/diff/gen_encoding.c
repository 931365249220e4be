/* StringDecoder and Buffer.from(string, encoding) inputs: twin of the
 * "StringDecoder" part of tests/vectors/diff/gen_diff.js. */
#include <string.h>

#include "gen.h"

static const uint8_t UTF8_LEADS[] = {0xe0, 0xed, 0xf0, 0xf4, 0xc0, 0xc1, 0xc2, 0xdf, 0xf5, 0xf8,
  0xff};
static const uint8_t UTF8_SECONDS[] = {0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf};
static const char *const UTF8_BAD[] = {"\xed\xa0\x80", "\xed\xbf\xbf", "\xf4\x90\x80\x80",
  "\xc0\x80", "\xe0\x80\x80", "\xf0\x80\x80\x80", "\xef\xbf\xbd", "\xf0\x9f\x98", "\xe2\x82",
  "\xf8\x88\x80\x80\x80"};
static const uint32_t CP_EDGES[] = {0x800, 0xfff, 0x20ac, 0xd7ff, 0xe000, 0xfffd, 0xfffe, 0xffff,
  0xfeff, 0x7ff, 0x80};
static const uint32_t ASTRAL[] = {0x10000, 0x1f600, 0x10ffff};
static const char *const B64_JUNK[] = {" ", "\n", "\t", "=", "==", "-", "_", "+", "/", ".", "*",
  "\u00a0", "\u0141", "\u0100", "\u3d3d", "\U0001F600", "%", "A===", "\r\n"};
static const char *const HEX_JUNK[] = {"g", "x", " ", "0", "F", "Z", "\u0162", "\u0130", "00",
  "\u0a30", "-", "\n"};
static const char *const TEXT_JUNK[] = {"\u0100", "\u0141", "\u00ff", "\u00e9", "\u20ac",
  "\U0001F600", "\ufffd", "A", "\x7f", "\xc2\x80", "\xc2\x80"};

static uint32_t code_point(drng *r) {
  switch (rng_int(r, 6)) {
  case 0: return 0x20 + rng_int(r, 0x5f);
  case 1: return 0x80 + rng_int(r, 0x780);
  case 2: return PICK(r, CP_EDGES);
  case 3: return 0x800 + rng_int(r, 0xd000);
  case 4: return rng_int(r, 2) ? PICK(r, ASTRAL) : 0x10000 + rng_int(r, 0x100000);
  default: return rng_int(r, 0x80);
  }
}

static void utf8_bytes(drng *r, dbuf *b, size_t n) {
  while (b->n < n) {
    switch (rng_int(r, 8)) {
    case 0: db_putc(b, (uint8_t)(0x80 + rng_int(r, 0x40))); break;
    case 1: db_putc(b, (uint8_t)(0xc0 + rng_int(r, 0x40))); break;
    case 2:
      db_putc(b, PICK(r, UTF8_LEADS));
      db_putc(b, PICK(r, UTF8_SECONDS));
      break;
    case 3: db_putc(b, (uint8_t)rng_int(r, 0x80)); break;
    case 4: db_puts(b, PICK(r, UTF8_BAD)); break;
    default: db_put_cp(b, code_point(r)); break;
    }
  }
}

static void unit(dbuf *b, uint32_t u) {
  db_putc(b, (uint8_t)(u & 0xff));
  db_putc(b, (uint8_t)(u >> 8));
}

static void utf16_bytes(drng *r, dbuf *b, size_t n) {
  while (b->n < n) {
    uint32_t c;
    switch (rng_int(r, 7)) {
    case 0: unit(b, 0xd800 + rng_int(r, 0x400)); break;
    case 1: unit(b, 0xdc00 + rng_int(r, 0x400)); break;
    case 2: db_putc(b, (uint8_t)rng_int(r, 256)); break;
    case 3: unit(b, rng_int(r, 0x80)); break;
    case 4:
      unit(b, 0xd800 + rng_int(r, 0x400));
      unit(b, 0xdc00 + rng_int(r, 0x400));
      break;
    default:
      c = code_point(r);
      if (c < 0x10000) {
        unit(b, c);
        break;
      }
      unit(b, 0xd800 + ((c - 0x10000) >> 10));
      unit(b, 0xdc00 + ((c - 0x10000) & 0x3ff));
      break;
    }
  }
}

static void any_bytes(drng *r, dbuf *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    switch (rng_int(r, 5)) {
    case 0: db_putc(b, (uint8_t)rng_int(r, 256)); break;
    case 1: db_putc(b, (uint8_t)(0x80 + rng_int(r, 0x80))); break;
    case 2: db_putc(b, (uint8_t)rng_int(r, 0x80)); break;
    case 3: db_putc(b, 0); break;
    default: db_putc(b, 0xff); break;
    }
  }
}

static size_t byte_count(drng *r) {
  switch (rng_int(r, 10)) {
  case 0: return rng_int(r, 4);
  case 8: return rng_int(r, 200);
  case 9: return 200 + rng_int(r, 1000);
  default: return rng_int(r, 40);
  }
}

static void put_hex(dbuf *t, const uint8_t *p, size_t n) {
  static const char digits[] = "0123456789abcdef";
  uint8_t *o = db_space(t, 2 * n);
  for (size_t i = 0; i < n; i++) o[2 * i] = (uint8_t)digits[p[i] >> 4], o[2 * i + 1] = (uint8_t)digits[p[i] & 15];
  db_commit(t, 2 * n);
}

void gen_decode(drng *r, void *enc, dbuf *in) {
  const char *name = enc;
  dbuf bytes = {0}, hex = {0};
  size_t chunks = 0;
  db_clear(&bytes);
  db_clear(&hex);
  size_t n = byte_count(r);
  if (strcmp(name, "utf8") == 0) utf8_bytes(r, &bytes, n);
  else if (strcmp(name, "utf16le") == 0) utf16_bytes(r, &bytes, n);
  else any_bytes(r, &bytes, n);
  for (size_t at = 0; at < bytes.n; chunks++) {
    size_t c;
    uint32_t k = rng_int(r, 20);
    if (k == 0) c = 0;
    else if (k < 16) c = 1 + rng_int(r, 5);
    else if (k < 19) c = 1 + rng_int(r, 20);
    else c = 1 + rng_int(r, 400);
    if (c > bytes.n - at) c = bytes.n - at;
    if (chunks > 0) db_putc(&hex, '|');
    put_hex(&hex, bytes.p + at, c);
    at += c;
  }
  if (rng_int(r, 8) == 0) {
    if (chunks++ > 0) db_putc(&hex, '|');
  }
  db_clear(in);
  db_printf(in, "%zu:", chunks);
  db_put(in, hex.p, hex.n);
  db_free(&bytes);
  db_free(&hex);
}

/* ---- text to encode ---- */

static void random_code_points(drng *r, dbuf *t, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) db_put_cp(t, code_point(r));
}

static void insert_cp(dbuf *t, size_t index, uint32_t c) {
  dbuf one = {0};
  db_clear(&one);
  db_put_cp(&one, c);
  db_insert(t, text_offset(t, index), one.p, one.n);
  db_free(&one);
}

static void insert_junk(drng *r, dbuf *t, size_t index, const char *const *junk, size_t njunk) {
  size_t at = text_offset(t, index);
  const char *s = junk[rng_int(r, (uint32_t)njunk)];
  db_insert(t, at, s, strlen(s));
}

/* Edits that matter to the decoders: junk, deletions, characters whose low
 * byte is meaningful (Node reads the low byte of each code unit). */
static void mangle(drng *r, dbuf *t, const char *const *junk, size_t njunk) {
  for (uint32_t edits = rng_int(r, 4); edits > 0; edits--) {
    uint32_t op = rng_int(r, 6);
    uint32_t len = (uint32_t)text_chars(t);
    if (op == 0 || len == 0) {
      insert_junk(r, t, rng_int(r, len + 1), junk, njunk);
    } else if (op == 1) {
      size_t at = text_offset(t, rng_int(r, len));
      db_erase(t, at, text_char_len(t, at));
    } else if (op == 2) {
      uint32_t at = rng_int(r, len + 1);
      insert_cp(t, at, code_point(r));
    } else if (op == 3) {
      uint32_t at = rng_int(r, len + 1);
      uint32_t c = 0x100 + rng_int(r, 0xff00);
      if (c >= 0xd800 && c < 0xe000) c += 0x800;
      insert_cp(t, at, c);
    } else if (op == 4) {
      size_t at = text_offset(t, rng_int(r, len));
      if (t->p[at] >= 'a' && t->p[at] <= 'z') t->p[at] = (uint8_t)(t->p[at] - 32);
    } else {
      size_t at = text_offset(t, rng_int(r, len));
      db_erase(t, at, text_char_len(t, at));
      const char *s = junk[rng_int(r, (uint32_t)njunk)];
      db_insert(t, at, s, strlen(s));
    }
  }
}

/* Buffer#toString('base64'), with '-' and '_' for base64url (padding kept). */
static void base64_of(dbuf *t, const dbuf *b, bool url) {
  const char *abc = url ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                        : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t i = 0;
  for (; i + 3 <= b->n; i += 3) {
    uint32_t v = (uint32_t)b->p[i] << 16 | (uint32_t)b->p[i + 1] << 8 | b->p[i + 2];
    for (int s = 18; s >= 0; s -= 6) db_putc(t, (uint8_t)abc[(v >> s) & 63]);
  }
  if (i < b->n) {
    uint32_t v = (uint32_t)b->p[i] << 16 | (i + 1 < b->n ? (uint32_t)b->p[i + 1] << 8 : 0);
    db_putc(t, (uint8_t)abc[v >> 18]);
    db_putc(t, (uint8_t)abc[(v >> 12) & 63]);
    db_putc(t, i + 1 < b->n ? (uint8_t)abc[(v >> 6) & 63] : '=');
    db_putc(t, '=');
  }
}

static bool is_base64(const char *enc) {
  return strcmp(enc, "base64") == 0 || strcmp(enc, "base64url") == 0;
}

void gen_encode(drng *r, void *enc, dbuf *in) {
  const char *name = enc;
  dbuf bytes = {0};
  db_clear(&bytes);
  db_clear(in);
  uint32_t k = rng_int(r, 10);
  if (k < 4) {
    random_code_points(r, in, rng_int(r, 24));
  } else if (k < 6) {
    utf8_bytes(r, in, rng_int(r, 24));
    for (size_t i = 0; i < in->n; i++)
      if (in->p[i] == 0) in->p[i] = 0x30; /* no NUL: C text */
  } else if (k < 9) {
    if (is_base64(name)) {
      bool url = rng_int(r, 2) == 1;
      any_bytes(r, &bytes, rng_int(r, 30));
      base64_of(in, &bytes, url);
      mangle(r, in, B64_JUNK, COUNTOF(B64_JUNK));
    } else if (strcmp(name, "hex") == 0) {
      any_bytes(r, &bytes, rng_int(r, 20));
      put_hex(in, bytes.p, bytes.n);
      mangle(r, in, HEX_JUNK, COUNTOF(HEX_JUNK));
    } else {
      random_code_points(r, in, rng_int(r, 16));
      mangle(r, in, TEXT_JUNK, COUNTOF(TEXT_JUNK));
    }
  } else { /* long text takes another path in Buffer.from (sized by byteLength first) */
    any_bytes(r, &bytes, 1000 + rng_int(r, 3000));
    if (strcmp(name, "hex") == 0) {
      put_hex(in, bytes.p, bytes.n);
      mangle(r, in, HEX_JUNK, COUNTOF(HEX_JUNK));
    } else {
      bool url = rng_int(r, 2) == 1;
      base64_of(in, &bytes, url);
      mangle(r, in, B64_JUNK, COUNTOF(B64_JUNK));
    }
  }
  db_free(&bytes);
}
