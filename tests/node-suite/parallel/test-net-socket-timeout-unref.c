/* test/parallel/test-net-socket-timeout-unref.js: an unref'd socket's idle
 * timeout does not keep the loop alive: with the server and all sockets
 * unref'd, the loop ends at once instead of waiting 2-8 s for the timeouts
 * (which would fail the test).
 *
 * In C the loop's end is where Node's process exits; the sockets and the
 * server are closed after, as C must close them. */
#include "../common.h"

static const int delays[] = {8, 5, 3, 6, 2, 4};
#define NSOCKETS (sizeof delays / sizeof delays[0])

static cnet_server_t *server;
static cnet_socket_t *sockets[NSOCKETS], *accepted[NSOCKETS];
static size_t connections, naccepted;

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CHECK(naccepted < NSOCKETS);
  accepted[naccepted++] = ev->u.connection;
  cnet_socket_write_string(ev->u.connection, "hello", NULL, NULL, NULL);
  cnet_socket_unref(ev->u.connection);
}

EXPECT_CALLS(on_timeout, 0);
static void on_timeout(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_timeout); /* socket timed out unexpectedly */
  cnet_socket_destroy(ev->emitter, NULL);
}
EXPECT_CALLS(on_connect, NSOCKETS);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connect);
  if (++connections < NSOCKETS) return;
  for (size_t i = 0; i < NSOCKETS; i++) {
    cnet_socket_set_timeout(sockets[i], delays[i] * 1000, on_timeout, NULL);
    cnet_socket_unref(sockets[i]);
  }
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  for (size_t i = 0; i < NSOCKETS; i++) {
    sockets[i] = cnet_create_connection_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
    cnet_on(sockets[i], CNET_EV_CONNECT, on_connect, NULL);
  }
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  cnet_server_unref(server);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  CHECK_INT(connections, NSOCKETS);
  /* both ends at once: neither is left to see the other's reset */
  for (size_t i = 0; i < naccepted; i++) cnet_socket_destroy(accepted[i], NULL);
  for (size_t i = 0; i < NSOCKETS; i++) cnet_socket_destroy(sockets[i], NULL);
  cnet_server_close(server, NULL, NULL);
  return node_test_run();
}
