/* test/parallel/test-net-eaddrinuse.js: a second server listening on the
 * first one's port gets an `error` whose message says EADDRINUSE. */
#include "../common.h"

static cnet_server_t *server1, *server2;

EXPECT_CALLS(on_error, 1);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_error);
  CHECK(strstr(ev->u.error->message, "EADDRINUSE") != NULL);
  cnet_server_close(server1, NULL, NULL);
  /* An `error` is not followed by `close` on a server: in C the failed one
   * is closed to be freed (Node leaves it to the garbage collector). */
  cnet_server_close(server2, NULL, NULL);
}

EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  cnet_on(server2, CNET_EV_ERROR, on_error, NULL);
  CHECK_INT(cnet_server_listen_port(server2, node_port(server1), "127.0.0.1", NULL, NULL), 0);
}

int main(void) {
  server1 = cnet_create_server(NULL, NULL, NULL, NULL);
  server2 = cnet_create_server(NULL, NULL, NULL, NULL);
  node_listen_local(server1, on_listening, NULL);
  return node_test_run();
}
