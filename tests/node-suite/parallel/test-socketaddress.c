/* test/parallel/test-socketaddress.js: new SocketAddress() defaults
 * (127.0.0.1, port 0, ipv4, flowlabel 0) and ipv6 ones (::), the address,
 * port and flowlabel given; a bad family, port or flowlabel is refused with
 * Node's codes; SocketAddress.parse() on good and bad input.
 *
 * Left out: the copy through a MessageChannel (cnet_socketaddress_t is a
 * value: a struct copy), InternalSocketAddress (internalBinding), and the
 * arguments of other JS types (1, false, {}, [] as options, address or
 * port). */
#include "../common.h"

static void check_sa(const cnet_socketaddress_t *sa, const char *address, int port,
                     const char *family, uint32_t flowlabel) {
  CHECK_STR(sa->address, address);
  CHECK_INT(sa->port, port);
  CHECK_STR(cnet_socketaddress_family_name(sa), family);
  CHECK_INT(sa->flowlabel, flowlabel);
}

int main(void) {
  cnet_socketaddress_t sa, copy;

  /* is cloneable (a value): new SocketAddress() */
  CHECK(cnet_socketaddress_init(&sa, NULL) == 0);
  check_sa(&sa, "127.0.0.1", 0, "ipv4", 0);
  copy = sa;
  check_sa(&copy, "127.0.0.1", 0, "ipv4", 0);

  /* has reasonable defaults: new SocketAddress({}) */
  CHECK(cnet_socketaddress_init(&sa, &(cnet_socketaddress_opts){0}) == 0);
  check_sa(&sa, "127.0.0.1", 0, "ipv4", 0);

  /* interprets simple ipv4 correctly */
  CHECK(cnet_socketaddress_init(&sa, &(cnet_socketaddress_opts){.address = "123.123.123.123"}) == 0);
  check_sa(&sa, "123.123.123.123", 0, "ipv4", 0);

  /* sets the port correctly */
  CHECK(cnet_socketaddress_init(
            &sa, &(cnet_socketaddress_opts){.address = "123.123.123.123", .port = 80}) == 0);
  check_sa(&sa, "123.123.123.123", 80, "ipv4", 0);

  /* interprets simple ipv6 correctly */
  CHECK(cnet_socketaddress_init(&sa, &(cnet_socketaddress_opts){.family = "ipv6"}) == 0);
  check_sa(&sa, "::", 0, "ipv6", 0);

  /* uses the flowlabel correctly */
  CHECK(cnet_socketaddress_init(&sa, &(cnet_socketaddress_opts){.family = "ipv6", .flowlabel = 1}) == 0);
  check_sa(&sa, "::", 0, "ipv6", 1);

  /* validates input correctly */
  CHECK_INT(cnet_socketaddress_init(&sa, &(cnet_socketaddress_opts){.family = "test"}),
            CNET_ERR_INVALID_ARG_VALUE);
  CHECK_ERR_CODE(cnet_last_error(), "ERR_INVALID_ARG_VALUE");
  CHECK_INT(cnet_socketaddress_init(&sa, &(cnet_socketaddress_opts){.port = -1}),
            CNET_ERR_SOCKET_BAD_PORT);
  CHECK_ERR_CODE(cnet_last_error(), "ERR_SOCKET_BAD_PORT");
  CHECK_INT(cnet_socketaddress_init(&sa, &(cnet_socketaddress_opts){.flowlabel = -1}),
            CNET_ERR_OUT_OF_RANGE);
  CHECK_ERR_CODE(cnet_last_error(), "ERR_OUT_OF_RANGE");

  /* SocketAddress.parse() works as expected */
  static const struct {
    const char *input, *address;
    int port;
    const char *family;
  } good[] = {
      {"1.2.3.4", "1.2.3.4", 0, "ipv4"},
      {"192.168.257:1", "192.168.1.1", 1, "ipv4"},
      {"256", "0.0.1.0", 0, "ipv4"},
      {"999999999:12", "59.154.201.255", 12, "ipv4"},
      {"0xffffffff", "255.255.255.255", 0, "ipv4"},
      {"0x.0x.0", "0.0.0.0", 0, "ipv4"},
      {"[1:0::]", "1::", 0, "ipv6"},
      {"[1::8]:123", "1::8", 123, "ipv6"},
  };
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    CHECK(cnet_socketaddress_parse(&sa, good[i].input) == 0);
    CHECK_STR(sa.address, good[i].address);
    CHECK_INT(sa.port, good[i].port);
    CHECK_STR(cnet_socketaddress_family_name(&sa), good[i].family);
  }
  static const char *const bad[] = {"not an ip", "abc.123", "259.1.1.1", "12:12:12"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    CHECK_INT(cnet_socketaddress_parse(&sa, bad[i]), CNET_ERR_INVALID_ADDRESS); /* undefined */
  return node_test_run();
}
