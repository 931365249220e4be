/* test/parallel/test-net-better-error-messages-listen-path.js: a listen on
 * a path that cannot be bound fails with an `error` whose address is the
 * path; neither `listening` nor a connection comes. Node's process then
 * exits; a cnet server that never listened is freed by its close. */
#include "../common.h"

static const char *const fp = "/blah/fadfa";

EXPECT_CALLS(on_connection, 0);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connection);
}
EXPECT_CALLS(on_listening, 0);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
}
EXPECT_CALLS(on_error, 1);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_error);
  CHECK_STR(ev->u.error->address, fp);
}

int main(void) {
  cnet_server_t *server = cnet_create_server(NULL, NULL, on_connection, NULL);
  CHECK(cnet_server_listen_path(server, fp, on_listening, NULL) == 0);
  cnet_on(server, CNET_EV_ERROR, on_error, NULL);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT); /* where Node's process exits */
  cnet_server_close(server, NULL, NULL);     /* a server that never listened */
  return node_test_run();
}
