/* test/parallel/test-net-connect-after-destroy.js: a connection destroyed
 * right after it was made, while its host is being looked up, does not
 * crash when the lookup answers later, and never connects.
 *
 * Node looks google.com up and would connect to port 80; here a lookup
 * answers on the next tick with 127.0.0.1 (nothing reaches the network). */
#include "../common.h"

static const char *const ips[] = {"127.0.0.1", NULL};

EXPECT_CALLS(lookup, 1);
static void lookup(const char *hostname, const cnet_lookup_opts *opts, cnet_lookup_req_t *req,
                   void *ctx) {
  CALLED(lookup);
  CHECK_STR(hostname, "google.com");
  node_mocked_lookup(hostname, opts, req, ctx);
}
EXPECT_CALLS(on_connect, 0);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connect);
}
EXPECT_CALLS(on_close, 1);
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_close);
}

int main(void) {
  cnet_socket_t *c = cnet_create_connection(
      NULL,
      &(cnet_connect_opts){.port = 80, .host = "google.com", .lookup = lookup,
                           .lookup_ctx = (void *)ips},
      on_connect, NULL);
  CHECK(c != NULL);
  cnet_on(c, CNET_EV_CLOSE, on_close, NULL);
  cnet_socket_destroy(c, NULL);
  return node_test_run();
}
