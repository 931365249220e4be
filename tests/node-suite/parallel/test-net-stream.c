/* test/parallel/test-net-stream.js: a server writing 10 x 2 MB to a client
 * that pauses at its first data and is destroyed 20 ms later gets one
 * `error` (ECONNRESET) and one `close`, with the writes still queued.
 *
 * Node's client sets a destroy timer at each `data` (pause() stops them
 * after the first); C sets it once, as a second destroy() on a socket freed
 * after its `close` would be a stale pointer. */
#include "../common.h"

#define SIZE 2000000
#define N 10

static cnet_server_t *server;
static char *buf;
static bool destroying;

static void write_cb(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)err; (void)ctx;
}
EXPECT_CALLS(on_server_error, 1);
static void on_server_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_server_error);
  cnet_socket_destroy(ev->emitter, NULL);
}
EXPECT_CALLS(on_server_close, 1);
static void on_server_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_server_close);
  cnet_server_close(server, NULL, NULL);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *socket = ev->u.connection;
  cnet_socket_set_no_delay(socket, true);
  cnet_on(socket, CNET_EV_ERROR, on_server_error, NULL);
  cnet_on(socket, CNET_EV_CLOSE, on_server_close, NULL);
  for (int i = 0; i < N; ++i) cnet_socket_write(socket, buf, SIZE, write_cb, NULL);
  cnet_socket_end(socket, NULL, NULL);
}

static void destroy_conn(void *conn) { cnet_socket_destroy(conn, NULL); }
static void on_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_pause(ev->emitter);
  CHECK(cnet_socket_is_paused(ev->emitter));
  if (!destroying) cnet_set_timeout(NULL, 20, destroy_conn, ev->emitter);
  destroying = true;
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *conn = cnet_connect_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
  cnet_on(conn, CNET_EV_DATA, on_data, NULL);
}

int main(void) {
  buf = malloc(SIZE);
  CHECK(buf != NULL);
  memset(buf, 'a', SIZE);
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  int rc = node_test_run();
  free(buf);
  return rc;
}
