/* libFuzzer: SocketAddress.parse and the constructor on arbitrary strings.
 * Anything accepted must survive the trip through a kernel address. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "socketaddress.h"

static void round_trip(const cnet_socketaddress_t *sa) {
  struct sockaddr_storage ss;
  cnet_socketaddress_t back;
  if (cnet__socketaddress_to_sockaddr(sa, &ss) != 0) abort();
  if (cnet__socketaddress_from_sockaddr(&back, (struct sockaddr *)&ss) != 0) abort();
  if (strcmp(back.address, sa->address) != 0 || back.port != sa->port ||
      back.flowlabel != sa->flowlabel || back.family != sa->family)
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *s = malloc(size + 1);
  memcpy(s, data, size);
  s[size] = '\0';
  cnet_socketaddress_t sa;
  if (cnet_socketaddress_parse(&sa, s) == 0) round_trip(&sa);
  static const char *const families[] = {NULL, "ipv4", "ipv6", "IPv6"};
  int64_t flowlabel = size > 0 ? (int64_t)data[0] << (data[size - 1] % 40) : 0;
  for (int i = 0; i < 4; i++) {
    cnet_socketaddress_opts o = {.address = s, .family = families[i], .port = (int)size * 997 - 1000,
                                 .flowlabel = flowlabel};
    if (cnet_socketaddress_init(&sa, &o) == 0) round_trip(&sa);
  }
  cnet_socketaddress_opts o = {.family = s}; /* the family's inspect() */
  cnet_socketaddress_init(&sa, &o);
  free(s);
  return 0;
}
