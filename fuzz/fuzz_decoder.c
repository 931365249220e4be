/* libFuzzer target for the decoders and encoders of src/encoding.c.
 *
 * The first bytes choose chunk sizes; the rest is the data, decoded in
 * those chunks with every encoding. Each write and end must stay within
 * cnet__decoder_max_output and be valid UTF-8 (no surrogates, no overlongs).
 * The data, taken as text, is also encoded with every encoding, which must
 * stay within cnet__encode_max_output. */
#include <stdint.h>
#include <stdlib.h>

#include "encoding.h"

#define NSIZES 8

static const int encodings[] = {
  CNET_ENC_UTF8, CNET_ENC_UTF16LE, CNET_ENC_LATIN1, CNET_ENC_ASCII,
  CNET_ENC_BASE64, CNET_ENC_BASE64URL, CNET_ENC_HEX,
};

/* Strict UTF-8 validity, written independently of encoding.c. */
static int valid_utf8(const uint8_t *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    uint8_t b = s[i];
    size_t k;
    uint32_t cp, min;
    if (b < 0x80) {
      i++;
      continue;
    } else if ((b & 0xE0) == 0xC0) {
      k = 1, cp = b & 0x1F, min = 0x80;
    } else if ((b & 0xF0) == 0xE0) {
      k = 2, cp = b & 0x0F, min = 0x800;
    } else if ((b & 0xF8) == 0xF0) {
      k = 3, cp = b & 0x07, min = 0x10000;
    } else {
      return 0;
    }
    if (n - i <= k)
      return 0;
    for (size_t j = 1; j <= k; j++) {
      if ((s[i + j] & 0xC0) != 0x80)
        return 0;
      cp = (cp << 6) | (s[i + j] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return 0;
    i += k + 1;
  }
  return 1;
}

static void decode_all(int enc, const uint8_t *sizes, const uint8_t *data, size_t len) {
  cnet_decoder_t d;
  cnet__decoder_init(&d, enc);
  size_t pos = 0;

  for (size_t c = 0; pos < len; c++) {
    size_t n = sizes[c % NSIZES];
    if (n > len - pos)
      n = len - pos;
    size_t max = cnet__decoder_max_output(&d, n);
    char *out = malloc(max + 1);
    size_t got = cnet__decoder_write(&d, data + pos, n, out);
    if (got > max || out[got] != '\0' || !valid_utf8((const uint8_t *)out, got))
      abort();
    free(out);
    pos += n;
  }
  char end[64];
  size_t max = cnet__decoder_max_output(&d, 0);
  if (max + 1 > sizeof(end))
    abort();
  size_t got = cnet__decoder_end(&d, end);
  if (got > max || end[got] != '\0' || !valid_utf8((const uint8_t *)end, got))
    abort();
}

static void encode(int enc, const uint8_t *data, size_t len) {
  size_t max = cnet__encode_max_output(enc, len);
  uint8_t *out = malloc(max + 1);
  if (cnet__encode(enc, (const char *)data, len, out) > max)
    abort();
  free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint8_t sizes[NSIZES];
  unsigned total = 0;

  if (size < NSIZES)
    return 0;
  /* Chunks of 0..31 bytes, mostly small, as reads split arbitrarily. */
  for (size_t i = 0; i < NSIZES; i++)
    total += sizes[i] = data[i] & 0x1F;
  if (total == 0)
    sizes[0] = 1;  /* empty chunks only would never finish */
  data += NSIZES;
  size -= NSIZES;
  for (size_t e = 0; e < sizeof(encodings) / sizeof(encodings[0]); e++) {
    decode_all(encodings[e], sizes, data, size);
    encode(encodings[e], data, size);
  }
  return 0;
}
