/* Internal: Node's character encodings, as socket.setEncoding() decodes
 * received bytes (StringDecoder) and socket.write(string, encoding) encodes
 * a string (Buffer.from(string, encoding)).
 *
 * Text on the C side is UTF-8. A decoded string is the UTF-8 that Node
 * prints for the JS string StringDecoder returns, so a lone surrogate comes
 * out as U+FFFD (EF BF BD). Text to encode stands for the JS string whose
 * UTF-8 it is; an invalid UTF-8 sequence stands for U+FFFD, one per maximal
 * ill-formed subpart, as V8 decodes it.
 *
 * Nothing here allocates. */
#ifndef CNET_ENCODING_H
#define CNET_ENCODING_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
  CNET_ENC_BUFFER = 0,
  CNET_ENC_UTF8,
  CNET_ENC_UTF16LE,
  CNET_ENC_LATIN1,
  CNET_ENC_ASCII,
  CNET_ENC_BASE64,
  CNET_ENC_BASE64URL,
  CNET_ENC_HEX
} cnet_encoding;

/* Node's normalizeEncoding, as new StringDecoder(name) and so
 * socket.setEncoding(name) apply it: "utf8", "utf-8", "ucs2", "ucs-2",
 * "utf16le", "utf-16le", "latin1", "binary", "base64", "base64url", "hex",
 * "ascii" in any ASCII case. NULL and "" mean utf8, as undefined, null and ''
 * do in Node. Anything else, "buffer" included, fails with
 * CNET_ERR_UNKNOWN_ENCODING ("Unknown encoding: xyz") through cnet__throw.
 * socket.write() also takes "buffer", for a Buffer only: its caller checks
 * that before asking here. */
int cnet__encoding_parse(const char *name);

/* Node's canonical name: "utf8", "utf16le", "latin1", ..., "buffer". */
const char *cnet__encoding_name(int enc);

/* A StringDecoder. It lives inside every socket, so it is small and holds
 * the bytes of at most one unfinished character (or base64 group). */
typedef struct {
  uint8_t enc;
  uint8_t missing;   /* bytes still wanted to finish buf */
  uint8_t buffered;  /* bytes held in buf */
  uint8_t buf[4];
} cnet_decoder_t;

/* enc is a text encoding, as cnet__encoding_parse() returns: not BUFFER. */
void cnet__decoder_init(cnet_decoder_t *d, int enc);

/* A bound on the bytes that cnet__decoder_write() of len bytes, or
 * cnet__decoder_end() when len is 0, writes before the terminating NUL.
 * At most 3 * len + 12, so len must stay below SIZE_MAX / 4 (a read is). */
size_t cnet__decoder_max_output(const cnet_decoder_t *d, size_t len);

/* StringDecoder.write(): decodes len bytes into out, which has room for
 * cnet__decoder_max_output(d, len) + 1 bytes; returns the length of the
 * text and NUL-terminates it. The text itself may contain NUL bytes. */
size_t cnet__decoder_write(cnet_decoder_t *d, const uint8_t *in, size_t len, char *out);

/* StringDecoder.end(): whatever the decoder held back, then a fresh state. */
size_t cnet__decoder_end(cnet_decoder_t *d, char *out);

/* The next code point of the UTF-8 in s[*pos, len), or U+FFFD for one
 * maximal ill-formed subpart, as V8 and the WHATWG decoder count them
 * (overlongs, surrogates, stray continuation bytes); *pos moves past it. */
uint32_t cnet__utf8_next(const uint8_t *s, size_t len, size_t *pos);

/* A bound on the bytes cnet__encode() writes for len bytes of text. */
size_t cnet__encode_max_output(int enc, size_t len);

/* Buffer.from(str, enc) where str is the JS string whose UTF-8 is text:
 * utf16le writes code units, latin1 and ascii the low byte of each code
 * unit, hex stops at the first pair that is not hex, base64 and base64url
 * both take either alphabet, skip other characters and stop at '='.
 * Returns the number of bytes written to out. */
size_t cnet__encode(int enc, const char *text, size_t len, uint8_t *out);

#endif
