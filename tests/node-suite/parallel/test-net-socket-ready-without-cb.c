/* test/parallel/test-net-socket-ready-without-cb.js: socket.connect()
 * given server.address() and no callback emits `ready`. */
#include "../common.h"

static cnet_server_t *server;

EXPECT_CALLS(on_connection, 1);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connection);
  cnet_socket_end(ev->u.connection, NULL, NULL);
  cnet_server_close(server, NULL, NULL);
}
EXPECT_CALLS(on_ready, 1);
static void on_ready(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_ready);
  cnet_socket_end(ev->emitter, NULL, NULL);
}
EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  cnet_socket_t *client = cnet_socket_new(NULL, NULL);
  cnet_on(client, CNET_EV_READY, on_ready, NULL);
  cnet_address_t a;
  CHECK(cnet_server_address(server, &a, NULL, NULL) == 0);
  CHECK(cnet_socket_connect(client, &(cnet_connect_opts){.host = a.address, .port = a.port}, NULL,
                            NULL) == 0);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL); /* Node's: listen(0, 'localhost') */
  return node_test_run();
}
