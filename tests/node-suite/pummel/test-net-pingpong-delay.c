/* test/pummel/test-net-pingpong-delay.js: 100 PING/PONG rounds, each answer
 * sent 1 ms after its message arrives, then the client ends: readyState is
 * "open" throughout (also when each delayed answer goes out), "writeOnly"
 * at the allowHalfOpen server's `end`, "closed" at its `close`, which has no
 * error; no `timeout` on either end. Node's test uses the default host;
 * here 127.0.0.1. Size: Node's (100 rounds) in both modes, under a second. */
#include "../common.h"

#define N 100
#define DELAY 1

static cnet_server_t *server;
static cnet_socket_t *client;
static int count;
static bool client_ended;

EXPECT_CALLS(must_not_time_out, 0);
static void must_not_time_out(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(must_not_time_out);
}

static void pong_later(void *ctx) {
  cnet_socket_t *socket = ctx;
  CHECK_STR(cnet_socket_ready_state(socket), "open");
  cnet_socket_write_string(socket, "PONG", NULL, NULL, NULL);
}
static void on_server_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CHECK_STR(ev->u.data.bytes, "PING");
  CHECK_STR(cnet_socket_ready_state(ev->emitter), "open");
  CHECK(count <= N);
  cnet_set_timeout(NULL, DELAY, pong_later, ev->emitter);
}
static void on_server_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CHECK_STR(cnet_socket_ready_state(ev->emitter), "writeOnly");
  cnet_socket_end(ev->emitter, NULL, NULL);
}
static void on_server_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CHECK(!ev->u.close.had_error);
  CHECK_STR(cnet_socket_ready_state(ev->emitter), "closed");
  cnet_server_close(cnet_socket_server(ev->emitter), NULL, NULL);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *socket = ev->u.connection;
  CHECK_INT(cnet_socket_set_encoding(socket, "utf8"), 0);
  cnet_on(socket, CNET_EV_DATA, on_server_data, NULL);
  cnet_on(socket, CNET_EV_TIMEOUT, must_not_time_out, NULL);
  cnet_on(socket, CNET_EV_END, on_server_end, NULL);
  cnet_on(socket, CNET_EV_CLOSE, on_server_close, NULL);
}

static void on_client_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CHECK_STR(cnet_socket_ready_state(client), "open");
  cnet_socket_write_string(client, "PING", NULL, NULL, NULL);
}
static void ping_later(void *ctx) {
  (void)ctx;
  CHECK_STR(cnet_socket_ready_state(client), "open");
  if (count++ < N) {
    cnet_socket_write_string(client, "PING", NULL, NULL, NULL);
  } else {
    cnet_socket_end(client, NULL, NULL);
    client_ended = true;
  }
}
static void on_client_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CHECK_STR(ev->u.data.bytes, "PONG");
  CHECK_STR(cnet_socket_ready_state(client), "open");
  cnet_set_timeout(NULL, DELAY, ping_later, NULL);
}
EXPECT_CALLS(on_client_close, 1);
static void on_client_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_client_close);
  CHECK_INT(count, N + 1);
  CHECK(client_ended);
}

EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  client = cnet_create_connection_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
  CHECK_INT(cnet_socket_set_encoding(client, "utf8"), 0);
  cnet_on(client, CNET_EV_CONNECT, on_client_connect, NULL);
  cnet_on(client, CNET_EV_DATA, on_client_data, NULL);
  cnet_on(client, CNET_EV_TIMEOUT, must_not_time_out, NULL);
  cnet_on(client, CNET_EV_CLOSE, on_client_close, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, &(cnet_server_opts){.allow_half_open = true}, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
