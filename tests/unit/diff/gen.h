/* Differential testing against Node: the inputs.
 *
 * tests/vectors/diff/gen_diff.js makes the inputs that Node answered; the
 * generators here make the same ones, draw for draw from the same seeded
 * PRNG, so no input is stored. Each function has a twin of the same name
 * there: change both together (an input digest in every line of the answer
 * files tells when they drift apart). C evaluates arguments in no fixed
 * order, so every draw here is a statement of its own, in the order
 * JavaScript makes them. */
#ifndef CNET_DIFF_GEN_H
#define CNET_DIFF_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define COUNTOF(a) (sizeof(a) / sizeof((a)[0]))

/* ---- mulberry32, and int(n) = floor(u32 * n / 2^32) as the JS does ---- */

typedef struct {
  uint32_t s;
} drng;

uint32_t rng_u32(drng *r);
uint32_t rng_int(drng *r, uint32_t n);
#define PICK(r, a) ((a)[rng_int((r), COUNTOF(a))])
/* One character of an ASCII alphabet. */
char rng_char(drng *r, const char *alphabet);

/* ---- bytes: always NUL-terminated past n, so text can go to C APIs ---- */

typedef struct {
  uint8_t *p;
  size_t n, cap;
} dbuf;

void db_free(dbuf *b);
void db_clear(dbuf *b);
void db_put(dbuf *b, const void *p, size_t n);
void db_puts(dbuf *b, const char *s);
void db_putc(dbuf *b, uint8_t c);
void db_printf(dbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void db_put_cp(dbuf *b, uint32_t cp); /* UTF-8 */
void db_insert(dbuf *b, size_t at, const void *p, size_t n);
void db_erase(dbuf *b, size_t at, size_t n);
void db_copy(dbuf *to, const dbuf *from);
/* Room for n more bytes at b->p + b->n; db_commit(b, k) keeps k of them. */
uint8_t *db_space(dbuf *b, size_t n);
void db_commit(dbuf *b, size_t k);

/* ---- text as JS strings: positions count code points (valid UTF-8) ---- */

size_t text_chars(const dbuf *t);
size_t text_offset(const dbuf *t, size_t index); /* byte offset of character index */
size_t text_char_len(const dbuf *t, size_t offset);

/* mutate(r, s, noise): 1-3 inserts, deletions, replacements, repeats,
 * truncations and swaps of characters. */
void text_mutate(drng *r, dbuf *t, const char *const *noise, size_t nnoise);

/* ---- the categories' generators ---- */

void gen_isip(drng *r, void *unused, dbuf *in);
void gen_parse(drng *r, void *unused, dbuf *in);
/* The dotted quad, IPv6 text and random text that isip and parse share. */
void gen_dotted_quad(drng *r, dbuf *t);
void gen_text_v6(drng *r, dbuf *t);
void gen_random_text(drng *r, dbuf *t, const char *alphabet, uint32_t max);

/* A BlockList episode: a new list, rules, checks between them in short
 * lists, checks after them, then `rules`. */
typedef struct {
  uint16_t g[8];
  int fam; /* 4: the address is g[6], g[7] */
} gen_addr;

typedef struct {
  int phase; /* 0: a new list next, 1: rules, 2: checks */
  uint32_t rules_left, checks_left, between;
  bool small;
  gen_addr recent[16]; /* the last rule end points */
  size_t nrecent;
} gen_list_state;

void gen_blocklist(drng *r, void *list_state, dbuf *in);

/* enc: the encoding's name, as Node's ("utf8", ..., "hex"). */
void gen_decode(drng *r, void *enc, dbuf *in);
void gen_encode(drng *r, void *enc, dbuf *in);

#endif
