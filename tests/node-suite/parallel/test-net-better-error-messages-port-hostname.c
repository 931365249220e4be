/* test/parallel/test-net-better-error-messages-port-hostname.js: when the
 * lookup fails, the connection's `error` is the lookup's error as it was
 * given (errorLookupMock's ENOTFOUND: code, errno, name, syscall, hostname,
 * message "getaddrinfo ENOTFOUND something.invalid"), with no port or host
 * added; no `connect`.
 *
 * Node connects with port 0; in cnet_connect_opts port 0 means "no port"
 * (docs/api.md, Differences), and the port does not matter here: 80. */
#include "../common.h"

EXPECT_CALLS(on_connect, 0);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connect);
}
EXPECT_CALLS(lookup, 1);
static void lookup(const char *hostname, const cnet_lookup_opts *opts, cnet_lookup_req_t *req,
                   void *ctx) {
  CALLED(lookup);
  node_error_lookup(hostname, opts, req, ctx);
}
EXPECT_CALLS(on_error, 1);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_error);
  const cnet_error_t *error = ev->u.error;
  CHECK_INT(error->port, -1);       /* !('port' in error) */
  CHECK(error->address == NULL);    /* !('host' in error) */
  CHECK_INT(error->errnum, UV_EAI_NONAME);
  CHECK_STR(error->code, "ENOTFOUND");
  CHECK_STR(error->name, "Error");
  CHECK_STR(error->message, "getaddrinfo ENOTFOUND something.invalid");
  CHECK_STR(error->hostname, "something.invalid");
  CHECK_STR(error->syscall, "getaddrinfo");
}

int main(void) {
  cnet_socket_t *c = cnet_create_connection(
      NULL, &(cnet_connect_opts){.port = 80, .host = "something.invalid", .lookup = lookup}, NULL,
      NULL);
  CHECK(c != NULL);
  cnet_on(c, CNET_EV_CONNECT, on_connect, NULL);
  cnet_on(c, CNET_EV_ERROR, on_error, NULL);
  return node_test_run();
}
