/* libFuzzer target for cnet_is_ip, cnet_is_ipv4 and cnet_is_ipv6.
 *
 * Any input must be answered without a read past its NUL (ASan watches the
 * exact-size copy), the three functions must agree with each other, and on
 * glibc the answer must be inet_pton's: for addresses without a zone id
 * glibc accepts exactly Node's forms (it agrees on every Node-generated
 * vector in tests/vectors/isip.txt), so it serves as a second opinion. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>

#include "cnet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#ifdef __GLIBC__
static bool zone_ok(const char *z) {
  if (*z == '\0')
    return false;
  for (; *z != '\0'; z++)
    if (!strchr("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-.:", *z))
      return false;
  return true;
}

/* Node's answer as inet_pton gives it; zones are checked here, as glibc
 * does not take them. */
static int inet_pton_answer(char *s) {
  unsigned char addr[16];
  char *zone = strchr(s, '%');
  int answer;

  if (inet_pton(AF_INET, s, addr) == 1)
    return 4;
  if (zone == NULL)
    return inet_pton(AF_INET6, s, addr) == 1 ? 6 : 0;
  *zone = '\0';
  answer = inet_pton(AF_INET6, s, addr) == 1 && zone_ok(zone + 1) ? 6 : 0;
  *zone = '%';
  return answer;
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *s = malloc(size + 1);
  int ip;

  if (s == NULL)
    return 0;
  memcpy(s, data, size);
  s[size] = '\0';

  ip = cnet_is_ip(s);
  if (ip != 0 && ip != 4 && ip != 6)
    abort();
  if (cnet_is_ipv4(s) != (ip == 4) || cnet_is_ipv6(s) != (ip == 6))
    abort();
#ifdef __GLIBC__
  if (ip != inet_pton_answer(s))
    abort();
#endif
  free(s);
  return 0;
}
