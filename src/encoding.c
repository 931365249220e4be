/* Node's encodings: StringDecoder (src/string_decoder.cc) for reading and
 * Buffer.from(string, encoding) (StringBytes::Write) for writing.
 *
 * Node decodes a chunk as two JS strings, the finished character held over
 * from the last chunk and the body, each made on its own; we do the same
 * because the count of U+FFFD in the output depends on it. */
#include "encoding.h"

#include <string.h>

#include "error.h"

#define REPLACEMENT 0xFFFD

static const struct {
  const char *name;
  int enc;
} encoding_names[] = {
  {"utf8", CNET_ENC_UTF8},         {"utf-8", CNET_ENC_UTF8},
  {"ucs2", CNET_ENC_UTF16LE},      {"ucs-2", CNET_ENC_UTF16LE},
  {"utf16le", CNET_ENC_UTF16LE},   {"utf-16le", CNET_ENC_UTF16LE},
  {"latin1", CNET_ENC_LATIN1},     {"binary", CNET_ENC_LATIN1},
  {"base64", CNET_ENC_BASE64},     {"base64url", CNET_ENC_BASE64URL},
  {"hex", CNET_ENC_HEX},           {"ascii", CNET_ENC_ASCII},
};

/* Node lower-cases with String.prototype.toLowerCase, but no non-ASCII
 * character lower-cases to a letter of these names, so ASCII case folding
 * decides the same. */
static int ascii_casecmp(const char *a, const char *b) {
  for (;; a++, b++) {
    int ca = (*a >= 'A' && *a <= 'Z') ? *a + 32 : *a;
    int cb = (*b >= 'A' && *b <= 'Z') ? *b + 32 : *b;
    if (ca != cb || ca == '\0')
      return ca - cb;
  }
}

int cnet__encoding_parse(const char *name) {
  if (name == NULL || name[0] == '\0')
    return CNET_ENC_UTF8;
  for (size_t i = 0; i < sizeof(encoding_names) / sizeof(encoding_names[0]); i++) {
    if (ascii_casecmp(name, encoding_names[i].name) == 0)
      return encoding_names[i].enc;
  }
  return cnet__throw(CNET_ERR_UNKNOWN_ENCODING, "Unknown encoding: %s", name);
}

const char *cnet__encoding_name(int enc) {
  switch (enc) {
  case CNET_ENC_BUFFER: return "buffer";
  case CNET_ENC_UTF8: return "utf8";
  case CNET_ENC_UTF16LE: return "utf16le";
  case CNET_ENC_LATIN1: return "latin1";
  case CNET_ENC_ASCII: return "ascii";
  case CNET_ENC_BASE64: return "base64";
  case CNET_ENC_BASE64URL: return "base64url";
  case CNET_ENC_HEX: return "hex";
  }
  return NULL;
}

/* ---- UTF-8 --------------------------------------------------------------- */

uint32_t cnet__utf8_next(const uint8_t *s, size_t len, size_t *pos) {
  size_t i = *pos;
  uint8_t b = s[i++];
  uint8_t lo = 0x80, hi = 0xBF;
  int need;
  uint32_t cp;

  if (b < 0x80) {
    *pos = i;
    return b;
  }
  if (b >= 0xC2 && b <= 0xDF) {
    need = 1, cp = b & 0x1F;
  } else if (b >= 0xE0 && b <= 0xEF) {
    need = 2, cp = b & 0x0F;
    if (b == 0xE0) lo = 0xA0;  /* overlong */
    if (b == 0xED) hi = 0x9F;  /* surrogates */
  } else if (b >= 0xF0 && b <= 0xF4) {
    need = 3, cp = b & 0x07;
    if (b == 0xF0) lo = 0x90;  /* overlong */
    if (b == 0xF4) hi = 0x8F;  /* above U+10FFFF */
  } else {
    *pos = i;
    return REPLACEMENT;
  }
  for (; need > 0; need--) {
    if (i >= len || s[i] < lo || s[i] > hi) {
      *pos = i;  /* the offending byte starts the next subpart */
      return REPLACEMENT;
    }
    cp = (cp << 6) | (s[i++] & 0x3F);
    lo = 0x80, hi = 0xBF;
  }
  *pos = i;
  return cp;
}

