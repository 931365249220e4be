/* setEncoding's decoders (StringDecoder over random chunkings) and write's
 * string encoders (Buffer.from(text, encoding)) against Node v23.5.0 on a
 * million generated inputs per encoding (a slice by default; CNET_LONG=1
 * for all): see diff/check.h and tests/vectors/diff/gen_diff.js. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff/check.h"
#include "encoding.h"

static int hexval(uint8_t c) {
  return c <= '9' ? c - '0' : c - 'a' + 10;
}

/* The input is "N:" and N chunks in hex joined by '|'; the answer, each
 * write()'s text and then end()'s, each as "LEN:" and its UTF-8. */
static void answer_decode(const dbuf *in, void *enc, dbuf *out) {
  cnet_decoder_t d;
  dbuf chunk = {0};
  char *p = strchr((char *)in->p, ':') + 1;
  size_t chunks = strtoul((char *)in->p, NULL, 10);
  cnet__decoder_init(&d, cnet__encoding_parse(enc));
  db_clear(&chunk);
  for (size_t i = 0; i <= chunks; i++) {
    static char text[3 * 4096];
    size_t n;
    if (i < chunks) {
      db_clear(&chunk);
      for (; *p && *p != '|'; p += 2) db_putc(&chunk, (uint8_t)(hexval(p[0]) << 4 | hexval(p[1])));
      p += *p == '|';
      assert_true(cnet__decoder_max_output(&d, chunk.n) < sizeof text);
      n = cnet__decoder_write(&d, chunk.p, chunk.n, text);
    } else {
      n = cnet__decoder_end(&d, text);
    }
    db_printf(out, "%zu:", n);
    db_put(out, text, n);
  }
  db_free(&chunk);
}

/* What cnet_socket_write_string() sends for this text. */
static void answer_encode(const dbuf *in, void *enc, dbuf *out) {
  int e = cnet__encoding_parse(enc);
  uint8_t *p = db_space(out, cnet__encode_max_output(e, in->n));
  db_commit(out, cnet__encode(e, (const char *)in->p, in->n, p));
}

#define ENCODING(e) \
  {.name = "decode-" e, .gen = gen_decode, .answer = answer_decode, .gen_arg = (void *)e,        \
   .answer_arg = (void *)e},                                                                      \
  {.name = "encode-" e, .gen = gen_encode, .answer = answer_encode, .gen_arg = (void *)e,        \
   .answer_arg = (void *)e}

static const diff_category categories[] = {
  ENCODING("utf8"), ENCODING("utf16le"), ENCODING("latin1"), ENCODING("ascii"),
  ENCODING("base64"), ENCODING("base64url"), ENCODING("hex"),
};

static void one(void **state) {
  diff_check(*state);
}

/* `test_diff_encoding [ENCODING]`: the decoder and encoder of one encoding
 * only (ctest runs one encoding a test, in parallel), or all. */
int main(int argc, char **argv) {
  int rc = diff_show_main(argc, argv, categories, COUNTOF(categories));
  if (rc >= 0) return rc;
  struct CMUnitTest tests[COUNTOF(categories)];
  size_t n = 0;
  for (size_t i = 0; i < COUNTOF(categories); i++) {
    if (argc > 1 && strcmp(strchr(categories[i].name, '-') + 1, argv[1]) != 0) continue;
    tests[n++] = (struct CMUnitTest){.name = categories[i].name, .test_func = one,
                                     .initial_state = (void *)&categories[i]};
  }
  if (n == 0) {
    fprintf(stderr, "usage: %s [ENCODING] | --show CATEGORY FIRST COUNT\n", argv[0]);
    return 2;
  }
  return _cmocka_run_group_tests(argc > 1 ? argv[1] : "encodings", tests, n, NULL, NULL);
}
