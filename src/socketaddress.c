/* net.SocketAddress: validation worded as Node's, and the conversions to and
 * from kernel addresses. Addresses are read with libuv's uv_ip4_addr() and
 * uv_ip6_addr() and printed with uv_inet_ntop(), as Node's C++ side does, so
 * what is accepted and how it reads back are Node's. */
#include "socketaddress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"

#define FLOWLABEL_MASK 0xFFFFFu /* 20 bits; Node aborts on more (CHECK_LE) */

/* 4, 6, or 0: Node lower-cases the family. No non-ASCII character
 * lower-cases to the ASCII of "ipv4"/"ipv6", so ASCII folding is enough. */
static int family_of(const char *name) {
  char low[5];
  size_t i;
  for (i = 0; name[i] && i < 4; i++)
    low[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 : name[i]);
  low[i] = '\0';
  if (name[i] != '\0' || i != 4) return 0;
  if (strcmp(low, "ipv4") == 0) return 4;
  if (strcmp(low, "ipv6") == 0) return 6;
  return 0;
}

static int to_storage(int family, const char *address, int port, struct sockaddr_storage *ss) {
  memset(ss, 0, sizeof *ss);
  if (family == 4) return uv_ip4_addr(address, port, (struct sockaddr_in *)ss);
  if (family == 6) return uv_ip6_addr(address, port, (struct sockaddr_in6 *)ss);
  return UV_EINVAL;
}

/* ---- numbers and strings as Node's error messages print them ---- */

/* String(n) for an int64 made a JS number: exact up to 2^53, beyond that
 * the shortest digits that read back as the same double, zero-padded. */
static void js_number(int64_t v, char *out, size_t size) {
  double d = (double)v;
  char e[40];
  if (v >= -(INT64_C(1) << 53) && v <= INT64_C(1) << 53) {
    snprintf(out, size, "%lld", (long long)v);
    return;
  }
  for (int prec = 0; prec < 17; prec++) {
    snprintf(e, sizeof e, "%.*e", prec, d);
    if (strtod(e, NULL) == d) break;
  }
  /* e is "[-]D.DDDe+XX": lay the digits out as an integer. */
  char digits[24];
  size_t nd = 0;
  const char *p = e + (e[0] == '-');
  for (; *p != 'e'; p++)
    if (*p != '.') digits[nd++] = *p;
  int exp = atoi(p + 1);
  size_t k = (size_t)snprintf(out, size, "%s", e[0] == '-' ? "-" : "");
  for (int i = 0; i <= exp && k + 1 < size; i++) out[k++] = (size_t)i < nd ? digits[i] : '0';
  out[k] = '\0';
}

/* Node's addNumericalSeparator: "4294967297" -> "4_294_967_297". */
static void add_separators(const char *in, char *out) {
  char tail[48];
  size_t i = strlen(in), start = in[0] == '-', k = sizeof tail - 1;
  tail[k] = '\0';
  for (; i >= start + 4; i -= 3) {
    k -= 3;
    memcpy(tail + k, in + i - 3, 3);
    tail[--k] = '_';
  }
  memcpy(out, in, i);
  strcpy(out + i, tail + k);
}

/* Received ... of ERR_OUT_OF_RANGE for an integer. */
static void out_of_range_received(int64_t v, char *out, size_t size) {
  char plain[32];
  js_number(v, plain, sizeof plain);
  if ((v > INT64_C(4294967296) || v < -INT64_C(4294967296)) && size >= 48)
    add_separators(plain, out);
  else
    snprintf(out, size, "%s", plain);
}

/* ---- util.inspect(string) ---- */

typedef struct {
  uint16_t *u;
  size_t n, cap;
} u16buf;

static void u16_put(u16buf *b, uint16_t c) {
  if (b->n == b->cap) {
    b->cap = b->cap ? b->cap * 2 : 64;
    b->u = cnet__realloc(b->u, b->cap * sizeof *b->u);
  }
  b->u[b->n++] = c;
}

