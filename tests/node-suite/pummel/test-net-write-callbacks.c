/* test/pummel/test-net-write-callbacks.js: N writes made at once, then
 * end(): every write's callback runs once, in the order of the writes.
 *
 * Sizes: Node's N is 500,000, run with CNET_STRESS=1; by default 20,000. */
#include "../common.h"

static int n;
static cnet_server_t *server;
static int cbcount, last_called = -1;
static unsigned char *called;

static void on_data(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
}
static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_destroy(ev->emitter, NULL);
  cnet_server_close(server, NULL, NULL);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_on(ev->u.connection, CNET_EV_DATA, on_data, NULL);
  cnet_on(ev->u.connection, CNET_EV_END, on_end, NULL);
}

/* makeCallback(c) */
static void write_cb(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  (void)s;
  int c = (int)(intptr_t)ctx;
  CHECK(err == NULL);
  if (called[c]) node_fail(__FILE__, __LINE__, "a callback was called more than once");
  called[c] = 1;
  if (c < last_called) node_fail(__FILE__, __LINE__, "callbacks out of order");
  last_called = c;
  cbcount++;
}
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  for (int i = 0; i < n; i++)
    cnet_socket_write_string(ev->emitter, "hello world", NULL, write_cb, (void *)(intptr_t)i);
  cnet_socket_end(ev->emitter, NULL, NULL);
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *client = cnet_create_connection_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
  cnet_on(client, CNET_EV_CONNECT, on_connect, NULL);
}

int main(void) {
  n = node_stress() ? 500000 : 20000;
  called = calloc((size_t)n, 1);
  CHECK(called != NULL);
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  int rc = node_test_run();
  CHECK_INT(cbcount, n);
  free(called);
  return rc;
}
