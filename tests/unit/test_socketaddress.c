/* net.SocketAddress: Node's test-socketaddress.js cases (with v23.5.0's
 * answers: its URL step drops http's default port 80), the flow labels on
 * which Node 23.5 aborts, and the kernel-address helpers. More cases are in
 * test_blocklist.c's replay of the recorded vectors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "error.h"
#include "socketaddress.h"

static void assert_sa(const cnet_socketaddress_t *sa, const char *address, int port,
                      const char *family, unsigned flowlabel) {
  assert_string_equal(sa->address, address);
  assert_int_equal(sa->port, port);
  assert_string_equal(cnet_socketaddress_family_name(sa), family);
  assert_int_equal(sa->flowlabel, flowlabel);
}

static int init(cnet_socketaddress_t *sa, const char *address, const char *family, int port,
                int64_t flowlabel) {
  cnet_socketaddress_opts o = {.address = address, .family = family, .port = port,
                               .flowlabel = flowlabel};
  return cnet_socketaddress_init(sa, &o);
}

static void assert_thrown(int rc, int code, const char *message) {
  assert_int_equal(rc, code);
  assert_string_equal(cnet_last_error()->message, message);
}

static void defaults(void **state) {
  (void)state;
  cnet_socketaddress_t sa;
  assert_int_equal(cnet_socketaddress_init(&sa, NULL), 0);
  assert_sa(&sa, "127.0.0.1", 0, "ipv4", 0);
  assert_int_equal(cnet_socketaddress_init(&sa, &(cnet_socketaddress_opts){0}), 0);
  assert_sa(&sa, "127.0.0.1", 0, "ipv4", 0);
  assert_int_equal(init(&sa, "123.123.123.123", NULL, 80, 0), 0);
  assert_sa(&sa, "123.123.123.123", 80, "ipv4", 0);
  assert_int_equal(init(&sa, NULL, "ipv6", 0, 0), 0);
  assert_sa(&sa, "::", 0, "ipv6", 0);
  assert_int_equal(init(&sa, NULL, "ipv6", 0, 1), 0);
  assert_sa(&sa, "::", 0, "ipv6", 1);
  assert_int_equal(init(&sa, NULL, "IPv6", 0, 0), 0); /* case-insensitive */
  assert_sa(&sa, "::", 0, "ipv6", 0);
  assert_int_equal(init(&sa, "0:0:0:0:0:0:0:1", "ipv6", 65535, 0xFFFFF), 0);
  assert_sa(&sa, "::1", 65535, "ipv6", 0xFFFFF);
  assert_int_equal(init(&sa, "fe80::1%lo", "ipv6", 0, 0), 0); /* zone dropped */
  assert_sa(&sa, "fe80::1", 0, "ipv6", 0);
  assert_int_equal(init(&sa, "1.2.3.4", "ipv4", 0, 5), 0); /* no flow label for ipv4 */
  assert_sa(&sa, "1.2.3.4", 0, "ipv4", 0);
}

static void validation(void **state) {
  (void)state;
  cnet_socketaddress_t sa;
  assert_thrown(init(&sa, NULL, "test", 0, 0), CNET_ERR_INVALID_ARG_VALUE,
                "The property 'options.family' is invalid. Received 'test'");
  assert_thrown(init(&sa, NULL, "it's", 0, 0), CNET_ERR_INVALID_ARG_VALUE,
                "The property 'options.family' is invalid. Received \"it's\"");
  assert_thrown(init(&sa, NULL, "IPv4", 0, 0), CNET_ERR_INVALID_ADDRESS, /* '::' as ipv4 */
                "Invalid socket address");
  assert_thrown(init(&sa, NULL, NULL, -1, 0), CNET_ERR_SOCKET_BAD_PORT,
                "options.port should be >= 0 and < 65536. Received type number (-1).");
  assert_thrown(init(&sa, NULL, NULL, 70000, 0), CNET_ERR_SOCKET_BAD_PORT,
                "options.port should be >= 0 and < 65536. Received type number (70000).");
  assert_thrown(init(&sa, NULL, NULL, 0, -1), CNET_ERR_OUT_OF_RANGE,
                "The value of \"options.flowlabel\" is out of range. It must be >= 0 && <= "
                "4294967295. Received -1");
  assert_thrown(init(&sa, NULL, NULL, 0, (INT64_C(1) << 40) + 7), CNET_ERR_OUT_OF_RANGE,
                "The value of \"options.flowlabel\" is out of range. It must be >= 0 && <= "
                "4294967295. Received 1_099_511_627_783");
  assert_thrown(init(&sa, "1.2.3", NULL, 0, 0), CNET_ERR_INVALID_ADDRESS, "Invalid socket address");
  assert_thrown(init(&sa, "1.2.3.4", "ipv6", 0, 0), CNET_ERR_INVALID_ADDRESS,
                "Invalid socket address");
  assert_int_equal(cnet_socketaddress_init(NULL, NULL), UV_EINVAL);
}

