/* test/parallel/test-net-server-listen-options-signal.js: aborting the
 * `signal` given to listen() closes the server, and an already aborted
 * signal closes it too.
 *
 * The first case of Node's test (a signal that is not an AbortSignal, a
 * TypeError) cannot be written in C: the option is a cnet_abort_signal_t *. */
#include "../common.h"

EXPECT_CALLS(on_close, 2);
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_close);
}

EXPECT_CALLS(on_listening, 0);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
}

static void listen_with(cnet_abort_controller_t *controller) {
  cnet_server_t *server = cnet_create_server(NULL, NULL, NULL, NULL);
  cnet_on(server, CNET_EV_CLOSE, on_close, NULL);
  cnet_listen_opts o = {.port = 0, .host = "127.0.0.1",
                        .signal = cnet_abort_controller_signal(controller)};
  CHECK(cnet_server_listen(server, &o, NULL, NULL) == 0);
  cnet_on(server, CNET_EV_LISTENING, on_listening, NULL);
}

int main(void) {
  /* Test close. */
  cnet_abort_controller_t *controller = cnet_abort_controller_new();
  listen_with(controller);
  cnet_abort_controller_abort(controller, NULL);

  /* Test close with pre-aborted signal: AbortSignal.abort() */
  cnet_abort_controller_t *aborted = cnet_abort_controller_new();
  cnet_abort_controller_abort(aborted, NULL);
  listen_with(aborted);

  int rc = node_test_run();
  cnet_abort_controller_free(controller);
  cnet_abort_controller_free(aborted);
  return rc;
}
