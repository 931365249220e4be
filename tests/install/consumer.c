/* A program outside the tree, built against the installed cnet: it runs
 * with the library it was compiled against. */
#include <cnet.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  printf("cnet %s: %d %d\n", cnet_version_string(), cnet_is_ip("::1"), cnet_is_ip("127.0.0.1"));
  if (cnet_version() != CNET_VERSION_HEX || strcmp(cnet_version_string(), CNET_VERSION_STRING) != 0)
    return 2;
  return cnet_is_ipv6("::1") ? 0 : 1;
}
