/* test/sequential/test-net-localport.js: a client connecting with localPort
 * binds that port: the server sees it as remotePort, the client as its
 * localPort. Node's port is common.PORT; here a free port held by a bound
 * socket that does not listen (node_reserve_port). */
#include "../common.h"

static cnet_server_t *server;
static cnet_socket_t *client;
static int local_port;

static void on_server_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(server, NULL, NULL);
}

EXPECT_CALLS(on_connection, 1);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connection);
  cnet_socket_t *socket = ev->u.connection;
  CHECK_INT(cnet_socket_remote_port(socket), local_port);
  cnet_socket_end(socket, NULL, NULL);
  cnet_on(socket, CNET_EV_CLOSE, on_server_close, NULL);
}

EXPECT_CALLS(on_connect, 1);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connect);
  CHECK_INT(cnet_socket_local_port(client), local_port);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  client = cnet_connect(NULL,
                        &(cnet_connect_opts){.host = "127.0.0.1",
                                             .port = node_port(server),
                                             .local_port = local_port},
                        NULL, NULL);
  CHECK(client != NULL);
  cnet_on(client, CNET_EV_CONNECT, on_connect, NULL);
}

int main(void) {
  int holder = node_reserve_port(&local_port);
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  int rc = node_test_run();
  close(holder);
  return rc;
}
