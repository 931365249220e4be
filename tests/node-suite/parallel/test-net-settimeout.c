/* test/parallel/test-net-settimeout.js: socket.setTimeout(0) cancels an
 * idle timeout set before, callback included: nothing fires in the 2 T
 * after the data arrives. (The 2 T wait only gives a timeout that was not
 * cancelled the time to fire; it races nothing.) */
#include "../common.h"

#define T 100

static cnet_server_t *server;
static cnet_socket_t *socket_;

EXPECT_CALLS(on_connection, 1);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connection);
  cnet_socket_write_string(ev->u.connection, "hello", NULL, NULL, NULL);
}
EXPECT_CALLS(on_timeout, 0);
static void on_timeout(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_timeout);
}
static void finish(void *ctx) {
  (void)ctx;
  cnet_socket_destroy(socket_, NULL);
  cnet_server_close(server, NULL, NULL);
}
EXPECT_CALLS(on_data, 1);
static void on_data(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_data);
  cnet_set_timeout(NULL, T * 2, finish, NULL);
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  socket_ = cnet_create_connection_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
  CHECK(cnet_socket_set_timeout(socket_, T, on_timeout, NULL) == 0);
  cnet_on(socket_, CNET_EV_DATA, on_data, NULL);
  CHECK(cnet_socket_set_timeout(socket_, 0, NULL, NULL) == 0);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
