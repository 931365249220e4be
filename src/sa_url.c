/* SocketAddress.parse() hands "http://" + input to the WHATWG URL parser and
 * keeps the host and port. Only an IP host can make a SocketAddress, so this
 * file does the parts of that parser that decide one: the authority split,
 * the port, the IPv6 and IPv4 host parsers (IPv4 as inet_aton reads it:
 * "127.1", "0x7f.1", "0xffffffff"), percent-decoding and the UTS #46
 * mappings that can turn non-ASCII text into an IPv4 address. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "encoding.h"
#include "socketaddress.h"

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* The URL spec drops trailing C0 controls and spaces and every tab and
 * newline; the leading ones sit after "http://", where they stay. */
static char *url_clean(const char *input) {
  size_t n = strlen(input);
  while (n > 0 && (unsigned char)input[n - 1] <= 0x20) n--;
  char *out = cnet__malloc(n + 1);
  size_t j = 0;
  for (size_t i = 0; i < n; i++)
    if (input[i] != '\t' && input[i] != '\n' && input[i] != '\r') out[j++] = input[i];
  out[j] = '\0';
  return out;
}

/* ---- IPv4: the WHATWG IPv4 parser ---- */

/* One dotted part; values past 2^32 are clamped, since any such is refused. */
static int ipv4_number(const char *s, size_t n, uint64_t *out) {
  unsigned radix = 10;
  if (n == 0) return -1;
  if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    radix = 16, s += 2, n -= 2;
  } else if (n >= 2 && s[0] == '0') {
    radix = 8, s += 1, n -= 1;
  }
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++) {
    int d = hexval((unsigned char)s[i]);
    if (d < 0 || (unsigned)d >= radix) return -1;
    v = v * radix + (unsigned)d;
    if (v > UINT32_MAX) v = (uint64_t)UINT32_MAX + 1;
  }
  *out = v;
  return 0;
}

static int ipv4_parse(const char *s, uint32_t *out) {
  uint64_t num[4];
  size_t len = strlen(s), nparts = 0, start = 0;
  if (len > 0 && s[len - 1] == '.') len--; /* "1.2.3.4." is 1.2.3.4 */
  for (size_t i = 0; i <= len; i++) {
    if (i < len && s[i] != '.') continue;
    if (nparts == 4 || ipv4_number(s + start, i - start, &num[nparts]) != 0) return -1;
    nparts++;
    start = i + 1;
  }
  for (size_t i = 0; i + 1 < nparts; i++)
    if (num[i] > 255) return -1;
  uint64_t last = num[nparts - 1];
  if (last >= (uint64_t)1 << (8 * (5 - nparts))) return -1;
  uint64_t v = last;
  for (size_t i = 0; i + 1 < nparts; i++) v += num[i] << (8 * (3 - i));
  *out = (uint32_t)v;
  return 0;
}

/* ---- IPv6: the WHATWG IPv6 parser ---- */

static int ipv6_dotted(const char **pp, uint16_t *piece, int *idx) {
  const char *p = *pp;
  int seen = 0;
  if (*idx > 6) return -1;
  while (*p) {
    int v = -1;
    if (seen > 0) {
      if (*p != '.' || seen >= 4) return -1;
      p++;
    }
    if (*p < '0' || *p > '9') return -1;
    for (; *p >= '0' && *p <= '9'; p++) {
      if (v == 0) return -1; /* no leading zeros */
      v = (v < 0 ? 0 : v * 10) + (*p - '0');
      if (v > 255) return -1;
    }
    piece[*idx] = (uint16_t)(piece[*idx] * 0x100 + v);
    if (++seen == 2 || seen == 4) (*idx)++;
  }
  *pp = p;
  return seen == 4 ? 0 : -1;
}

static int ipv6_parse(const char *p, uint16_t piece[8]) {
  int idx = 0, compress = -1;
  memset(piece, 0, 8 * sizeof *piece);
  if (*p == ':') {
    if (p[1] != ':') return -1;
    p += 2;
    compress = ++idx;
  }
  while (*p) {
    if (idx == 8) return -1;
    if (*p == ':') {
      if (compress >= 0) return -1;
      p++;
      compress = ++idx;
      continue;
    }
    unsigned v = 0;
    int len = 0;
    for (; len < 4 && hexval((unsigned char)*p) >= 0; p++, len++) v = v * 16 + (unsigned)hexval(*p);
    if (*p == '.') {
      if (len == 0) return -1;
      p -= len;
      if (ipv6_dotted(&p, piece, &idx) != 0) return -1;
      break;
    }
    if (*p == ':') {
      if (*++p == '\0') return -1;
    } else if (*p) {
      return -1;
    }
    piece[idx++] = (uint16_t)v;
  }
  if (compress >= 0) {
    for (int swaps = idx - compress, i = 7; i != 0 && swaps > 0; i--, swaps--) {
      uint16_t t = piece[i];
      piece[i] = piece[compress + swaps - 1];
      piece[compress + swaps - 1] = t;
    }
  } else if (idx != 8) {
    return -1;
  }
  return 0;
}

