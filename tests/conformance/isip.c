/* Port of isip.js: net.isIP / isIPv4 / isIPv6 on inputs that show each rule. */
#include <stdio.h>

#include "cnet.h"

static const char *const inputs[] = {
  "", "127.0.0.1", "0.0.0.0", "255.255.255.255", "256.0.0.1", "1.2.3", "1.2.3.4.5",
  "01.2.3.4", "1.2.3.04", "1.2.3.4 ", "1.2.3.4%eth0", "localhost",
  "::", "::1", "1::", ":1", "1:", ":::", "1::2::3", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::",
  "::2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8::", "1:2:3:4:5:6:7", "12345::", "abcd:EF01::",
  "::g", "::ffff:1.2.3.4", "::ffff:01.2.3.4", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5::1.2.3.4",
  "1:2:3:4:5:6::1.2.3.4", "::1.2.3.4:1", "fe80::1%eth0", "fe80::1%a-b.c:d", "fe80::1%",
  "fe80::1%a_b", "fe80::1%eth0%1", "::ffff:1.2.3.4%1", "[::1]", "::1 ",
};

static const char *boolean(bool b) {
  return b ? "true" : "false";
}

int main(void) {
  for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
    const char *s = inputs[i];
    printf("isIP(\"%s\") = %d isIPv4 = %s isIPv6 = %s\n", s, cnet_is_ip(s),
           boolean(cnet_is_ipv4(s)), boolean(cnet_is_ipv6(s)));
  }
  return 0;
}
