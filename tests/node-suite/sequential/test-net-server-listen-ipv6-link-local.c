/* test/sequential/test-net-server-listen-ipv6-link-local.js: listen(port,
 * host) on a name that resolves to several addresses listens on the first
 * that is not IPv6 link-local, and on a link-local one only when there is
 * nothing else (which fails: no scope); a failing lookup is the server's
 * `error`.
 *
 * Node's test mocks dns.lookup; a server's listen has no lookup option, so
 * this program defines getaddrinfo() itself, which libuv's lookup then calls
 * (the executable's symbol comes before libc's), and answers the test's
 * names as Node's mock does; other names go to libc's. The mock's 'Mocked
 * error' is a getaddrinfo failure here (EAI_FAIL), and that failing name
 * has a name of its own ("ipv6-link-local-error"), as the four lookups run
 * at once on libuv's threads. The ports, common.PORT + n in Node's test,
 * are ports found free just before. */
#include "../common.h"
#include <dlfcn.h>
#include <netdb.h>

/* ---- the mock ---- */

static const char *const many_entries[] = {
    "fe80::1", "fe80::abcd:1234", "fe80::1ff:fe23:4567:890a", "fe80::200:5aee:feaa:20a2",
    "fe80::f2de:f1ff:fe2b:3c4b", "fe81::1", "fe82::abcd:1234", "fe83::1ff:fe23:4567:890a",
    "fe84::200:5aee:feaa:20a2", "fe85::f2de:f1ff:fe2b:3c4b", "fe86::1", "fe87::abcd:1234",
    "fe88::1ff:fe23:4567:890a", "fe89::200:5aee:feaa:20a2", "fe8a::f2de:f1ff:fe2b:3c4b",
    "fe8b::1", "fe8c::abcd:1234", "fe8d::1ff:fe23:4567:890a", "fe8e::200:5aee:feaa:20a2",
    "fe8f::f2de:f1ff:fe2b:3c4b", "fea0::1", "febf::abcd:1234",
    "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "127.0.0.1", NULL};
static const char *const link_local[] = {"fe80::1", NULL};
static const char *const double_entry[] = {"fe80::1", "::1", NULL};

/* One block per answer, as glibc's, so that its freeaddrinfo() frees it. */
static struct addrinfo *answer(const char *ip) {
  struct addrinfo *ai = calloc(1, sizeof *ai + sizeof(struct sockaddr_in6));
  CHECK(ai != NULL);
  ai->ai_socktype = SOCK_STREAM;
  ai->ai_protocol = IPPROTO_TCP;
  ai->ai_addr = (struct sockaddr *)(ai + 1);
  if (cnet_is_ipv4(ip)) {
    struct sockaddr_in *sa = (struct sockaddr_in *)ai->ai_addr;
    ai->ai_family = sa->sin_family = AF_INET;
    ai->ai_addrlen = sizeof *sa;
    CHECK(inet_pton(AF_INET, ip, &sa->sin_addr) == 1);
  } else {
    struct sockaddr_in6 *sa = (struct sockaddr_in6 *)ai->ai_addr;
    ai->ai_family = sa->sin6_family = AF_INET6;
    ai->ai_addrlen = sizeof *sa;
    CHECK(inet_pton(AF_INET6, ip, &sa->sin6_addr) == 1);
  }
  return ai;
}

int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
                struct addrinfo **res) {
  const char *const *ips = NULL;
  if (node && strcmp(node, "ipv6-link-local-error") == 0) return EAI_FAIL;
  if (node && strcmp(node, "ipv6-link-local") == 0) ips = link_local;
  if (node && strcmp(node, "ipv6-link-local-with-many-entries") == 0) ips = many_entries;
  if (node && strcmp(node, "ipv6-link-local-with-double-entry") == 0) ips = double_entry;
  if (!ips) {
    int (*real)(const char *, const char *, const struct addrinfo *, struct addrinfo **) =
        (int (*)(const char *, const char *, const struct addrinfo *, struct addrinfo **))dlsym(
            RTLD_NEXT, "getaddrinfo");
    return real(node, service, hints, res);
  }
  struct addrinfo **tail = res;
  for (; *ips; ips++) {
    *tail = answer(*ips);
    tail = &(*tail)->ai_next;
  }
  return 0;
}

/* ---- the test ---- */

static int port2, port3, port4;

EXPECT_CALLS(on_lookup_error, 1);
static void on_lookup_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_lookup_error);
  CHECK_ERR_CODE(ev->u.error, "EAI_FAIL");
  CHECK_STR(ev->u.error->syscall, "getaddrinfo");
  cnet_server_close(ev->emitter, NULL, NULL);
}

EXPECT_CALLS(on_link_local_error, 1);
static void on_link_local_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_link_local_error);
  CHECK_STR(ev->u.error->address, "fe80::1");
  CHECK_STR(ev->u.error->syscall, "listen");
  cnet_server_close(ev->emitter, NULL, NULL);
}

EXPECT_CALLS(on_error, 0);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_error);
}

/* ctx: the address it must listen on */
EXPECT_CALLS(on_listening, 2);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  CALLED(on_listening);
  const char *want = ctx;
  cnet_address_t a;
  CHECK(cnet_server_address(ev->emitter, &a, NULL, NULL) == 0);
  CHECK_STR(a.address, want);
  CHECK_INT(a.port, cnet_is_ipv4(want) ? port3 : port4);
  CHECK_STR(a.family, cnet_is_ipv4(want) ? "IPv4" : "IPv6");
  cnet_server_close(ev->emitter, NULL, NULL);
}

static cnet_server_t *server_on(cnet_listener_fn error_listener) {
  cnet_server_t *server = cnet_create_server(NULL, NULL, NULL, NULL);
  cnet_on(server, CNET_EV_ERROR, error_listener, NULL);
  return server;
}

int main(void) {
  port2 = node_unused_port();
  port3 = node_unused_port();
  port4 = node_unused_port();
  CHECK(cnet_server_listen_port(server_on(on_lookup_error), port2, "ipv6-link-local-error", NULL,
                                NULL) == 0);
  CHECK(cnet_server_listen_port(server_on(on_link_local_error), port2, "ipv6-link-local", NULL,
                                NULL) == 0);
  CHECK(cnet_server_listen_port(server_on(on_error), port3, "ipv6-link-local-with-many-entries",
                                on_listening, "127.0.0.1") == 0);
  CHECK(cnet_server_listen_port(server_on(on_error), port4, "ipv6-link-local-with-double-entry",
                                on_listening, "::1") == 0);
  return node_test_run();
}
