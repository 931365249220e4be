/* The PRNG, byte buffers and text edits under every generator: twins of
 * the Rng class and the text helpers in tests/vectors/diff/gen_diff.js. */
#include "gen.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint32_t rng_u32(drng *r) {
  r->s += 0x6D2B79F5u;
  uint32_t t = r->s;
  t = (t ^ (t >> 15)) * (t | 1);
  t ^= t + (t ^ (t >> 7)) * (t | 61);
  return t ^ (t >> 14);
}

uint32_t rng_int(drng *r, uint32_t n) {
  return (uint32_t)(((uint64_t)rng_u32(r) * n) >> 32);
}

char rng_char(drng *r, const char *alphabet) {
  return alphabet[rng_int(r, (uint32_t)strlen(alphabet))];
}

/* ---- bytes ---- */

static void reserve(dbuf *b, size_t n) {
  if (b->n + n + 1 <= b->cap) return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < b->n + n + 1) cap *= 2;
  b->p = realloc(b->p, cap);
  if (!b->p) abort();
  b->cap = cap;
}

void db_free(dbuf *b) {
  free(b->p);
  *b = (dbuf){0};
}

void db_clear(dbuf *b) {
  reserve(b, 0);
  b->n = 0;
  b->p[0] = 0;
}

void db_put(dbuf *b, const void *p, size_t n) {
  db_insert(b, b->n, p, n);
}

void db_puts(dbuf *b, const char *s) {
  db_put(b, s, strlen(s));
}

void db_putc(dbuf *b, uint8_t c) {
  reserve(b, 1);
  b->p[b->n++] = c;
  b->p[b->n] = 0;
}

void db_printf(dbuf *b, const char *fmt, ...) {
  char small[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof small) abort(); /* only short numbers are printed */
  db_put(b, small, (size_t)n);
}

void db_put_cp(dbuf *b, uint32_t c) {
  uint8_t u[4];
  size_t n;
  if (c < 0x80) {
    u[0] = (uint8_t)c, n = 1;
  } else if (c < 0x800) {
    u[0] = (uint8_t)(0xC0 | c >> 6), u[1] = (uint8_t)(0x80 | (c & 0x3F)), n = 2;
  } else if (c < 0x10000) {
    u[0] = (uint8_t)(0xE0 | c >> 12), u[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
    u[2] = (uint8_t)(0x80 | (c & 0x3F)), n = 3;
  } else {
    u[0] = (uint8_t)(0xF0 | c >> 18), u[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3F));
    u[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3F)), u[3] = (uint8_t)(0x80 | (c & 0x3F)), n = 4;
  }
  db_put(b, u, n);
}

void db_insert(dbuf *b, size_t at, const void *p, size_t n) {
  reserve(b, n);
  memmove(b->p + at + n, b->p + at, b->n - at);
  if (n) memcpy(b->p + at, p, n);
  b->n += n;
  b->p[b->n] = 0;
}

void db_erase(dbuf *b, size_t at, size_t n) {
  memmove(b->p + at, b->p + at + n, b->n - at - n);
  b->n -= n;
  b->p[b->n] = 0;
}

uint8_t *db_space(dbuf *b, size_t n) {
  reserve(b, n);
  return b->p + b->n;
}

void db_commit(dbuf *b, size_t k) {
  b->n += k;
  b->p[b->n] = 0;
}

void db_copy(dbuf *to, const dbuf *from) {
  db_clear(to);
  db_put(to, from->p, from->n);
}

/* ---- text ---- */

static bool continuation(uint8_t c) {
  return (c & 0xC0) == 0x80;
}

size_t text_chars(const dbuf *t) {
  size_t n = 0;
  for (size_t i = 0; i < t->n; i++) n += !continuation(t->p[i]);
  return n;
}

size_t text_offset(const dbuf *t, size_t index) {
  size_t i = 0;
  for (; i < t->n; i++) {
    if (continuation(t->p[i])) continue;
    if (index-- == 0) break;
  }
  return i;
}

size_t text_char_len(const dbuf *t, size_t offset) {
  size_t n = 1;
  while (offset + n < t->n && continuation(t->p[offset + n])) n++;
  return n;
}

void text_mutate(drng *r, dbuf *t, const char *const *noise, size_t nnoise) {
  for (uint32_t ops = 1 + rng_int(r, 3); ops > 0; ops--) {
    uint32_t op = rng_int(r, 6);
    uint32_t len = (uint32_t)text_chars(t);
    if (op == 0 || len == 0) {
      size_t at = text_offset(t, rng_int(r, len + 1));
      const char *s = noise[rng_int(r, (uint32_t)nnoise)];
      db_insert(t, at, s, strlen(s));
    } else if (op == 1) {
      size_t at = text_offset(t, rng_int(r, len));
      db_erase(t, at, text_char_len(t, at));
    } else if (op == 2) {
      size_t at = text_offset(t, rng_int(r, len));
      const char *s = noise[rng_int(r, (uint32_t)nnoise)];
      db_erase(t, at, text_char_len(t, at));
      db_insert(t, at, s, strlen(s));
    } else if (op == 3) {
      size_t at = text_offset(t, rng_int(r, len));
      size_t n = text_char_len(t, at);
      uint8_t c[4];
      memcpy(c, t->p + at, n);
      db_insert(t, at, c, n);
    } else if (op == 4) {
      size_t at = text_offset(t, rng_int(r, len + 1));
      db_erase(t, at, t->n - at);
    } else if (len > 1) {
      size_t at = text_offset(t, rng_int(r, len - 1));
      size_t n1 = text_char_len(t, at), n2 = text_char_len(t, at + n1);
      uint8_t c[4];
      memcpy(c, t->p + at, n1);
      db_erase(t, at, n1);
      db_insert(t, at + n2, c, n1);
    }
  }
}
