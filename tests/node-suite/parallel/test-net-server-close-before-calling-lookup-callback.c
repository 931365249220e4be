/* test/parallel/test-net-server-close-before-calling-lookup-callback.js:
 * close() right after listen(0, 'localhost'), before the host's lookup has
 * answered: the server never listens (nor reports the lookup's outcome);
 * close() tells it was not running.
 *
 * The lookup is real (getaddrinfo of "localhost"), but nothing depends on
 * its answer: whatever it is, it must be ignored. */
#include "../common.h"

EXPECT_CALLS(on_listening, 0);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
}
EXPECT_CALLS(on_error, 0);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_error);
}
EXPECT_CALLS(on_closed, 1);
static void on_closed(cnet_server_t *srv, const cnet_error_t *err, void *ctx) {
  (void)srv; (void)ctx;
  CALLED(on_closed);
  CHECK_ERR_CODE(err, "ERR_SERVER_NOT_RUNNING");
}

int main(void) {
  cnet_server_t *server = cnet_create_server(NULL, NULL, NULL, NULL);
  cnet_on(server, CNET_EV_ERROR, on_error, NULL);
  CHECK(cnet_server_listen_port(server, 0, "localhost", on_listening, NULL) == 0);
  CHECK(cnet_server_close(server, on_closed, NULL) == 0);
  return node_test_run();
}
