/* Encodings: StringDecoder and Buffer.from(string, encoding) as Node's.
 * Hand-written cases first, then the vectors Node itself produced
 * (tests/vectors/encoding.txt, made by tests/vectors/gen_encoding.js). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encoding.h"
#include "error.h"

/* Large enough for every case here and in the vectors. */
#define OUT_MAX 8192

static char out[OUT_MAX];

/* Feeds chunks (lengths in sizes, 0-terminated) and checks each write. */
static void expect_writes(cnet_decoder_t *d, const char *in, const size_t *sizes,
                          const char *const *want) {
  for (size_t i = 0; sizes[i] != 0; i++) {
    size_t n = cnet__decoder_write(d, (const uint8_t *)in, sizes[i], out);
    assert_true(n <= cnet__decoder_max_output(d, sizes[i]));
    assert_int_equal(n, strlen(want[i]));
    assert_string_equal(out, want[i]);
    in += sizes[i];
  }
}

static const char *end_text(cnet_decoder_t *d) {
  cnet__decoder_end(d, out);
  return out;
}

static void parse_names(void **state) {
  (void)state;
  assert_int_equal(cnet__encoding_parse(NULL), CNET_ENC_UTF8);
  assert_int_equal(cnet__encoding_parse(""), CNET_ENC_UTF8);
  assert_int_equal(cnet__encoding_parse("UTF-8"), CNET_ENC_UTF8);
  assert_int_equal(cnet__encoding_parse("Ucs-2"), CNET_ENC_UTF16LE);
  assert_int_equal(cnet__encoding_parse("utf-16LE"), CNET_ENC_UTF16LE);
  assert_int_equal(cnet__encoding_parse("BINARY"), CNET_ENC_LATIN1);
  assert_int_equal(cnet__encoding_parse("Base64URL"), CNET_ENC_BASE64URL);
  assert_int_equal(cnet__encoding_parse("hex"), CNET_ENC_HEX);
  assert_int_equal(cnet__encoding_parse("ascii"), CNET_ENC_ASCII);
  assert_string_equal(cnet__encoding_name(CNET_ENC_UTF16LE), "utf16le");
  assert_string_equal(cnet__encoding_name(cnet__encoding_parse("binary")), "latin1");

  const char *bad[] = {"xyz", "buffer", "utf", "utf16", "utf8 ", "latin-1"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    assert_int_equal(cnet__encoding_parse(bad[i]), CNET_ERR_UNKNOWN_ENCODING);
    const cnet_error_t *e = cnet_last_error();
    assert_string_equal(e->code, "ERR_UNKNOWN_ENCODING");
    assert_string_equal(e->name, "TypeError");
    char msg[64];
    snprintf(msg, sizeof(msg), "Unknown encoding: %s", bad[i]);
    assert_string_equal(e->message, msg);
  }
}

static void utf8_euro_split(void **state) {
  (void)state;
  cnet_decoder_t d;
  cnet__decoder_init(&d, CNET_ENC_UTF8);
  expect_writes(&d, "a\xE2\x82\xAC" "b", (size_t[]){2, 2, 1, 0},
                (const char *const[]){"a", "\xE2\x82\xAC", "b"});
  assert_string_equal(end_text(&d), "");
}

static void utf8_emoji_split_three_ways(void **state) {
  (void)state;
  cnet_decoder_t d;
  cnet__decoder_init(&d, CNET_ENC_UTF8);
  expect_writes(&d, "\xF0\x9F\x98\x80", (size_t[]){1, 2, 1, 0},
                (const char *const[]){"", "", "\xF0\x9F\x98\x80"});
}

static void utf8_invalid_and_cut_off(void **state) {
  (void)state;
  cnet_decoder_t d;
  cnet__decoder_init(&d, CNET_ENC_UTF8);
  /* A lead byte, then one that cannot continue it: each stands alone. */
  expect_writes(&d, "\xE2\x82" "A", (size_t[]){2, 1, 0},
                (const char *const[]){"", "\xEF\xBF\xBD" "A"});
  /* Surrogates encoded in UTF-8: one U+FFFD per byte, as V8. */
  expect_writes(&d, "\xED\xA0\x80", (size_t[]){3, 0},
                (const char *const[]){"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"});
  /* What end() finds held back is one U+FFFD. */
  expect_writes(&d, "\xF0\x9F\x98", (size_t[]){3, 0}, (const char *const[]){""});
  assert_string_equal(end_text(&d), "\xEF\xBF\xBD");
}

