/* test/parallel/test-net-bytes-written-large.js: bytesWritten counts a
 * large write in full as soon as it is made (before it is flushed) and at
 * its callback, for a buffer, for a string, and for both written corked
 * (one writev), and the client reads all of it (bytesRead). 10 MB each, as
 * Node's. */
#include "../common.h"

#define N 10000000

typedef struct {
  cnet_server_t *server;
  bool string, mixed;
  uint64_t total;
} variant_t;

static char *zeros, *as;

EXPECT_CALLS(on_end_done, 3);
static void on_end_done(cnet_socket_t *socket, const cnet_error_t *err, void *ctx) {
  variant_t *v = ctx;
  CALLED(on_end_done);
  CHECK(err == NULL);
  CHECK_INT(cnet_socket_bytes_written(socket), v->total);
}
EXPECT_CALLS(on_connection, 3);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  variant_t *v = ctx;
  CALLED(on_connection);
  cnet_socket_t *socket = ev->u.connection;
  if (v->mixed) { /* writev() with mixed data */
    cnet_socket_cork(socket);
    cnet_socket_write_string(socket, as, NULL, NULL, NULL);
    CHECK_INT(cnet_socket_bytes_written(socket), N);
    cnet_socket_write(socket, zeros, N, NULL, NULL);
    CHECK_INT(cnet_socket_bytes_written(socket), 2 * N);
    cnet_socket_end_string(socket, "", NULL, on_end_done, v);
    cnet_socket_uncork(socket);
    return;
  }
  if (v->string)
    cnet_socket_end_string(socket, as, NULL, on_end_done, v);
  else
    cnet_socket_end_data(socket, zeros, N, on_end_done, v);
  CHECK_INT(cnet_socket_bytes_written(socket), N);
}

EXPECT_CALLS(on_close, 3);
static void on_close(const cnet_event_t *ev, void *ctx) {
  variant_t *v = ctx;
  CALLED(on_close);
  CHECK_INT(cnet_socket_bytes_read(ev->emitter), v->total);
  cnet_server_close(v->server, NULL, NULL);
}
EXPECT_CALLS(on_listening, 3);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  variant_t *v = ctx;
  CALLED(on_listening);
  cnet_socket_t *client = cnet_connect_port(NULL, node_port(v->server), "127.0.0.1", NULL, NULL);
  cnet_socket_resume(client);
  cnet_on(client, CNET_EV_CLOSE, on_close, v);
}

static void start(variant_t *v) {
  v->server = cnet_create_server(NULL, NULL, on_connection, v);
  node_listen_local(v->server, on_listening, v);
}

int main(void) {
  zeros = calloc(1, N);
  as = malloc(N + 1);
  CHECK(zeros && as);
  memset(as, 'a', N);
  as[N] = '\0';
  variant_t buffer = {.total = N}, string = {.string = true, .total = N},
            mixed = {.mixed = true, .total = 2 * N};
  start(&buffer); /* Variant 1: Write a Buffer. */
  start(&string); /* Variant 2: Write a string. */
  start(&mixed);  /* Variant 3: writev() with mixed data. */
  int rc = node_test_run();
  free(zeros);
  free(as);
  return rc;
}
