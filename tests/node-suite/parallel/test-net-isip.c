/* test/parallel/test-net-isip.js: net.isIP(), isIPv4() and isIPv6() answer
 * 4/6/0 and true/false for IPv4, IPv6 (zone ids included) and non-addresses.
 * Node's non-string inputs (numbers, booleans, objects with toString) have no
 * C form; a missing input (undefined, null) is NULL. */
#include "../common.h"

int main(void) {
  CHECK_INT(cnet_is_ip("127.0.0.1"), 4);
  CHECK_INT(cnet_is_ip("x127.0.0.1"), 0);
  CHECK_INT(cnet_is_ip("example.com"), 0);
  CHECK_INT(cnet_is_ip("0000:0000:0000:0000:0000:0000:0000:0000"), 6);
  CHECK_INT(cnet_is_ip("0000:0000:0000:0000:0000:0000:0000:0000::0000"), 0);
  CHECK_INT(cnet_is_ip("1050:0:0:0:5:600:300c:326b"), 6);
  CHECK_INT(cnet_is_ip("2001:252:0:1::2008:6"), 6);
  CHECK_INT(cnet_is_ip("2001:dead:beef:1::2008:6"), 6);
  CHECK_INT(cnet_is_ip("2001::"), 6);
  CHECK_INT(cnet_is_ip("2001:dead::"), 6);
  CHECK_INT(cnet_is_ip("2001:dead:beef::"), 6);
  CHECK_INT(cnet_is_ip("2001:dead:beef:1::"), 6);
  CHECK_INT(cnet_is_ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), 6);
  CHECK_INT(cnet_is_ip(":2001:252:0:1::2008:6:"), 0);
  CHECK_INT(cnet_is_ip(":2001:252:0:1::2008:6"), 0);
  CHECK_INT(cnet_is_ip("2001:252:0:1::2008:6:"), 0);
  CHECK_INT(cnet_is_ip("2001:252::1::2008:6"), 0);
  CHECK_INT(cnet_is_ip("::2001:252:1:2008:6"), 6);
  CHECK_INT(cnet_is_ip("::2001:252:1:1.1.1.1"), 6);
  CHECK_INT(cnet_is_ip("::2001:252:1:255.255.255.255"), 6);
  CHECK_INT(cnet_is_ip("::2001:252:1:255.255.255.255.76"), 0);
  CHECK_INT(cnet_is_ip("fe80::2008%eth0"), 6);
  CHECK_INT(cnet_is_ip("fe80::2008%eth0.0"), 6);
  CHECK_INT(cnet_is_ip("fe80::2008%eth0@1"), 0);
  CHECK_INT(cnet_is_ip("::anything"), 0);
  CHECK_INT(cnet_is_ip("::1"), 6);
  CHECK_INT(cnet_is_ip("::"), 6);
  CHECK_INT(cnet_is_ip("0000:0000:0000:0000:0000:0000:12345:0000"), 0);
  CHECK_INT(cnet_is_ip("0"), 0);
  CHECK_INT(cnet_is_ip(NULL), 0); /* isIP(), isIP(null) */
  CHECK_INT(cnet_is_ip(""), 0);
  /* isIP({ toString }) is isIP of the string it gives */
  CHECK_INT(cnet_is_ip("bla"), 0);

  CHECK(cnet_is_ipv4("127.0.0.1"));
  CHECK(!cnet_is_ipv4("example.com"));
  CHECK(!cnet_is_ipv4("2001:252:0:1::2008:6"));
  CHECK(!cnet_is_ipv4(NULL));
  CHECK(!cnet_is_ipv4(""));
  CHECK(!cnet_is_ipv4("::2001:252:1:255.255.255.255"));
  CHECK(!cnet_is_ipv4("bla"));

  CHECK(!cnet_is_ipv6("127.0.0.1"));
  CHECK(!cnet_is_ipv6("example.com"));
  CHECK(cnet_is_ipv6("2001:252:0:1::2008:6"));
  CHECK(!cnet_is_ipv6(NULL));
  CHECK(!cnet_is_ipv6(""));
  CHECK(cnet_is_ipv6("::2001:252:1:255.255.255.255"));
  CHECK(!cnet_is_ipv6("bla"));
  return 0;
}
