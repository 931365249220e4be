/* test/parallel/test-net-listen-error.js: listening on an address this host
 * does not have fails with an `error` (EADDRNOTAVAIL, or EACCES for port 1
 * without privilege), and `listening` never comes. Node binds 1.1.1.1;
 * here 192.0.2.1 (TEST-NET-1, RFC 5737), equally foreign. Nothing is sent. */
#include "../common.h"

EXPECT_CALLS(on_listening, 0);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
}

EXPECT_CALLS(on_error, 1);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_error);
  const char *code = ev->u.error->code;
  CHECK(!strcmp(code, "EADDRNOTAVAIL") || !strcmp(code, "EACCES"));
  cnet_server_close(ev->emitter, NULL, NULL); /* to be freed; Node's GC does it */
}

int main(void) {
  cnet_server_t *server = cnet_create_server(NULL, NULL, NULL, NULL);
  CHECK_INT(cnet_server_listen_port(server, 1, "192.0.2.1", on_listening, NULL), 0);
  cnet_on(server, CNET_EV_ERROR, on_error, NULL);
  return node_test_run();
}
