/* test/parallel/test-net-write-fully-async-buffer.js: writing 1 MB buffers
 * until write() says the queue is full, again at each `drain`, 200 times:
 * a buffer the application frees right after write() returns is still sent
 * as it was (cnet copies what the kernel did not take).
 *
 * Node's test forces a garbage collection after each round to check that
 * the buffer is kept alive; C frees each buffer itself at once, which
 * ASan and valgrind would catch being read later. Sizes: 200 rounds with
 * CNET_STRESS=1 (Node's), 50 by default. */
#include "../common.h"

#define SIZE 1000000

static cnet_server_t *server;
static cnet_socket_t *conn;
static int rounds, count;
static uint64_t written;
static uint64_t received;

/* The buffers are zeros: a byte read from one after it was freed would
 * most likely not be. */
static void count_bytes(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  static const char zeros[65536];
  for (size_t i = 0; i < ev->u.data.len; i += sizeof zeros) {
    size_t n = ev->u.data.len - i < sizeof zeros ? ev->u.data.len - i : sizeof zeros;
    CHECK(memcmp(ev->u.data.bytes + i, zeros, n) == 0);
  }
  received += ev->u.data.len;
}
EXPECT_CALLS(on_connection, 1);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connection);
  cnet_on(ev->u.connection, CNET_EV_DATA, count_bytes, NULL); /* conn.resume() */
}

static void write_loop(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  if (count++ == rounds) {
    cnet_socket_destroy(conn, NULL);
    cnet_server_close(server, NULL, NULL);
    return;
  }
  int more;
  do {
    char *data = calloc(1, SIZE); /* Buffer.from(data) */
    CHECK(data != NULL);
    more = cnet_socket_write(conn, data, SIZE, NULL, NULL);
    written += SIZE;
    free(data);
  } while (more == 1);
}
EXPECT_CALLS(on_connect, 1);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  CALLED(on_connect);
  cnet_on(conn, CNET_EV_DRAIN, write_loop, NULL);
  write_loop(ev, ctx);
}
EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  conn = cnet_create_connection_port(NULL, node_port(server), "127.0.0.1", on_connect, NULL);
}

int main(void) {
  rounds = node_stress() ? 200 : 50;
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  int rc = node_test_run();
  CHECK_INT(count, rounds + 1);
  CHECK(received > 0 && received <= written);
  return rc;
}
