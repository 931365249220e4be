/* test/parallel/test-net-sync-cork.js: 100 rounds of cork(), two 2-byte
 * writes and uncork(), made at once: write() never reports a full queue,
 * and the server sees no error. */
#include "../common.h"

#define N 100

static cnet_server_t *server;

static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *conn = ev->emitter;
  int res = 1, i = 0;
  for (; i < N && res; i++) {
    cnet_socket_cork(conn);
    cnet_socket_write(conn, "aa", 2, NULL, NULL);
    res = cnet_socket_write(conn, "aa", 2, NULL, NULL);
    cnet_socket_uncork(conn);
  }
  CHECK_INT(i, N);
  cnet_socket_end(conn, NULL, NULL);
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *conn = cnet_connect_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
  cnet_on(conn, CNET_EV_CONNECT, on_connect, NULL);
}

EXPECT_CALLS(on_error, 0);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_error);
}
EXPECT_CALLS(on_close, 1);
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_close);
  cnet_server_close(server, NULL, NULL);
}
static void handle(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_resume(ev->u.connection);
  cnet_on(ev->u.connection, CNET_EV_ERROR, on_error, NULL);
  cnet_on(ev->u.connection, CNET_EV_CLOSE, on_close, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, handle, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
