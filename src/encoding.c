#include "encoding.h"
#include <string.h>
int cnet__encoding_parse(const char *name) { (void)name; return CNET_ENC_UTF8; }
const char *cnet__encoding_name(int enc) { (void)enc; return "utf8"; }
void cnet__decoder_init(cnet_decoder_t *d, int enc) { memset(d, 0, sizeof *d); d->enc = (uint8_t)enc; }
size_t cnet__decoder_max_output(const cnet_decoder_t *d, size_t len) { (void)d; return len; }
size_t cnet__decoder_write(cnet_decoder_t *d, const uint8_t *in, size_t len, char *out) { (void)d; memcpy(out, in, len); out[len] = 0; return len; }
size_t cnet__decoder_end(cnet_decoder_t *d, char *out) { (void)d; out[0] = 0; return 0; }
size_t cnet__encode_max_output(int enc, size_t len) { (void)enc; return len; }
size_t cnet__encode(int enc, const char *text, size_t len, uint8_t *out) { (void)enc; memcpy(out, text, len); return len; }
