/* test/parallel/test-net-options-lookup.js: a `lookup` option that is a
 * function is taken (connect does not throw, even when the lookup never
 * answers), and an answer with an invalid address family fails the connect
 * with ERR_INVALID_ADDRESS_FAMILY, "Invalid address family: 100 host:port",
 * carrying the port. Node's lookup values that are not functions
 * (ERR_INVALID_ARG_TYPE) have no C form: the field is a function pointer.
 * Node's port is 0; cnet's 0 is "no port" (docs/api.md, Differences), so it
 * is 1: nothing connects. Node's err.host has no field in cnet_error_t (the
 * host is in the message). */
#include "../common.h"

/* () => {}: an answer that does not come while the socket lives; cnet
 * requires every lookup to answer once, so it comes after the destroy. */
static cnet_lookup_req_t *silent_req;
static void silent_lookup(const char *host, const cnet_lookup_opts *opts, cnet_lookup_req_t *req,
                          void *ctx) {
  (void)host; (void)opts; (void)ctx;
  silent_req = req;
}
static void answer_late(void *ctx) {
  (void)ctx;
  cnet_lookup_done(silent_req, NULL, &(cnet_lookup_address){"127.0.0.1", 4}, 1);
}

static void family_100_lookup(const char *host, const cnet_lookup_opts *opts,
                              cnet_lookup_req_t *req, void *ctx) {
  (void)host; (void)opts; (void)ctx;
  cnet_lookup_done(req, NULL, &(cnet_lookup_address){"127.0.0.1", 100}, 1);
}

EXPECT_CALLS(on_error, 1);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_error);
  const cnet_error_t *e = ev->u.error;
  CHECK_ERR_CODE(e, "ERR_INVALID_ADDRESS_FAMILY");
  CHECK_STR(e->name, "RangeError");
  CHECK_INT(e->port, 1);
  CHECK_STR(e->message, "Invalid address family: 100 localhost:1");
}

int main(void) {
  cnet_connect_opts o = {.host = "localhost", .port = 1, .lookup = silent_lookup};
  cnet_socket_t *quiet = cnet_connect(NULL, &o, NULL, NULL);
  CHECK(quiet != NULL);
  cnet_socket_destroy(quiet, NULL);
  cnet_set_immediate(NULL, answer_late, NULL);

  o.lookup = family_100_lookup;
  cnet_socket_t *s = cnet_connect(NULL, &o, NULL, NULL);
  CHECK(s != NULL);
  cnet_on(s, CNET_EV_ERROR, on_error, NULL);
  return node_test_run();
}
