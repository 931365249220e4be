/* test/parallel/test-pipe-writev.js: over a Unix socket, two writes made
 * corked and end() go out as one writev: the client gets "ping" in one
 * `data`.
 *
 * Node's test counts the calls of connection._writev (one); C sees its
 * effect, the one chunk the client reads. */
#include "../common.h"

static cnet_server_t *server;

static void fail_on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  node_fail(__FILE__, __LINE__, ev->u.error->message); /* throw err */
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *connection = ev->u.connection;
  cnet_on(connection, CNET_EV_ERROR, fail_on_error, NULL);
  cnet_socket_cork(connection);
  cnet_socket_write_string(connection, "pi", NULL, NULL, NULL);
  cnet_socket_write_string(connection, "ng", NULL, NULL, NULL);
  cnet_socket_end(connection, NULL, NULL);
}
EXPECT_CALLS(on_data, 1);
static void on_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_data);
  CHECK_INT(ev->u.data.len, 4);
  CHECK(memcmp(ev->u.data.bytes, "ping", 4) == 0);
}
static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(server, NULL, NULL);
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *client = cnet_connect_path(NULL, node_pipe(), NULL, NULL);
  cnet_on(client, CNET_EV_ERROR, fail_on_error, NULL);
  cnet_on(client, CNET_EV_DATA, on_data, NULL);
  cnet_on(client, CNET_EV_END, on_end, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_on(server, CNET_EV_ERROR, fail_on_error, NULL);
  CHECK(cnet_server_listen_path(server, node_pipe(), on_listening, NULL) == 0);
  return node_test_run();
}
