/* test/parallel/test-net-connect-buffer.js: writes made while connecting
 * are queued and counted once: bytesWritten counts the bytes (not the
 * characters) of a multi-byte string at once, and not again when they go
 * out; write() returns false past highWaterMark; the write's callback
 * comes after `connect`; pending and readyState while connecting, pending
 * again after `close`; the server gets the whole text.
 *
 * Node's highWaterMark is 0; in cnet_socket_opts 0 means the default, and
 * 1, the smallest, makes write() of these bytes return false as 0 does. */
#include "../common.h"

static const char a[] = "L'\xC3\x89tat, c'est "; /* "L'État, c'est " */
static const char b[] = "moi";
static cnet_server_t *tcp;
static cnet_socket_t *socket_;
static bool connected;
static node_text_t buf;
EXPECT_CALLS(on_server_end, 1);
static void on_server_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_server_end);
  CHECK_STR(buf.text, "L'\xC3\x89tat, c'est moi");
  cnet_socket_end(ev->emitter, NULL, NULL);
}
EXPECT_CALLS(on_connection, 1);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connection);
  cnet_server_close(tcp, NULL, NULL);
  cnet_socket_t *s = ev->u.connection;
  CHECK(cnet_socket_set_encoding(s, "utf8") == 0);
  cnet_on(s, CNET_EV_DATA, node_text_on_data, &buf);
  cnet_on(s, CNET_EV_END, on_server_end, NULL);
}

EXPECT_CALLS(on_connect, 1);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connect);
  connected = true;
}
EXPECT_CALLS(on_write, 1);
static void on_write(cnet_socket_t *s, const cnet_error_t *er, void *ctx) {
  (void)ctx;
  CALLED(on_write);
  CHECK(er == NULL);
  CHECK(connected);
  CHECK_INT(cnet_socket_bytes_written(s), strlen(a) + strlen(b));
  CHECK(!cnet_socket_pending(s));
}
EXPECT_CALLS(on_close, 1);
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_close);
  CHECK(cnet_socket_pending(ev->emitter));
}

EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  socket_ = cnet_socket_new(NULL, &(cnet_socket_opts){.high_water_mark = 1});
  CHECK(cnet_socket_pending(socket_));
  CHECK(cnet_socket_connect_port(socket_, node_port(tcp), "127.0.0.1", on_connect, NULL) == 0);
  CHECK(cnet_socket_pending(socket_));
  CHECK(cnet_socket_connecting(socket_));
  CHECK_STR(cnet_socket_ready_state(socket_), "opening");

  /* Still connecting: the bytes wait in the connect queue, counted once. */
  int r = cnet_socket_write_string(socket_, a, NULL, on_write, NULL);
  cnet_on(socket_, CNET_EV_CLOSE, on_close, NULL);
  CHECK_INT(cnet_socket_bytes_written(socket_), strlen(a));
  CHECK_INT(r, 0);
  cnet_socket_end_string(socket_, b, NULL, NULL, NULL);
  CHECK_STR(cnet_socket_ready_state(socket_), "opening");
}

int main(void) {
  tcp = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(tcp, on_listening, NULL);
  return node_test_run();
}
