/* test/parallel/test-net-write-slow.js: ten 200 KB writes and end() to a
 * client that pauses 20 ms at each `data`: every write's callback runs and
 * the client gets every byte; the server socket's idle timeout (9999 ms,
 * off once all is flushed) never fires. */
#include "../common.h"

#define SIZE 200000
#define N 10

static cnet_server_t *server;
static char *buf;
static int flushed;
static size_t received;

EXPECT_CALLS(on_timeout, 0);
static void on_timeout(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_timeout);
  fprintf(stderr, "flushed: %d, received: %zu/%d\n", flushed, received, SIZE * N);
}
static void write_cb(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  (void)ctx;
  CHECK(err == NULL);
  if (++flushed == N) cnet_socket_set_timeout(s, 0, NULL, NULL);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *socket = ev->u.connection;
  cnet_socket_set_no_delay(socket, true);
  cnet_socket_set_timeout(socket, 9999, NULL, NULL);
  cnet_on(socket, CNET_EV_TIMEOUT, on_timeout, NULL);
  for (int i = 0; i < N; ++i) cnet_socket_write(socket, buf, SIZE, write_cb, NULL);
  cnet_socket_end(socket, NULL, NULL);
}

/* The client may have ended and closed meanwhile (`end` comes while paused
 * once nothing is kept, as in Node), so the timer holds a reference. */
static void resume_conn(void *conn) {
  cnet_socket_resume(conn);
  cnet_socket_release(conn);
}
static void on_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  received += ev->u.data.len;
  cnet_socket_pause(ev->emitter);
  cnet_set_timeout(NULL, 20, resume_conn, cnet_socket_retain(ev->emitter));
}
EXPECT_CALLS(on_end, 1);
static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_end);
  cnet_server_close(server, NULL, NULL);
  CHECK_INT(received, SIZE * N);
}
EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  cnet_socket_t *conn = cnet_connect_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
  cnet_on(conn, CNET_EV_DATA, on_data, NULL);
  cnet_on(conn, CNET_EV_END, on_end, NULL);
}

int main(void) {
  buf = malloc(SIZE);
  CHECK(buf != NULL);
  memset(buf, 'a', SIZE);
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  int rc = node_test_run();
  CHECK_INT(flushed, N);
  free(buf);
  return rc;
}