static size_t utf8_put(uint32_t cp, char *out) {
  uint8_t *o = (uint8_t *)out;
  if (cp < 0x80) {
    o[0] = (uint8_t)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (uint8_t)(0xC0 | (cp >> 6));
    o[1] = (uint8_t)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (uint8_t)(0xE0 | (cp >> 12));
    o[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (uint8_t)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (uint8_t)(0xF0 | (cp >> 18));
  o[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (uint8_t)(0x80 | (cp & 0x3F));
  return 4;
}

/* The UTF-16 code units of the next code point of text. */
static int utf16_next(const uint8_t *s, size_t len, size_t *pos, uint16_t units[2]) {
  uint32_t cp = cnet__utf8_next(s, len, pos);
  if (cp < 0x10000) {
    units[0] = (uint16_t)cp;
    return 1;
  }
  cp -= 0x10000;
  units[0] = (uint16_t)(0xD800 | (cp >> 10));
  units[1] = (uint16_t)(0xDC00 | (cp & 0x3FF));
  return 2;
}

/* ---- Decoding ------------------------------------------------------------ */

/* Where decoded text goes. The text of one write() is one JS string, so a
 * high surrogate waits here for a low one that may come from the next part
 * of the same write(); left alone at the end it prints as U+FFFD. */
typedef struct {
  char *out;
  size_t n;
  uint16_t high;
} sink_t;

static void sink_unit(sink_t *s, uint16_t u) {
  if (s->high != 0) {
    if (u >= 0xDC00 && u <= 0xDFFF) {
      uint32_t cp = 0x10000 + (((uint32_t)s->high - 0xD800) << 10) + (u - 0xDC00);
      s->n += utf8_put(cp, s->out + s->n);
      s->high = 0;
      return;
    }
    s->n += utf8_put(REPLACEMENT, s->out + s->n);
    s->high = 0;
  }
  if (u >= 0xD800 && u <= 0xDBFF)
    s->high = u;
  else if (u >= 0xDC00 && u <= 0xDFFF)
    s->n += utf8_put(REPLACEMENT, s->out + s->n);
  else
    s->n += utf8_put(u, s->out + s->n);
}

static size_t sink_finish(sink_t *s) {
  if (s->high != 0)
    s->n += utf8_put(REPLACEMENT, s->out + s->n);
  s->out[s->n] = '\0';
  return s->n;
}

static void base64_put(sink_t *s, const uint8_t *p, size_t n, int enc) {
  static const char std[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  static const char url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const char *abc = enc == CNET_ENC_BASE64 ? std : url;
  char *o = s->out + s->n;

  for (; n >= 3; n -= 3, p += 3) {
    *o++ = abc[p[0] >> 2];
    *o++ = abc[((p[0] & 0x03) << 4) | (p[1] >> 4)];
    *o++ = abc[((p[1] & 0x0F) << 2) | (p[2] >> 6)];
    *o++ = abc[p[2] & 0x3F];
  }
  if (n > 0) {
    *o++ = abc[p[0] >> 2];
    if (n == 1) {
      *o++ = abc[(p[0] & 0x03) << 4];
    } else {
      *o++ = abc[((p[0] & 0x03) << 4) | (p[1] >> 4)];
      *o++ = abc[(p[1] & 0x0F) << 2];
    }
    if (enc == CNET_ENC_BASE64) {  /* base64url is never padded */
      *o++ = '=';
      if (n == 1)
        *o++ = '=';
    }
  }
  s->n = (size_t)(o - s->out);
}

/* Node's MakeString: one run of whole characters as a JS string. */
static void make_string(sink_t *s, int enc, const uint8_t *p, size_t n) {
  static const char hex[] = "0123456789abcdef";
  size_t i = 0;

  switch (enc) {
  case CNET_ENC_UTF8:
    while (i < n)
      s->n += utf8_put(cnet__utf8_next(p, n, &i), s->out + s->n);
    break;
  case CNET_ENC_UTF16LE:
    for (; i + 1 < n; i += 2)
      sink_unit(s, (uint16_t)(p[i] | (p[i + 1] << 8)));
    break;
  case CNET_ENC_LATIN1:
    for (; i < n; i++)
      s->n += utf8_put(p[i], s->out + s->n);
    break;
  case CNET_ENC_ASCII:  /* Node's ascii decoding drops the high bit */
    for (; i < n; i++)
      s->out[s->n++] = (char)(p[i] & 0x7F);
    break;
  case CNET_ENC_HEX:
    for (; i < n; i++) {
      s->out[s->n++] = hex[p[i] >> 4];
      s->out[s->n++] = hex[p[i] & 0x0F];
    }
    break;
  case CNET_ENC_BASE64:
  case CNET_ENC_BASE64URL:
    base64_put(s, p, n, enc);
    break;
  }
}

/* How many bytes at the end of a chunk start a character that the next
 * chunk may finish; sets d->missing to how many more it needs. These are
 * Node's rules to the letter, including its trust in any lead byte. */
static size_t utf8_held_back(cnet_decoder_t *d, const uint8_t *p, size_t n) {
  size_t held = 0;
  uint8_t total;

  if ((p[n - 1] & 0x80) == 0)
    return 0;
  for (size_t i = n - 1;; i--) {
    held++;
    if ((p[i] & 0xC0) == 0x80) {
      if (held >= 4 || i == 0)
        return 0;  /* no lead byte in reach: invalid, the body decodes it */
      continue;
    }
    if ((p[i] & 0xE0) == 0xC0)
      total = 2;
    else if ((p[i] & 0xF0) == 0xE0)
      total = 3;
    else if ((p[i] & 0xF8) == 0xF0)
      total = 4;
    else
      return 0;
    if (held >= total)
      return 0;  /* complete, or too long and so invalid anyway */
    d->missing = (uint8_t)(total - held);
    return held;
  }
}

static size_t held_back(cnet_decoder_t *d, const uint8_t *p, size_t n) {
  switch (d->enc) {
  case CNET_ENC_UTF8:
    return utf8_held_back(d, p, n);
  case CNET_ENC_UTF16LE:
    if (n % 2 == 1) {
      d->missing = 1;
      return 1;
    }
    if ((p[n - 1] & 0xFC) == 0xD8) {  /* a high surrogate */
      d->missing = 2;
      return 2;
    }
    return 0;
  default:  /* base64, base64url: whole 3-byte groups only */
    if (n % 3 != 0)
      d->missing = (uint8_t)(3 - n % 3);
    return n % 3;
  }
}

/* Finish the character held over from the last chunk with the first bytes
 * of this one; returns how many bytes of p it took. */
static size_t finish_held(cnet_decoder_t *d, const uint8_t *p, size_t n, sink_t *s) {
  size_t take = n < d->missing ? n : d->missing;
  int cut = 0;

  if (d->enc == CNET_ENC_UTF8) {
    /* A byte that cannot continue the character ends it unfinished; the
     * held bytes then decode alone, as V8 would decode them. */
    for (size_t i = 0; i < take; i++) {
      if ((p[i] & 0xC0) != 0x80) {
        take = i;
        cut = 1;
        break;
      }
    }
  }
  memcpy(d->buf + d->buffered, p, take);
  d->buffered = (uint8_t)(d->buffered + take);
  d->missing = cut ? 0 : (uint8_t)(d->missing - take);
  if (d->missing == 0) {
    make_string(s, d->enc, d->buf, d->buffered);
    d->buffered = 0;
  }
  return take;
}

void cnet__decoder_init(cnet_decoder_t *d, int enc) {
  memset(d, 0, sizeof(*d));
  d->enc = (uint8_t)enc;
}

size_t cnet__decoder_max_output(const cnet_decoder_t *d, size_t len) {
  switch (d->enc) {
  case CNET_ENC_UTF8:  /* every byte at most one U+FFFD */
    return 3 * (len + sizeof(d->buf));
  case CNET_ENC_UTF16LE:  /* every code unit at most 3 bytes */
    return 3 * ((len + sizeof(d->buf)) / 2);
  case CNET_ENC_BASE64:
  case CNET_ENC_BASE64URL:  /* the held group, then whole groups */
    return 4 * (len / 3 + 1);
  case CNET_ENC_ASCII:
    return len;
  default:  /* latin1, hex */
    return 2 * len;
  }
}

size_t cnet__decoder_write(cnet_decoder_t *d, const uint8_t *in, size_t len, char *out) {
  sink_t s = {out, 0, 0};

  switch (d->enc) {
  case CNET_ENC_UTF8:
  case CNET_ENC_UTF16LE:
  case CNET_ENC_BASE64:
  case CNET_ENC_BASE64URL:
    if (d->missing > 0 && len > 0) {
      size_t used = finish_held(d, in, len, &s);
      in += used;
      len -= used;
    }
    if (len > 0) {
      size_t held = held_back(d, in, len);
      memcpy(d->buf, in + len - held, held);
      d->buffered = (uint8_t)held;
      make_string(&s, d->enc, in, len - held);
    }
    break;
  default:
    make_string(&s, d->enc, in, len);
    break;
  }
  return sink_finish(&s);
}

size_t cnet__decoder_end(cnet_decoder_t *d, char *out) {
  sink_t s = {out, 0, 0};

  if (d->enc == CNET_ENC_UTF16LE && d->buffered % 2 == 1)
    d->buffered--;  /* Node drops a lone trailing byte */
  make_string(&s, d->enc, d->buf, d->buffered);
  d->buffered = 0;
  d->missing = 0;
  return sink_finish(&s);
}

/* ---- Encoding ------------------------------------------------------------ */

static int unbase64(uint8_t c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

static int unhex(uint8_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Node's legacy decoder, which looks at the low byte of each code unit:
 * other characters are skipped, '=' ends the input, a last lone sextet is
 * dropped. Both alphabets are taken whatever the encoding's name. */
static size_t base64_decode(const uint8_t *text, size_t len, uint8_t *out) {
  uint32_t acc = 0;
  int bits = 0;
  size_t n = 0, pos = 0;
  uint16_t u[2];

  while (pos < len) {
    int k = utf16_next(text, len, &pos, u);
    for (int j = 0; j < k; j++) {
      uint8_t c = (uint8_t)u[j];
      int v = unbase64(c);
      if (c == '=')
        return n;
      if (v < 0)
        continue;
      acc = (acc << 6) | (uint32_t)v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[n++] = (uint8_t)(acc >> bits);
      }
    }
  }
  return n;
}

/* Pairs of hex digits (low byte of each code unit again) up to the first
 * pair that is not; an odd last digit is dropped. */
static size_t hex_decode(const uint8_t *text, size_t len, uint8_t *out) {
  size_t n = 0, pos = 0;
  int hi = 0, odd = 0;
  uint16_t u[2];

  while (pos < len) {
    int k = utf16_next(text, len, &pos, u);
    for (int j = 0; j < k; j++) {
      int v = unhex((uint8_t)u[j]);
      if (!odd) {
        hi = v;
        odd = 1;
        continue;
      }
      if (hi < 0 || v < 0)
        return n;
      out[n++] = (uint8_t)((hi << 4) | v);
      odd = 0;
    }
  }
  return n;
}

size_t cnet__encode_max_output(int enc, size_t len) {
  switch (enc) {
  case CNET_ENC_UTF8:  /* an invalid byte becomes U+FFFD */
    return 3 * len;
  case CNET_ENC_UTF16LE:
    return 2 * len;
  case CNET_ENC_HEX:
    return len / 2;
  default:  /* latin1, ascii, base64: at most a byte per byte */
    return len;
  }
}

size_t cnet__encode(int enc, const char *text, size_t len, uint8_t *out) {
  const uint8_t *s = (const uint8_t *)text;
  size_t n = 0, pos = 0;
  uint16_t u[2];

  switch (enc) {
  case CNET_ENC_UTF16LE:
    while (pos < len) {
      int k = utf16_next(s, len, &pos, u);
      for (int j = 0; j < k; j++) {
        out[n++] = (uint8_t)u[j];
        out[n++] = (uint8_t)(u[j] >> 8);
      }
    }
    return n;
  case CNET_ENC_LATIN1:
  case CNET_ENC_ASCII:  /* writing ascii keeps the whole low byte */
    while (pos < len) {
      int k = utf16_next(s, len, &pos, u);
      for (int j = 0; j < k; j++)
        out[n++] = (uint8_t)u[j];
    }
    return n;
  case CNET_ENC_BASE64:
  case CNET_ENC_BASE64URL:
    return base64_decode(s, len, out);
  case CNET_ENC_HEX:
    return hex_decode(s, len, out);
  default:  /* utf8 */
    while (pos < len)
      n += utf8_put(cnet__utf8_next(s, len, &pos), (char *)out + n);
    return n;
  }
}
