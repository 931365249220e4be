/* test/parallel/test-net-server-call-listen-multiple-times.js: a server
 * whose listen failed (EADDRINUSE) listens again from its `error` listener;
 * listen() on a listening server throws ERR_SERVER_ALREADY_LISTEN; a server
 * closed in its `listening` listener listens again at once.
 *
 * The second case listens with no host, as Node's: only then is the bind
 * synchronous, so that the server already listens when listen() is called
 * again (with a host, Node and cnet look it up first and do not throw). */
#include "../common.h"

/* ---- listen again after EADDRINUSE ---- */

static cnet_server_t *dummy_server, *server;

EXPECT_CALLS(on_relisten, 1);
static void on_relisten(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_relisten);
  cnet_server_close(dummy_server, NULL, NULL);
  cnet_server_close(server, NULL, NULL);
}
EXPECT_CALLS(on_error, 1);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_error);
  CHECK_ERR_CODE(ev->u.error, "EADDRINUSE");
  node_listen_local(server, on_relisten, NULL);
}
EXPECT_CALLS(on_dummy_listening, 1);
static void on_dummy_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_dummy_listening);
  /* Try to listen used port. */
  CHECK(cnet_server_listen_port(server, node_port(dummy_server), "127.0.0.1", NULL, NULL) == 0);
}

/* ---- listen() twice, and listen() after close() ---- */

EXPECT_CALLS(close_it, 2);
static void close_it(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(close_it);
  cnet_server_close(ev->emitter, NULL, NULL);
}
EXPECT_CALLS(close_and_listen, 1);
static void close_and_listen(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(close_and_listen);
  cnet_server_close(ev->emitter, NULL, NULL);
  node_listen_local(ev->emitter, close_it, NULL);
}

int main(void) {
  dummy_server = cnet_create_server(NULL, NULL, NULL, NULL);
  server = cnet_create_server(NULL, NULL, NULL, NULL);
  node_listen_local(dummy_server, on_dummy_listening, NULL);
  cnet_on(server, CNET_EV_ERROR, on_error, NULL);

  cnet_server_t *twice = cnet_create_server(NULL, NULL, NULL, NULL);
  CHECK(cnet_server_listen(twice, NULL, close_it, NULL) == 0);
  CHECK_INT(cnet_server_listen(twice, NULL, NULL, NULL), CNET_ERR_SERVER_ALREADY_LISTEN);
  CHECK_STR(cnet_last_error()->code, "ERR_SERVER_ALREADY_LISTEN");
  CHECK_STR(cnet_last_error()->name, "Error");

  node_listen_local(cnet_create_server(NULL, NULL, NULL, NULL), close_and_listen, NULL);
  return node_test_run();
}