/* ---- domain to ASCII, as far as an IPv4 address can come out of it ---- */

/* UTS #46 on the characters that map to the ASCII of an IPv4 address or to
 * nothing; any other non-ASCII character leaves a name that is no address,
 * which is 0 here. Returns the mapped ASCII character, 0 to drop. */
static int idna_map(uint32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z' ? (int)c + 32 : (int)c;
  if (c >= 0xFF01 && c <= 0xFF5E) return idna_map(c - 0xFEE0); /* fullwidth ASCII */
  if (c == 0x3002 || c == 0xFF61) return '.';                  /* ideographic stops */
  if (c == 0x00AD || c == 0x034F || c == 0x200B || c == 0x2060 || c == 0xFEFF ||
      (c >= 0x180B && c <= 0x180D) || (c >= 0xFE00 && c <= 0xFE0F))
    return -1; /* ignored: mapped to nothing */
  return 0;
}

/* Percent-decode, then map; -1 when the result cannot be an IPv4 address. */
static int host_to_ascii(const char *in, char *out, size_t size) {
  size_t n = strlen(in), j = 0;
  unsigned char *dec = cnet__malloc(n + 1);
  for (size_t i = 0; i < n; i++) {
    int h, l;
    if (in[i] == '%' && (h = hexval((unsigned char)in[i + 1])) >= 0 &&
        (l = hexval((unsigned char)in[i + 2])) >= 0) {
      dec[j++] = (unsigned char)(h * 16 + l);
      i += 2;
    } else {
      dec[j++] = (unsigned char)in[i];
    }
  }
  /* The decoded host is read by its length: a %00 in it is a NUL that
   * fails the host, not its end. Ill-formed UTF-8 decodes to U+FFFD, which
   * fails it too, as in Node: no stray byte may turn into a digit. */
  size_t k = 0, pos = 0;
  int rc = 0;
  while (pos < j && rc == 0) {
    int m = idna_map(cnet__utf8_next(dec, j, &pos));
    if (m == 0 || k + 1 >= size) rc = -1;
    else if (m > 0) out[k++] = (char)m;
  }
  out[k] = '\0';
  free(dec);
  return rc;
}

static int parse_host(const char *h, size_t n, char host[CNET_ADDRSTRLEN], int *family) {
  char buf[CNET_ADDRSTRLEN];
  int rc = -1;
  char *s = cnet__malloc(n + 1);
  memcpy(s, h, n);
  s[n] = '\0';
  if (s[0] == '[') {
    uint16_t piece[8];
    unsigned char bytes[16];
    if (n >= 2 && s[n - 1] == ']') {
      s[n - 1] = '\0';
      if (ipv6_parse(s + 1, piece) == 0) {
        for (int i = 0; i < 8; i++) bytes[2 * i] = piece[i] >> 8, bytes[2 * i + 1] = piece[i] & 0xFF;
        rc = uv_inet_ntop(AF_INET6, bytes, host, CNET_ADDRSTRLEN) == 0 ? 0 : -1;
        *family = 6;
      }
    }
  } else {
    uint32_t v4;
    if (host_to_ascii(s, buf, sizeof buf) == 0 && ipv4_parse(buf, &v4) == 0) {
      snprintf(host, CNET_ADDRSTRLEN, "%u.%u.%u.%u", v4 >> 24, (v4 >> 16) & 255, (v4 >> 8) & 255,
               v4 & 255);
      *family = 4;
      rc = 0;
    }
  }
  free(s);
  return rc;
}

/* The port state: digits only, at most 65535; http's 80 reads as none. */
static int parse_port(const char *p, size_t n, int *port) {
  long v = 0;
  for (size_t i = 0; i < n; i++) {
    if (p[i] < '0' || p[i] > '9') return -1;
    v = v * 10 + (p[i] - '0');
    if (v > 65535) return -1;
  }
  *port = v == 80 ? 0 : (int)v;
  return 0;
}

int cnet__url_ip_host(const char *input, char host[CNET_ADDRSTRLEN], int *family, int *port) {
  char *url = url_clean(input);
  const char *a = url + strspn(url, "/\\"); /* "http:///x" skips the extra slashes */
  size_t auth = strcspn(a, "/\\?#");
  const char *h = a;
  for (size_t i = 0; i < auth; i++)
    if (a[i] == '@') h = a + i + 1; /* credentials end at the last '@' */
  size_t n = (size_t)(a + auth - h), colon = n;
  int in_brackets = 0, rc = -1;
  for (size_t i = 0; i < n && colon == n; i++) {
    if (h[i] == '[') in_brackets = 1;
    if (h[i] == ']') in_brackets = 0;
    if (h[i] == ':' && !in_brackets) colon = i;
  }
  *port = 0;
  if (colon > 0 && (colon == n || parse_port(h + colon + 1, n - colon - 1, port) == 0))
    rc = parse_host(h, colon, host, family);
  free(url);
  return rc;
}