static void utf16le_pairs_and_odd_bytes(void **state) {
  (void)state;
  cnet_decoder_t d;
  cnet__decoder_init(&d, CNET_ENC_UTF16LE);
  /* U+1F600 as 3D D8 00 DE: a high surrogate at a chunk end waits... */
  expect_writes(&d, "\x3D\xD8\x00\xDE", (size_t[]){2, 1, 1, 0},
                (const char *const[]){"", "", "\xF0\x9F\x98\x80"});
  /* ...but one finished from an odd byte is a string of its own, so fed
   * a byte at a time the pair prints as two U+FFFD, as in Node. */
  expect_writes(&d, "\x3D\xD8\x00\xDE", (size_t[]){1, 1, 1, 1, 0},
                (const char *const[]){"", "\xEF\xBF\xBD", "", "\xEF\xBF\xBD"});
  /* The held unit and the body are one JS string: they still pair. */
  expect_writes(&d, "\x3D\xD8\x00\xDE", (size_t[]){1, 3, 0},
                (const char *const[]){"", "\xF0\x9F\x98\x80"});
  /* A high surrogate then 'A': the surrogate prints as U+FFFD. */
  expect_writes(&d, "\x3D\xD8" "A\0", (size_t[]){2, 2, 0},
                (const char *const[]){"", "\xEF\xBF\xBD" "A"});
  /* A lone trailing byte is dropped by end(). */
  expect_writes(&d, "B\0C", (size_t[]){3, 0}, (const char *const[]){"B"});
  assert_string_equal(end_text(&d), "");
}

static void base64_groups(void **state) {
  (void)state;
  cnet_decoder_t d;
  cnet__decoder_init(&d, CNET_ENC_BASE64);
  expect_writes(&d, "abcdefghij", (size_t[]){1, 2, 3, 4, 0},
                (const char *const[]){"", "YWJj", "ZGVm", "Z2hp"});
  assert_string_equal(end_text(&d), "ag==");

  cnet__decoder_init(&d, CNET_ENC_BASE64URL);
  expect_writes(&d, "\xFB\xFF\xBF\xFB\xFF", (size_t[]){5, 0},
                (const char *const[]){"-_-_"});
  assert_string_equal(end_text(&d), "-_8");
}

static void single_byte_encodings(void **state) {
  (void)state;
  cnet_decoder_t d;
  const char bytes[] = "A\xE9\x80\xFF";
  cnet__decoder_init(&d, CNET_ENC_LATIN1);
  expect_writes(&d, bytes, (size_t[]){4, 0},
                (const char *const[]){"A\xC3\xA9\xC2\x80\xC3\xBF"});
  cnet__decoder_init(&d, CNET_ENC_ASCII);  /* Node masks the high bit */
  expect_writes(&d, "A\xE9\xFF", (size_t[]){3, 0}, (const char *const[]){"Ai\x7F"});
  /* ...and 0x80 becomes a NUL inside the text. */
  assert_int_equal(cnet__decoder_write(&d, (const uint8_t *)"\x80", 1, out), 1);
  assert_int_equal(out[0], 0);
  cnet__decoder_init(&d, CNET_ENC_HEX);
  expect_writes(&d, bytes, (size_t[]){1, 3, 0}, (const char *const[]){"41", "e980ff"});
}

static void expect_encode(int enc, const char *text, const char *want, size_t want_len) {
  uint8_t buf[256];
  size_t n = cnet__encode(enc, text, strlen(text), buf);
  assert_true(n <= cnet__encode_max_output(enc, strlen(text)));
  assert_int_equal(n, want_len);
  assert_memory_equal(buf, want, want_len);
}

static void encode_strings(void **state) {
  (void)state;
  expect_encode(CNET_ENC_UTF8, "\xE2\x82\xAC\xFF", "\xE2\x82\xAC\xEF\xBF\xBD", 6);
  expect_encode(CNET_ENC_UTF16LE, "A\xF0\x9F\x98\x80", "A\0\x3D\xD8\x00\xDE", 6);
  /* latin1 and ascii keep the low byte of each UTF-16 code unit. */
  expect_encode(CNET_ENC_LATIN1, "\xC3\xA9\xE2\x82\xAC", "\xE9\xAC", 2);
  expect_encode(CNET_ENC_ASCII, "\xC3\xA9\xF0\x9F\x98\x80", "\xE9\x3D\x00", 3);
  expect_encode(CNET_ENC_HEX, "abc", "\xAB", 1);
  expect_encode(CNET_ENC_HEX, "1ag123", "\x1A", 1);
  expect_encode(CNET_ENC_BASE64, "Q Q=\n=x", "A", 1);
  expect_encode(CNET_ENC_BASE64, "QUJD=QUJD", "ABC", 3);
  expect_encode(CNET_ENC_BASE64, "-_+/", "\xFB\xFF\xBF", 3);
  expect_encode(CNET_ENC_BASE64URL, "QUI", "AB", 2);
  /* U+0155's low byte is 'U'; U+1F600's first unit's is '='. */
  expect_encode(CNET_ENC_BASE64, "Q\xC5\x95JD", "ABC", 3);
  expect_encode(CNET_ENC_BASE64, "\xF0\x9F\x98\x80QUJD", "", 0);
}