/* Node 23.5 aborts on these (CHECKs in node_sockaddr.cc); cnet throws. */
static void flowlabels_node_aborts_on(void **state) {
  (void)state;
  cnet_socketaddress_t sa;
  assert_thrown(init(&sa, "::1", "ipv6", 0, 1 << 20), CNET_ERR_OUT_OF_RANGE,
                "The value of \"options.flowlabel\" is out of range. It must be >= 0 && <= "
                "1048575. Received 1048576");
  assert_thrown(init(&sa, "1.2.3.4", "ipv4", 0, INT64_C(1) << 31), CNET_ERR_OUT_OF_RANGE,
                "The value of \"options.flowlabel\" is out of range. It must be >= 0 && <= "
                "2147483647. Received 2147483648");
  assert_thrown(init(&sa, "xx", "ipv6", 0, 1 << 20), CNET_ERR_INVALID_ADDRESS,
                "Invalid socket address"); /* as Node: the address is read first */
  assert_int_equal(init(&sa, "1.2.3.4", "ipv4", 0, INT32_MAX), 0);
  assert_sa(&sa, "1.2.3.4", 0, "ipv4", 0);
}

static void parse(void **state) {
  (void)state;
  static const struct {
    const char *input, *address;
    int port;
    const char *family;
  } good[] = {
    {"1.2.3.4", "1.2.3.4", 0, "ipv4"},         {"192.168.257:1", "192.168.1.1", 1, "ipv4"},
    {"256", "0.0.1.0", 0, "ipv4"},             {"999999999:12", "59.154.201.255", 12, "ipv4"},
    {"0xffffffff", "255.255.255.255", 0, "ipv4"}, {"0x.0x.0", "0.0.0.0", 0, "ipv4"},
    {"[1:0::]", "1::", 0, "ipv6"},             {"[1::8]:123", "1::8", 123, "ipv6"},
    {"127.0.0.1:80", "127.0.0.1", 0, "ipv4"},  {"127.0.0.1:443", "127.0.0.1", 443, "ipv4"},
    {"[::1]:80", "::1", 0, "ipv6"},            {"[::1]:443", "::1", 443, "ipv6"},
    {"user:80@1.2.3.4", "1.2.3.4", 0, "ipv4"}, {"user:80@1.2.3.4:80", "1.2.3.4", 0, "ipv4"},
    {"user:80@1.2.3.4:123", "1.2.3.4", 123, "ipv4"}, {"user:80@[::1]", "::1", 0, "ipv6"},
    {"user:80@[::1]:80", "::1", 0, "ipv6"},    {"user:80@[::1]:123", "::1", 123, "ipv6"},
    {"127.1:81", "127.0.0.1", 81, "ipv4"},     {"[::ffff:1.2.3.4]:1", "::ffff:1.2.3.4", 1, "ipv6"},
    {"\xef\xbc\x91\xef\xbc\x92\xef\xbc\x97.0.0.1", "127.0.0.1", 0, "ipv4"},
  };
  static const char *const bad[] = {"not an ip", "abc.123", "259.1.1.1", "12:12:12", "::1",
                                    "1.2.3.4:65536", "[fe80::1%eth0]:1", " 1.2.3.4", ""};
  cnet_socketaddress_t sa;
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    assert_int_equal(cnet_socketaddress_parse(&sa, good[i].input), 0);
    assert_sa(&sa, good[i].address, good[i].port, good[i].family, 0);
  }
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_int_equal(cnet_socketaddress_parse(&sa, bad[i]), CNET_ERR_INVALID_ADDRESS);
  assert_thrown(cnet_socketaddress_parse(&sa, NULL), CNET_ERR_INVALID_ARG_TYPE,
                "The \"input\" argument must be of type string. Received undefined");
}

/* The host is percent-decoded, then read as UTF-8: a %00 fails it (cnet
 * stopped there: "14486%008103" was 0.0.56.150), and so does a byte that
 * is not well-formed UTF-8 (cnet read "%B1" as '1', so "%B1.2.3.4" was
 * 1.2.3.4). Node v23.5.0 returns undefined for each; the percent-encoded
 * UTF-8 of a fullwidth digit still maps to the digit. Found by test_diff_ip. */
