/* test/sequential/test-net-connect-local-error.js: a connect bound to a
 * localAddress and localPort that fails reports both: err.localAddress,
 * err.localPort, syscall connect, and the message
 * "connect CODE address:port - Local (localAddress:localPort)"; for IPv4,
 * and for IPv6 where ::1 exists (common.hasIPv6).
 *
 * Node uses common.PORT and the ports after it; here the remote port is one
 * that refuses, and each local port one the system just gave out (a reuse
 * in between would be EADDRINUSE, which the test accepts as Node's does). */
#include "../common.h"

typedef struct {
  const char *host;
  int family;
  int port;
  int local_port;
  const char *local_address;
} options_t;

/* A port free for binding now: bound on [::] and closed. */
static int free_port(void) {
  struct sockaddr_in6 sa = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_ANY_INIT};
  socklen_t len = sizeof sa;
  int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
  CHECK(fd >= 0);
  CHECK(bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0);
  CHECK(getsockname(fd, (struct sockaddr *)&sa, &len) == 0);
  close(fd);
  return ntohs(sa.sin6_port);
}

EXPECT_CALLS(on_error, 2);
static void on_error(const cnet_event_t *ev, void *ctx) {
  const options_t *options = ctx;
  const cnet_error_t *err = ev->u.error;
  CALLED(on_error);
  CHECK(strcmp(err->code, "ECONNREFUSED") == 0 || strcmp(err->code, "EADDRINUSE") == 0);
  CHECK_STR(err->syscall, "connect");
  CHECK_INT(err->local_port, options->local_port);
  CHECK_STR(err->local_address, options->local_address);
  char want[256];
  snprintf(want, sizeof want, "connect %s %s:%d - Local (%s:%d)", err->code, err->address,
           err->port, err->local_address, err->local_port);
  CHECK_STR(err->message, want);
}

static void start(const options_t *o) {
  cnet_socket_t *client = cnet_connect(
      NULL,
      &(cnet_connect_opts){.host = o->host, .family = o->family, .port = o->port,
                           .local_port = o->local_port, .local_address = o->local_address},
      NULL, NULL);
  CHECK(client != NULL);
  cnet_on(client, CNET_EV_ERROR, on_error, (void *)o);
}

int main(void) {
  int port = node_refused_port();
  options_t ipv4 = {"127.0.0.1", 4, port, free_port(), "127.0.0.1"};
  options_t ipv6 = {"::1", 6, port, free_port(), "::1"};
  start(&ipv4);
  if (node_has_ipv6()) {
    start(&ipv6);
  } else {
    printf("SKIP (part): ipv6 part of test, no IPv6 support\n");
    EXPECT_CALLS_NOW(on_error, 1);
  }
  return node_test_run();
}
