/* test/pummel/test-net-timeout.js: an echo server's idle timeout does not
 * fire while the client writes more often than the timeout, and fires once
 * the client stops: later than the timeout after the client's last-but-one
 * write. The client's own timeout (setTimeout(0)) stays off.
 *
 * Sizes: Node's is a 1000 ms timeout and a write every 500 ms, five times
 * (some 4 s), run with CNET_STRESS=1; by default a 500 ms timeout and a
 * write every 100 ms (some 1 s). The client's write timer and the server's
 * timeout run on the same loop clock, the write first. */
#include "../common.h"

static int timeout_ms, gap_ms;
static cnet_server_t *echo_server;
static cnet_socket_t *client;
static int exchanges;
static uint64_t starttime, timeouttime; /* ms, 0 until set */

static uint64_t now_ms(void) { return uv_now(uv_default_loop()); }

/* ---- the echo server ---- */

EXPECT_CALLS(on_server_timeout, 1);
static void on_server_timeout(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_server_timeout);
  uv_update_time(uv_default_loop());
  timeouttime = now_ms();
  cnet_socket_destroy(ev->emitter, NULL);
}
EXPECT_CALLS(on_server_error, 0); /* we disconnect willingly */
static void on_server_error(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_server_error);
}
static void on_server_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_write(ev->emitter, ev->u.data.bytes, ev->u.data.len, NULL, NULL);
}
static void on_server_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end(ev->emitter, NULL, NULL);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *socket = ev->u.connection;
  cnet_socket_set_timeout(socket, timeout_ms, NULL, NULL);
  cnet_on(socket, CNET_EV_TIMEOUT, on_server_timeout, NULL);
  cnet_on(socket, CNET_EV_ERROR, on_server_error, NULL);
  cnet_on(socket, CNET_EV_DATA, on_server_data, NULL);
  cnet_on(socket, CNET_EV_END, on_server_end, NULL);
}

/* ---- the client ---- */

static void write_hello(void *ctx) {
  (void)ctx;
  cnet_socket_write_string(client, "hello\r\n", NULL, NULL, NULL);
}
static void on_client_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  write_hello(NULL);
}
static void on_client_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CHECK_STR(ev->u.data.bytes, "hello\r\n");
  if (exchanges++ < 5) {
    cnet_set_timeout(NULL, gap_ms, write_hello, NULL);
    if (exchanges == 5) starttime = now_ms(); /* the timeout should come in timeout_ms */
  }
}
EXPECT_CALLS(on_client_timeout, 0);
static void on_client_timeout(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_client_timeout);
}
static void on_client_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end(ev->emitter, NULL, NULL);
}
static void on_client_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(echo_server, NULL, NULL);
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  client = cnet_create_connection_port(NULL, node_port(echo_server), "127.0.0.1", NULL, NULL);
  cnet_socket_set_encoding(client, "UTF8");
  cnet_socket_set_timeout(client, 0, NULL, NULL); /* Disable the timeout for client */
  cnet_on(client, CNET_EV_CONNECT, on_client_connect, NULL);
  cnet_on(client, CNET_EV_DATA, on_client_data, NULL);
  cnet_on(client, CNET_EV_TIMEOUT, on_client_timeout, NULL);
  cnet_on(client, CNET_EV_END, on_client_end, NULL);
  cnet_on(client, CNET_EV_CLOSE, on_client_close, NULL);
}

int main(void) {
  timeout_ms = node_stress() ? 1000 : 500;
  gap_ms = node_stress() ? 500 : 100;
  echo_server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(echo_server, on_listening, NULL);
  int rc = node_test_run();
  CHECK(starttime != 0);
  CHECK(timeouttime != 0);
  CHECK((int64_t)(timeouttime - starttime) > timeout_ms);
  return rc;
}
