/* TEMPORARY stub until the encoding branch lands */
#ifndef CNET_ENCODING_H
#define CNET_ENCODING_H
#include <stddef.h>
#include <stdint.h>
typedef enum { CNET_ENC_BUFFER = 0, CNET_ENC_UTF8, CNET_ENC_UTF16LE, CNET_ENC_LATIN1,
               CNET_ENC_ASCII, CNET_ENC_BASE64, CNET_ENC_BASE64URL, CNET_ENC_HEX } cnet_encoding;
int cnet__encoding_parse(const char *name);
const char *cnet__encoding_name(int enc);
typedef struct { uint8_t enc, need, have; uint8_t buf[4]; } cnet_decoder_t;
void cnet__decoder_init(cnet_decoder_t *d, int enc);
size_t cnet__decoder_max_output(const cnet_decoder_t *d, size_t len);
size_t cnet__decoder_write(cnet_decoder_t *d, const uint8_t *in, size_t len, char *out);
size_t cnet__decoder_end(cnet_decoder_t *d, char *out);
size_t cnet__encode_max_output(int enc, size_t len);
size_t cnet__encode(int enc, const char *text, size_t len, uint8_t *out);
#endif
