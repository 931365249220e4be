/* net.isIP, net.isIPv4, net.isIPv6.
 *
 * Node decides these with two regular expressions (lib/internal/net.js). This
 * is a hand-written parser that accepts exactly the same strings:
 *
 *   IPv4: four decimal octets 0-255 joined by '.', no leading zeros.
 *   IPv6: groups of 1-4 hex digits joined by ':'; either eight groups, or at
 *         most seven around a single "::"; the last two groups may be written
 *         as an IPv4 dotted quad; then an optional zone "%" [0-9a-zA-Z-.:]+.
 *
 * Both the regexes and this parser are ASCII-only, so any byte >= 0x80 simply
 * fails to match. The character tests are written out rather than taken from
 * <ctype.h> because those depend on the locale and on char being unsigned.
 * No input is read past its NUL. */

#include <stdbool.h>
#include <stddef.h>

#include "cnet.h"

#define IPV6_GROUPS 8

static bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

static bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool is_zone_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         c == '-' || c == '.' || c == ':';
}

/* Length of the octet at s (0-255, no leading zero), or 0 if there is none.
 * Taking every digit at once is safe: an octet is always followed by '.' or
 * the end, so no shorter reading of a digit run could match either. */
static size_t octet_len(const char *s) {
  size_t n = 0;
  int value = 0;

  while (n < 4 && is_digit(s[n]))
    value = value * 10 + (s[n++] - '0');
  if (n == 0 || n > 3 || value > 255 || (n > 1 && s[0] == '0'))
    return 0;
  return n;
}

/* Length of the dotted quad that starts s, or 0 if there is none. */
static size_t dotted_quad_len(const char *s) {
  const char *p = s;
  size_t n;
  int i;

  for (i = 0; i < 4; i++) {
    if (i > 0 && *p++ != '.')
      return 0;
    n = octet_len(p);
    if (n == 0)
      return 0;
    p += n;
  }
  return (size_t)(p - s);
}

/* Number of hex digits that start s, counting no further than one too many. */
static size_t hex_group_len(const char *s) {
  size_t n = 0;

  while (n <= 4 && is_hex(s[n]))
    n++;
  return n;
}

/* The address part of an IPv6 string ends at the zone or at the NUL. */
static bool ipv6_addr_end(const char *p) {
  return *p == '\0' || *p == '%';
}

static bool ipv6_zone_ok(const char *p) {
  if (*p == '\0')
    return true;
  if (*p++ != '%' || *p == '\0')
    return false;
  for (; *p != '\0'; p++)
    if (!is_zone_char(*p))
      return false;
  return true;
}

/* Scans the address part, leaving *pp where it stopped. A group count above
 * eight fails at once, which also bounds the work on long inputs. */
static bool ipv6_addr_ok(const char **pp) {
  const char *p = *pp;
  bool compressed = false;
  int groups = 0;
  size_t n;

  for (;;) {
    if (p[0] == ':' && p[1] == ':') {
      if (compressed)
        return false;
      compressed = true;
      p += 2;
      if (ipv6_addr_end(p))
        break;
    } else if (groups > 0 && *p++ != ':') {
      return false;
    }
    /* A dotted quad stands for the last two groups, so it must end the address. */
    n = dotted_quad_len(p);
    if (n > 0 && ipv6_addr_end(p + n)) {
      groups += 2;
      p += n;
      break;
    }
    n = hex_group_len(p);
    if (n == 0 || n > 4 || ++groups > IPV6_GROUPS)
      return false;
    p += n;
    if (ipv6_addr_end(p))
      break;
  }
  *pp = p;
  /* "::" must stand for at least one zero group. */
  return compressed ? groups < IPV6_GROUPS : groups == IPV6_GROUPS;
}

bool cnet_is_ipv4(const char *input) {
  size_t n;

  if (input == NULL)
    return false;
  n = dotted_quad_len(input);
  return n > 0 && input[n] == '\0';
}

bool cnet_is_ipv6(const char *input) {
  const char *p = input;

  if (input == NULL)
    return false;
  return ipv6_addr_ok(&p) && ipv6_zone_ok(p);
}

int cnet_is_ip(const char *input) {
  if (cnet_is_ipv4(input))
    return 4;
  if (cnet_is_ipv6(input))
    return 6;
  return 0;
}
