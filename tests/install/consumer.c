/* A program outside the tree, built against the installed cnet. */
#include <cnet.h>
#include <stdio.h>

int main(void) {
  printf("%d %d\n", cnet_is_ip("::1"), cnet_is_ip("127.0.0.1"));
  return cnet_is_ipv6("::1") ? 0 : 1;
}