static void u16_puts(u16buf *b, const char *s) {
  while (*s) u16_put(b, (unsigned char)*s++);
}

/* UTF-8 to UTF-16 as V8 reads it, a malformed sequence becoming U+FFFD. */
static void utf8_to_u16(const char *s, u16buf *out) {
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    uint32_t c = *p, min = 0;
    int more = c < 0x80 ? 0 : c >= 0xC2 && c < 0xE0 ? 1 : c >= 0xE0 && c < 0xF0 ? 2
             : c >= 0xF0 && c < 0xF5 ? 3 : -1;
    p++;
    if (more < 0) c = 0xFFFD, more = 0;
    if (more) c &= 0x3Fu >> more, min = more == 1 ? 0x80 : more == 2 ? 0x800 : 0x10000;
    for (int i = 0; i < more; i++, p++) {
      if ((*p & 0xC0) != 0x80) {
        c = 0xFFFD, min = 0;
        break;
      }
      c = (c << 6) | (*p & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
    if (c >= 0x10000) {
      u16_put(out, (uint16_t)(0xD800 + ((c - 0x10000) >> 10)));
      c = 0xDC00 + ((c - 0x10000) & 0x3FF);
    }
    u16_put(out, (uint16_t)c);
  }
}

static bool u16_has(const uint16_t *s, size_t n, const char *needle) {
  size_t m = strlen(needle);
  for (size_t i = 0; i + m <= n; i++) {
    size_t j = 0;
    while (j < m && s[i + j] == (unsigned char)needle[j]) j++;
    if (j == m) return true;
  }
  return false;
}

/* Node's strEscape: pick the quote, escape controls, backslash and quote. */
static void str_escape(const uint16_t *s, size_t n, u16buf *out) {
  char quote = '\'';
  if (u16_has(s, n, "'")) {
    if (!u16_has(s, n, "\""))
      quote = '"';
    else if (!u16_has(s, n, "`") && !u16_has(s, n, "${"))
      quote = '`';
  }
  u16_put(out, (uint16_t)quote);
  for (size_t i = 0; i < n; i++) {
    uint16_t c = s[i];
    char esc[8] = "";
    if (c == 8 || c == 9 || c == 10 || c == 12 || c == 13)
      snprintf(esc, sizeof esc, "\\%c", "btn?fr"[c - 8]);
    else if (c < 32 || (c >= 127 && c < 160))
      snprintf(esc, sizeof esc, "\\x%02X", c);
    else if (c == '\\' || (c == '\'' && quote == '\''))
      snprintf(esc, sizeof esc, "\\%c", c);
    if (esc[0]) u16_puts(out, esc);
    else u16_put(out, c);
  }
  u16_put(out, (uint16_t)quote);
}

static void u16_to_utf8(const uint16_t *s, size_t n, char *out) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    uint32_t c = s[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF)
      c = 0x10000 + ((c - 0xD800) << 10) + (s[++i] - 0xDC00);
    else if (c >= 0xD800 && c <= 0xDFFF)
      c = 0xFFFD; /* a pair the cut split in two */
    if (c < 0x80) {
      out[k++] = (char)c;
    } else if (c < 0x800) {
      out[k++] = (char)(0xC0 | c >> 6), out[k++] = (char)(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out[k++] = (char)(0xE0 | c >> 12), out[k++] = (char)(0x80 | ((c >> 6) & 0x3F));
      out[k++] = (char)(0x80 | (c & 0x3F));
    } else {
      out[k++] = (char)(0xF0 | c >> 18), out[k++] = (char)(0x80 | ((c >> 12) & 0x3F));
      out[k++] = (char)(0x80 | ((c >> 6) & 0x3F)), out[k++] = (char)(0x80 | (c & 0x3F));
    }
  }
  out[k] = '\0';
}

/* inspect() breaks a string longer than breakLength - 4 (124) after each
 * newline, quoting each line; ERR_INVALID_ARG_VALUE then keeps 128 units. */