static void parse_percent_decoded_host(void **state) {
  (void)state;
  static const char *const bad[] = {"14486%008103", "1%00", "1%00.2.3.4", "1%aE", "%B1.2.3.4",
                                    "%C0%B1.2.3.4", "%E0%80%B1.2.3.4", "1.2.3.4%FF", "%ED%A0%80",
                                    "%F8%88%80%80%B1.2.3.4", "1.2.3.%EF%BC"};
  cnet_socketaddress_t sa;
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_int_equal(cnet_socketaddress_parse(&sa, bad[i]), CNET_ERR_INVALID_ADDRESS);
  assert_int_equal(cnet_socketaddress_parse(&sa, "%EF%BC%91.2.3.4:7"), 0);
  assert_sa(&sa, "1.2.3.4", 7, "ipv4", 0);
  assert_int_equal(cnet_socketaddress_parse(&sa, "%31.2%2e3.4"), 0);
  assert_sa(&sa, "1.2.3.4", 0, "ipv4", 0);
}

static void kernel_addresses(void **state) {
  (void)state;
  cnet_socketaddress_t sa, back;
  struct sockaddr_storage ss;
  assert_int_equal(init(&sa, "fe80::1", "ipv6", 8080, 77), 0);
  assert_int_equal(cnet__socketaddress_to_sockaddr(&sa, &ss), 0);
  assert_int_equal(ss.ss_family, AF_INET6);
  assert_int_equal(cnet__socketaddress_from_sockaddr(&back, (struct sockaddr *)&ss), 0);
  assert_memory_equal(&sa, &back, sizeof sa);
  assert_int_equal(init(&sa, "10.1.2.3", NULL, 1, 0), 0);
  assert_int_equal(cnet__socketaddress_to_sockaddr(&sa, &ss), 0);
  assert_int_equal(ntohs(((struct sockaddr_in *)&ss)->sin_port), 1);
  assert_int_equal(cnet__socketaddress_from_sockaddr(&back, (struct sockaddr *)&ss), 0);
  assert_sa(&back, "10.1.2.3", 1, "ipv4", 0);
  unsigned char b[16];
  assert_int_equal(cnet__socketaddress_bytes(&sa, b), AF_INET);
  assert_memory_equal(b, "\x0a\x01\x02\x03", 4);
  /* A hand-filled struct is checked, not trusted. */
  cnet_socketaddress_t junk;
  memset(&junk, 'x', sizeof junk);
  assert_int_equal(cnet__socketaddress_to_sockaddr(&junk, &ss), CNET_ERR_INVALID_ADDRESS);
  assert_int_equal(cnet__socketaddress_bytes(&junk, b), CNET_ERR_INVALID_ADDRESS);
  sa.port = 70000;
  assert_int_equal(cnet__socketaddress_to_sockaddr(&sa, &ss), CNET_ERR_SOCKET_BAD_PORT);
  ss.ss_family = AF_UNIX;
  assert_int_equal(cnet__socketaddress_from_sockaddr(&back, (struct sockaddr *)&ss),
                   UV_EAFNOSUPPORT);
}

static void inspect(void **state) {
  (void)state;
  char buf[256];
  cnet_socketaddress_t sa;
  assert_int_equal(init(&sa, "10.0.0.10", NULL, 0, 0), 0);
  cnet__socketaddress_inspect(&sa, buf, sizeof buf);
  assert_string_equal(buf, "SocketAddress { address: '10.0.0.10', port: 0, family: 'ipv4', "
                           "flowlabel: 0 }");
  assert_int_equal(init(&sa, "::ffff:130.233.191.63", "ipv6", 0, 0), 0);
  cnet__socketaddress_inspect(&sa, buf, sizeof buf);
  assert_string_equal(buf, "SocketAddress {\n  address: '::ffff:130.233.191.63',\n  port: 0,\n"
                           "  family: 'ipv6',\n  flowlabel: 0\n}");
  char s[CNET__INSPECT_MAX];
  cnet__inspect_string_arg("a'b\"c", s);
  assert_string_equal(s, "`a'b\"c`");
  cnet__inspect_string_arg("a'b\"c`d\n\x7f", s);
  assert_string_equal(s, "'a\\'b\"c`d\\n\\x7F'");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(defaults),  cmocka_unit_test(validation),
    cmocka_unit_test(flowlabels_node_aborts_on), cmocka_unit_test(parse),
    cmocka_unit_test(parse_percent_decoded_host),
    cmocka_unit_test(kernel_addresses), cmocka_unit_test(inspect),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
