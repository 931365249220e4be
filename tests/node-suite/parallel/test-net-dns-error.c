/* test/parallel/test-net-dns-error.js: a host that cannot be resolved fails
 * the connect with ENOTFOUND (or EAI_FAIL): `lookup` with the error and no
 * address or family, then `error`, and no `connect`. The host's one label
 * is 64 bytes, past DNS's 63: the resolver fails before sending any query. */
#include "../common.h"

static bool is_dns_error(const cnet_error_t *err) {
  return err && (!strcmp(err->code, "ENOTFOUND") || !strcmp(err->code, "EAI_FAIL"));
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
  CHECK(is_dns_error(ev->u.error));
}

EXPECT_CALLS(on_lookup, 1);
static void on_lookup(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_lookup);
  CHECK(is_dns_error(ev->u.lookup.err));
  CHECK(ev->u.lookup.address == NULL); /* undefined */
  CHECK_INT(ev->u.lookup.family, 0);   /* undefined */
}

int main(void) {
  char host[65];
  memset(host, '*', 64);
  host[64] = '\0';
  cnet_socket_t *socket = cnet_connect_port(NULL, 42, host, on_connect, NULL);
  CHECK(socket != NULL);
  cnet_on(socket, CNET_EV_ERROR, on_error, NULL);
  cnet_on(socket, CNET_EV_LOOKUP, on_lookup, NULL);
  return node_test_run();
}