void cnet__inspect_string_arg(const char *s, char *buf) {
  u16buf in = {0}, out = {0};
  utf8_to_u16(s, &in);
  size_t start = 0;
  for (size_t i = 0; i < in.n; i++) {
    if (in.n <= 124 || in.u[i] != '\n' || i + 1 == in.n) continue;
    str_escape(in.u + start, i + 1 - start, &out);
    u16_puts(&out, " +\n  ");
    start = i + 1;
  }
  str_escape(in.u + start, in.n - start, &out);
  bool cut = out.n > 128;
  u16_to_utf8(out.u, cut ? 128 : out.n, buf);
  if (cut) strcat(buf, "...");
  free(in.u);
  free(out.u);
}

/* ---- the API ---- */

static int throw_family(const char *family) {
  char received[CNET__INSPECT_MAX];
  cnet__inspect_string_arg(family, received);
  return cnet__throw(CNET_ERR_INVALID_ARG_VALUE,
                     "The property 'options.family' is invalid. Received %s", received);
}

static int throw_flowlabel(int64_t v, const char *max) {
  char received[48];
  out_of_range_received(v, received, sizeof received);
  return cnet__throw(CNET_ERR_OUT_OF_RANGE,
                     "The value of \"options.flowlabel\" is out of range. It must be >= 0 && <= "
                     "%s. Received %s", max, received);
}

int cnet_socketaddress_init(cnet_socketaddress_t *sa, const cnet_socketaddress_opts *opts) {
  static const cnet_socketaddress_opts defaults;
  struct sockaddr_storage ss;
  if (!sa) return UV_EINVAL;
  if (!opts) opts = &defaults;
  const char *family_name = opts->family ? opts->family : "ipv4";
  /* Node picks the default address before it lower-cases the family, so
   * {family: 'IPv4'} alone gets '::' and fails: kept. */
  const char *address =
      opts->address ? opts->address : strcmp(family_name, "ipv4") == 0 ? "127.0.0.1" : "::";
  int family = family_of(family_name);
  if (!family) return throw_family(family_name);
  if (opts->port < 0 || opts->port > 65535)
    return cnet__throw(CNET_ERR_SOCKET_BAD_PORT,
                       "options.port should be >= 0 and < 65536. Received type number (%d).",
                       opts->port);
  if (opts->flowlabel < 0 || opts->flowlabel > UINT32_MAX)
    return throw_flowlabel(opts->flowlabel, "4294967295");
  /* Node 23.5 aborts the process on the flow labels below (a CHECK in its
   * C++); a range error is the useful answer. It passes labels as int32, so
   * 2^31 and up abort for either family, before the address is read. */
  if (opts->flowlabel > INT32_MAX)
    return throw_flowlabel(opts->flowlabel, family == 6 ? "1048575" : "2147483647");
  if (to_storage(family, address, opts->port, &ss) != 0)
    return cnet__throw(CNET_ERR_INVALID_ADDRESS, "Invalid socket address");
  if (family == 6 && opts->flowlabel > FLOWLABEL_MASK) return throw_flowlabel(opts->flowlabel, "1048575");
  cnet__socketaddress_from_sockaddr(sa, (struct sockaddr *)&ss);
  sa->flowlabel = family == 6 ? (uint32_t)opts->flowlabel : 0; /* ipv4 has none */
  return 0;
}

int cnet_socketaddress_parse(cnet_socketaddress_t *sa, const char *input) {
  char host[CNET_ADDRSTRLEN];
  int family, port;
  if (!sa) return UV_EINVAL;
  if (!input)
    return cnet__throw(CNET_ERR_INVALID_ARG_TYPE,
                       "The \"input\" argument must be of type string. Received undefined");
  if (cnet__url_ip_host(input, host, &family, &port) != 0)
    return cnet__throw(CNET_ERR_INVALID_ADDRESS, "Invalid socket address");
  cnet_socketaddress_opts o = {.address = host, .family = family == 6 ? "ipv6" : "ipv4", .port = port};
  return cnet_socketaddress_init(sa, &o);
}