/* ---- Vectors ------------------------------------------------------------- */

/* Decodes a "=hex" field into buf; returns its length. */
static size_t unhex_field(const char *field, uint8_t *buf) {
  assert_non_null(field);
  assert_int_equal(field[0], '=');
  size_t n = strlen(field + 1) / 2;
  for (size_t i = 0; i < n; i++) {
    unsigned v;
    assert_int_equal(sscanf(field + 1 + 2 * i, "%2x", &v), 1);
    buf[i] = (uint8_t)v;
  }
  return n;
}

static int fails;

static void check(int ok, size_t line, const char *what) {
  if (!ok && fails++ < 20)
    fprintf(stderr, "encoding.txt:%zu: %s differs\n", line, what);
}

static void replay_decode(char **tok, size_t ntok, size_t line) {
  static uint8_t chunk[OUT_MAX], want[OUT_MAX];
  int enc = cnet__encoding_parse(tok[1]);
  size_t nchunks = strtoul(tok[2], NULL, 10);
  cnet_decoder_t d;

  assert_int_equal(ntok, 3 + 2 * nchunks + 1);
  cnet__decoder_init(&d, enc);
  for (size_t i = 0; i < nchunks; i++) {
    size_t len = unhex_field(tok[3 + i], chunk);
    size_t wlen = unhex_field(tok[3 + nchunks + i], want);
    size_t n = cnet__decoder_write(&d, chunk, len, out);
    check(n <= cnet__decoder_max_output(&d, len), line, "bound");
    check(n == wlen && memcmp(out, want, n) == 0 && out[n] == '\0', line, "write");
  }
  size_t wlen = unhex_field(tok[3 + 2 * nchunks], want);
  size_t n = cnet__decoder_end(&d, out);
  check(n <= cnet__decoder_max_output(&d, 0), line, "end bound");
  check(n == wlen && memcmp(out, want, n) == 0, line, "end");
}

static void replay_encode(char **tok, size_t ntok, size_t line) {
  static uint8_t text[OUT_MAX], want[OUT_MAX], got[3 * OUT_MAX];
  int enc = cnet__encoding_parse(tok[1]);

  assert_int_equal(ntok, 4);
  size_t len = unhex_field(tok[2], text);
  size_t wlen = unhex_field(tok[3], want);
  size_t n = cnet__encode(enc, (const char *)text, len, got);
  check(n <= cnet__encode_max_output(enc, len), line, "encode bound");
  check(n == wlen && memcmp(got, want, n) == 0, line, "encode");
}

static void node_vectors(void **state) {
  (void)state;
  FILE *f = fopen(CNET_TEST_DATA_DIR "/vectors/encoding.txt", "r");
  assert_non_null(f);
  char *buf = NULL;
  size_t cap = 0, line = 0, decodes = 0, encodes = 0;
  char *tok[512];

  while (getline(&buf, &cap, f) > 0) {
    size_t ntok = 0;
    line++;
    for (char *t = strtok(buf, " \n"); t != NULL; t = strtok(NULL, " \n")) {
      assert_true(ntok < sizeof(tok) / sizeof(tok[0]));
      tok[ntok++] = t;
    }
    assert_true(ntok >= 3);
    if (strcmp(tok[0], "D") == 0) {
      replay_decode(tok, ntok, line);
      decodes++;
    } else {
      assert_string_equal(tok[0], "E");
      replay_encode(tok, ntok, line);
      encodes++;
    }
  }
  free(buf);
  fclose(f);
  print_message("%zu decode and %zu encode vectors, %d differences\n", decodes, encodes, fails);
  assert_true(decodes > 1000 && encodes > 1000);
  assert_int_equal(fails, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(parse_names),
    cmocka_unit_test(utf8_euro_split),
    cmocka_unit_test(utf8_emoji_split_three_ways),
    cmocka_unit_test(utf8_invalid_and_cut_off),
    cmocka_unit_test(utf16le_pairs_and_odd_bytes),
    cmocka_unit_test(base64_groups),
    cmocka_unit_test(single_byte_encodings),
    cmocka_unit_test(encode_strings),
    cmocka_unit_test(node_vectors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
