/* test/parallel/test-net-bytes-stats.js: bytesRead and bytesWritten count
 * per connection, a socket that connects again from its `close` included
 * (the second connection's counters start from zero). */
#include "../common.h"

static cnet_server_t *tcp;
static cnet_socket_t *socket_;
static uint64_t bytes_read, bytes_written;
static int count;

EXPECT_CALLS(on_end, 2);
static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_end);
  bytes_read += cnet_socket_bytes_read(ev->emitter);
}
static void on_server_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_resume(ev->u.connection); /* "trigger old mode" */
  cnet_on(ev->u.connection, CNET_EV_END, on_end, NULL);
}

static void write_cb(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  (void)ctx;
  CHECK(err == NULL);
  cnet_socket_end_string(s, "bar", NULL, NULL, NULL);
}
EXPECT_CALLS(on_connect, 2);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connect);
  count++;
  cnet_socket_write_string(ev->emitter, "foo", NULL, write_cb, NULL);
}
static void on_finish(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  bytes_written += cnet_socket_bytes_written(ev->emitter);
}
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  if (count < 2)
    cnet_socket_connect_port(socket_, node_port(tcp), "127.0.0.1", NULL, NULL);
  else
    cnet_server_close(tcp, NULL, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  socket_ = cnet_create_connection_port(NULL, node_port(tcp), "127.0.0.1", NULL, NULL);
  cnet_on(socket_, CNET_EV_CONNECT, on_connect, NULL);
  cnet_on(socket_, CNET_EV_FINISH, on_finish, NULL);
  cnet_on(socket_, CNET_EV_CLOSE, on_close, NULL);
}

int main(void) {
  tcp = cnet_create_server(NULL, NULL, on_server_connection, NULL);
  node_listen_local(tcp, on_listening, NULL);
  int rc = node_test_run();
  CHECK_INT(bytes_read, 12);
  CHECK_INT(bytes_written, 12);
  return rc;
}