const char *cnet_socketaddress_family_name(const cnet_socketaddress_t *sa) {
  return sa && sa->family == 6 ? "ipv6" : "ipv4";
}

/* ---- internal ---- */

int cnet__socketaddress_to_sockaddr(const cnet_socketaddress_t *sa, struct sockaddr_storage *ss) {
  if (!sa || memchr(sa->address, '\0', sizeof sa->address) == NULL ||
      to_storage(sa->family, sa->address, 0, ss) != 0)
    return cnet__throw(CNET_ERR_INVALID_ADDRESS, "Invalid socket address");
  if (sa->port < 0 || sa->port > 65535)
    return cnet__throw(CNET_ERR_SOCKET_BAD_PORT,
                       "Port should be >= 0 and < 65536. Received type number (%d).", sa->port);
  if (sa->family == 4) {
    ((struct sockaddr_in *)ss)->sin_port = htons((uint16_t)sa->port);
  } else {
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
    in6->sin6_port = htons((uint16_t)sa->port);
    in6->sin6_flowinfo = htonl(sa->flowlabel & FLOWLABEL_MASK);
  }
  return 0;
}

int cnet__socketaddress_bytes(const cnet_socketaddress_t *sa, unsigned char bytes[16]) {
  struct sockaddr_storage ss;
  if (!sa || memchr(sa->address, '\0', sizeof sa->address) == NULL ||
      to_storage(sa->family, sa->address, 0, &ss) != 0)
    return cnet__throw(CNET_ERR_INVALID_ADDRESS, "Invalid socket address");
  if (sa->family == 4) {
    memcpy(bytes, &((struct sockaddr_in *)&ss)->sin_addr, 4);
    return AF_INET;
  }
  memcpy(bytes, &((struct sockaddr_in6 *)&ss)->sin6_addr, 16);
  return AF_INET6;
}

int cnet__socketaddress_from_sockaddr(cnet_socketaddress_t *sa, const struct sockaddr *addr) {
  if (addr->sa_family != AF_INET && addr->sa_family != AF_INET6) return UV_EAFNOSUPPORT;
  memset(sa, 0, sizeof *sa); /* a value that compares and copies whole */
  if (addr->sa_family == AF_INET) {
    const struct sockaddr_in *in = (const struct sockaddr_in *)addr;
    uv_inet_ntop(AF_INET, &in->sin_addr, sa->address, sizeof sa->address);
    sa->family = 4;
    sa->port = ntohs(in->sin_port);
  } else {
    const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)addr;
    uv_inet_ntop(AF_INET6, &in6->sin6_addr, sa->address, sizeof sa->address);
    sa->family = 6;
    sa->port = ntohs(in6->sin6_port);
    sa->flowlabel = ntohl(in6->sin6_flowinfo) & FLOWLABEL_MASK;
  }
  return 0;
}

/* inspect() puts an object on one line when its entries, plus 19 for the
 * braces and separators, fit in breakLength (80); else one entry a line. */
void cnet__socketaddress_inspect(const cnet_socketaddress_t *sa, char *buf, size_t size) {
  char e[4][CNET_ADDRSTRLEN + 16];
  int len = 19;
  len += snprintf(e[0], sizeof e[0], "address: '%s'", sa->address);
  len += snprintf(e[1], sizeof e[1], "port: %d", sa->port);
  len += snprintf(e[2], sizeof e[2], "family: '%s'", cnet_socketaddress_family_name(sa));
  len += snprintf(e[3], sizeof e[3], "flowlabel: %u", sa->flowlabel);
  bool one_line = len <= 80;
  const char *open = one_line ? " " : "\n  ", *sep = one_line ? ", " : ",\n  ";
  snprintf(buf, size, "SocketAddress {%s%s%s%s%s%s%s%s%s}", open, e[0], sep, e[1], sep, e[2], sep,
           e[3], one_line ? " " : "\n");
}
