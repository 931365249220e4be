/* test/parallel/test-net-buffersize.js: bufferSize counts what was written
 * and not yet flushed, from before the connection exists (one byte per
 * write of 'a'), and is 0 at `finish`. The server reads with `data` where
 * Node's reads with 'readable' and read(): cnet has no read(). */
#include "../common.h"

#define ITER 10

static cnet_server_t *server;

static void on_server_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(server, NULL, NULL);
}
static void on_server_data(const cnet_event_t *ev, void *ctx) { (void)ev; (void)ctx; }
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_on(ev->u.connection, CNET_EV_DATA, on_server_data, NULL);
  cnet_on(ev->u.connection, CNET_EV_END, on_server_end, NULL);
}

EXPECT_CALLS(on_finish, 1);
static void on_finish(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_finish);
  CHECK_INT(cnet_socket_buffer_size(ev->emitter), 0);
}
EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  cnet_socket_t *client = cnet_connect_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
  cnet_on(client, CNET_EV_FINISH, on_finish, NULL);
  for (int i = 1; i < ITER; i++) {
    cnet_socket_write_string(client, "a", NULL, NULL, NULL);
    CHECK_INT(cnet_socket_buffer_size(client), i);
  }
  cnet_socket_end(client, NULL, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
