/* test/parallel/test-net-connect-immediate-finish.js: end() right after a
 * connect whose lookup fails: the lookup's error comes once, as it was
 * given (errorLookupMock: ENOTFOUND, syscall getaddrinfo, the hostname,
 * "getaddrinfo ENOTFOUND something.invalid"), without port or host, and
 * the connect listener never runs. */
#include "../common.h"

EXPECT_CALLS(lookup, 1);
static void lookup(const char *hostname, const cnet_lookup_opts *opts, cnet_lookup_req_t *req,
                   void *ctx) {
  CALLED(lookup);
  node_error_lookup(hostname, opts, req, ctx);
}
EXPECT_CALLS(on_connect, 0);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connect);
}
EXPECT_CALLS(on_error, 1);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_error);
  const cnet_error_t *error = ev->u.error;
  CHECK_INT(error->port, -1);    /* !('port' in error) */
  CHECK(error->address == NULL); /* !('host' in error) */
  CHECK_STR(error->code, "ENOTFOUND");
  CHECK_INT(error->errnum, UV_EAI_NONAME);
  CHECK_STR(error->syscall, "getaddrinfo");
  CHECK_STR(error->hostname, "something.invalid");
  CHECK_STR(error->message, "getaddrinfo ENOTFOUND something.invalid");
}

int main(void) {
  cnet_socket_t *client = cnet_connect(
      NULL,
      &(cnet_connect_opts){.host = "something.invalid",
                           .port = 80, /* the port does not matter: the name is invalid */
                           .lookup = lookup},
      on_connect, NULL);
  CHECK(client != NULL);
  cnet_once(client, CNET_EV_ERROR, on_error, NULL);
  cnet_socket_end(client, NULL, NULL);
  return node_test_run();
}
