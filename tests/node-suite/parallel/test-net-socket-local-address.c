/* test/parallel/test-net-socket-local-address.js: a socket connected twice
 * (again from its `close`) has a localPort for each connection, and each is
 * the remotePort the server saw; connect() returns the socket (C: 0). */
#include "../common.h"

static cnet_server_t *server;
static cnet_socket_t *client;
static int conns;
static int client_local_ports[2], server_remote_ports[2];
static int nclient, nserver;

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CHECK(nserver < 2);
  server_remote_ports[nserver++] = cnet_socket_remote_port(ev->u.connection);
  cnet_socket_end(ev->u.connection, NULL, NULL);
}
EXPECT_CALLS(on_server_close, 1);
static void on_server_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_server_close);
  /* Client and server should agree on the ports used */
  CHECK_INT(nserver, nclient);
  for (int i = 0; i < nclient; i++) CHECK_INT(server_remote_ports[i], client_local_ports[i]);
  CHECK_INT(conns, 2);
}

static void on_connected(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  client_local_ports[nclient++] = cnet_socket_local_port(client);
}
static void connect_(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  if (conns == 2) {
    cnet_server_close(server, NULL, NULL);
    return;
  }
  conns++;
  cnet_once(client, CNET_EV_CLOSE, connect_, NULL);
  CHECK(cnet_socket_connect_port(client, node_port(server), "127.0.0.1", on_connected, NULL) == 0);
}

int main(void) {
  client = cnet_socket_new(NULL, NULL);
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_on(server, CNET_EV_CLOSE, on_server_close, NULL);
  node_listen_local(server, connect_, NULL);
  return node_test_run();
}
