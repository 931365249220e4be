/* test/parallel/test-net-write-fully-async-hex-string.js: writing a 2 MB
 * hex string (1 MB once decoded) with the 'hex' encoding until write() says
 * the queue is full, again at each `drain`, 20 times: the string, freed by
 * the application right after write() returns, is sent as it was decoded.
 *
 * Node's test forces a garbage collection after each round to check that
 * the decoded buffer is kept alive; C frees each string itself at once,
 * which ASan and valgrind would catch being read later. Sizes: 20 rounds
 * with CNET_STRESS=1 (Node's), 5 by default (hex decoding under valgrind
 * costs 16 s for 20). */
#include "../common.h"

#define SIZE 1000000 /* decoded */

static cnet_server_t *server;
static cnet_socket_t *conn;
static int rounds, count;

/* The strings are "00...": a byte read after it was freed would most
 * likely not decode to zeros. */
static void check_bytes(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  static const char zeros[65536];
  for (size_t i = 0; i < ev->u.data.len; i += sizeof zeros) {
    size_t n = ev->u.data.len - i < sizeof zeros ? ev->u.data.len - i : sizeof zeros;
    CHECK(memcmp(ev->u.data.bytes + i, zeros, n) == 0);
  }
}
EXPECT_CALLS(on_connection, 1);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connection);
  cnet_on(ev->u.connection, CNET_EV_DATA, check_bytes, NULL); /* conn.resume() */
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
    char *data = malloc(2 * SIZE + 1); /* Buffer.alloc(1000000).toString('hex') */
    CHECK(data != NULL);
    memset(data, '0', 2 * SIZE);
    data[2 * SIZE] = '\0';
    more = cnet_socket_write_string(conn, data, "hex", NULL, NULL);
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
  rounds = node_stress() ? 20 : 5;
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  int rc = node_test_run();
  CHECK_INT(count, rounds + 1);
  return rc;
}
