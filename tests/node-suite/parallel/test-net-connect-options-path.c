/* test/parallel/test-net-connect-options-path.js: every way to connect to
 * a Unix socket path (net.connect, net.createConnection and
 * socket.connect, each with the path or with {path}, each with a connect
 * listener or a `connect` listener added after) connects: the server gets
 * 12 connections and each client closes after ending. */
#include "../common.h"

#define CLIENT_VARIANTS 12

static cnet_server_t *server;
static const char *server_path;
static int counter;

EXPECT_CALLS(on_connection, CLIENT_VARIANTS);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connection);
  cnet_socket_end_string(ev->u.connection, "ok", NULL, NULL, NULL);
}

EXPECT_CALLS(on_close, CLIENT_VARIANTS);
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_close);
  if (++counter == CLIENT_VARIANTS) cnet_server_close(server, NULL, NULL);
}
EXPECT_CALLS(on_connect, CLIENT_VARIANTS);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connect);
  cnet_socket_end(ev->emitter, NULL, NULL);
  cnet_on(ev->emitter, CNET_EV_CLOSE, on_close, NULL);
}

/* The connect listener as an argument, or added as a listener after. */
static void resume(cnet_socket_t *s, bool with_cb) {
  CHECK(s != NULL);
  if (!with_cb) cnet_on(s, CNET_EV_CONNECT, on_connect, NULL);
  cnet_socket_resume(s);
}

static void connect_all(bool with_cb) {
  cnet_listener_fn cb = with_cb ? on_connect : NULL;
  cnet_connect_opts opts = {.path = server_path};
  cnet_socket_t *s;

  resume(cnet_connect_path(NULL, server_path, cb, NULL), with_cb);
  resume(cnet_create_connection_path(NULL, server_path, cb, NULL), with_cb);
  s = cnet_socket_new(NULL, NULL);
  CHECK(cnet_socket_connect_path(s, server_path, cb, NULL) == 0);
  resume(s, with_cb);

  resume(cnet_connect(NULL, &opts, cb, NULL), with_cb);
  resume(cnet_create_connection(NULL, &opts, cb, NULL), with_cb);
  s = cnet_socket_new(NULL, NULL);
  CHECK(cnet_socket_connect(s, &opts, cb, NULL) == 0);
  resume(s, with_cb);
}

EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  connect_all(true);
  connect_all(false);
}

int main(void) {
  server_path = node_pipe();
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  CHECK(cnet_server_listen_path(server, server_path, on_listening, NULL) == 0);
  return node_test_run();
}
