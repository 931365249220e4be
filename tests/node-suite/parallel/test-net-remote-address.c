/* test/parallel/test-net-remote-address.js: a connecting socket has no
 * remoteAddress yet; once connected it has one. */
#include "../common.h"

static cnet_server_t *server;

EXPECT_CALLS(on_connect, 1);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connect);
  CHECK(cnet_socket_remote_address(ev->emitter) != NULL);
  cnet_socket_end(ev->emitter, NULL, NULL);
}

EXPECT_CALLS(on_end, 1);
static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_end);
  cnet_server_close(server, NULL, NULL);
}

EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  cnet_socket_t *socket =
      cnet_connect(NULL, &(cnet_connect_opts){.port = node_port(server), .host = "127.0.0.1"},
                   NULL, NULL);
  CHECK(cnet_socket_connecting(socket));
  CHECK(cnet_socket_remote_address(socket) == NULL);
  cnet_on(socket, CNET_EV_CONNECT, on_connect, NULL);
  cnet_on(socket, CNET_EV_END, on_end, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, NULL, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
