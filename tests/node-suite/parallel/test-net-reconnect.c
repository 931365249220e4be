/* test/parallel/test-net-reconnect.js: a client connects again from its
 * `close` 50 times; each time the server's greeting arrives (as one
 * "hello\r\n" after setEncoding), the client ends, gets `end`, and both ends
 * close without error. */
#include "../common.h"

#define N 50

static cnet_server_t *server;
static int client_recv_count, client_end_count, disconnect_count;

static void on_server_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end(ev->emitter, NULL, NULL);
}
static void on_server_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CHECK(!ev->u.close.had_error);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *socket = ev->u.connection;
  cnet_socket_resume(socket);
  cnet_socket_write_string(socket, "hello\r\n", NULL, NULL, NULL);
  cnet_on(socket, CNET_EV_END, on_server_end, NULL);
  cnet_on(socket, CNET_EV_CLOSE, on_server_close, NULL);
}

static void on_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  client_recv_count++;
  CHECK(ev->u.data.is_string);
  CHECK_STR(ev->u.data.bytes, "hello\r\n");
  cnet_socket_end(ev->emitter, NULL, NULL);
}
static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  client_end_count++;
}
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CHECK(!ev->u.close.had_error);
  if (disconnect_count++ < N)
    CHECK_INT(cnet_socket_connect_port(ev->emitter, node_port(server), "127.0.0.1", NULL, NULL), 0);
  else
    cnet_server_close(server, NULL, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *client = cnet_create_connection_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
  CHECK_INT(cnet_socket_set_encoding(client, "UTF8"), 0);
  cnet_on(client, CNET_EV_DATA, on_data, NULL);
  cnet_on(client, CNET_EV_END, on_end, NULL);
  cnet_on(client, CNET_EV_CLOSE, on_close, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  int rc = node_test_run();
  CHECK_INT(disconnect_count, N + 1);
  CHECK_INT(client_recv_count, N + 1);
  CHECK_INT(client_end_count, N + 1);
  return rc;
}
