/* test/parallel/test-net-server-drop-connections.js: past maxConnections a
 * server drops the connection and emits `drop` with both ends' addresses,
 * ports and the peer's family: maxConnections 0 drops the first, 1 the
 * second. */
#include "../common.h"

static cnet_server_t *dormant_server, *server;
static cnet_socket_t *first_socket;

static void check_drop_data(const cnet_event_t *ev) {
  CHECK(ev->u.drop.local_address && *ev->u.drop.local_address);
  CHECK(ev->u.drop.local_port > 0);
  CHECK(ev->u.drop.remote_address && *ev->u.drop.remote_address);
  CHECK(ev->u.drop.remote_port > 0);
  CHECK(ev->u.drop.remote_family && *ev->u.drop.remote_family);
}

EXPECT_CALLS(on_dormant_connection, 0);
static void on_dormant_connection(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_dormant_connection);
}
EXPECT_CALLS(on_connection, 1);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connection);
  first_socket = ev->u.connection;
}
EXPECT_CALLS(on_dormant_drop, 1);
static void on_dormant_drop(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_dormant_drop);
  check_drop_data(ev);
  cnet_server_close(dormant_server, NULL, NULL);
}
EXPECT_CALLS(on_drop, 1);
static void on_drop(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_drop);
  check_drop_data(ev);
  cnet_socket_destroy(first_socket, NULL);
  cnet_server_close(server, NULL, NULL);
}

static void connect_to(cnet_server_t *srv) {
  CHECK(cnet_create_connection_port(NULL, node_port(srv), "127.0.0.1", NULL, NULL) != NULL);
}
static void on_dormant_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  connect_to(dormant_server);
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  connect_to(server);
  connect_to(server);
}

int main(void) {
  dormant_server = cnet_create_server(NULL, NULL, on_dormant_connection, NULL);
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_server_set_max_connections(dormant_server, 0);
  cnet_server_set_max_connections(server, 1);
  cnet_on(dormant_server, CNET_EV_DROP, on_dormant_drop, NULL);
  cnet_on(server, CNET_EV_DROP, on_drop, NULL);
  node_listen_local(dormant_server, on_dormant_listening, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
