/* test/parallel/test-net-write-connect-write.js: a write made before the
 * connection and one made at `connect` both reach an echo server, in
 * order: the client reads "before after".
 *
 * Node's server echoes with socket.pipe(socket); cnet has no pipe(), so the
 * server writes back what it reads and ends when the client does. */
#include "../common.h"

static cnet_server_t *server;
static char received[64];

static void echo_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_write(ev->emitter, ev->u.data.bytes, ev->u.data.len, NULL, NULL);
}
static void echo_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end(ev->emitter, NULL, NULL);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_on(ev->u.connection, CNET_EV_DATA, echo_data, NULL);
  cnet_on(ev->u.connection, CNET_EV_END, echo_end, NULL);
}

static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_write_string(ev->emitter, " after", NULL, NULL, NULL);
}
static void on_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CHECK(strlen(received) + ev->u.data.len < sizeof received);
  strcat(received, ev->u.data.bytes);
  cnet_socket_end(ev->emitter, NULL, NULL);
}
EXPECT_CALLS(on_end, 1);
static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_end);
  cnet_server_close(server, NULL, NULL);
  CHECK_STR(received, "before after");
}
EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  cnet_socket_t *conn = cnet_connect_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
  cnet_socket_set_encoding(conn, "utf8");
  cnet_socket_write_string(conn, "before", NULL, NULL, NULL);
  cnet_on(conn, CNET_EV_CONNECT, on_connect, NULL);
  cnet_on(conn, CNET_EV_DATA, on_data, NULL);
  cnet_on(conn, CNET_EV_END, on_end, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
