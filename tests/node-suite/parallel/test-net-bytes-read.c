/* test/parallel/test-net-bytes-read.js: bytesRead rises with every `data`
 * event and is the whole 1 MiB the server sent at `end` and at `close`. */
#include "../common.h"

#define BIG (1024 * 1024)

static cnet_server_t *server;
static char big[BIG];
static uint64_t prev;

EXPECT_CALLS(handler, 1);
static void handler(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(handler);
  cnet_socket_end_data(ev->u.connection, big, BIG, NULL, NULL);
  cnet_server_close(server, NULL, NULL);
}

EXPECT_CALLS_AT_LEAST(on_data, 1);
static void on_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_data);
  uint64_t value = cnet_socket_bytes_read(ev->emitter);
  CHECK(value > prev); /* checkRaise */
  prev = value;
}
EXPECT_CALLS(on_end, 1);
static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_end);
  CHECK_INT(cnet_socket_bytes_read(ev->emitter), prev);
  CHECK_INT(prev, BIG);
}
EXPECT_CALLS(on_close, 1);
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_close);
  CHECK(cnet_socket_destroyed(ev->emitter)); /* !socket._handle */
  CHECK_INT(cnet_socket_bytes_read(ev->emitter), prev);
  CHECK_INT(prev, BIG);
}
EXPECT_CALLS(on_connect, 1);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connect);
  cnet_socket_t *socket = ev->emitter;
  cnet_on(socket, CNET_EV_DATA, on_data, NULL);
  cnet_on(socket, CNET_EV_END, on_end, NULL);
  cnet_on(socket, CNET_EV_CLOSE, on_close, NULL);
  cnet_socket_end(socket, NULL, NULL);
}
EXPECT_CALLS(on_listen, 1);
static void on_listen(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listen);
  cnet_connect_port(NULL, node_port(server), "127.0.0.1", on_connect, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, handler, NULL);
  node_listen_local(server, on_listen, NULL);
  return node_test_run();
}
