/* test/parallel/test-net-socket-constructor.js: new Socket({ fd: -1 }) is
 * ERR_OUT_OF_RANGE; a new socket, an accepted one, a client before and
 * after it connects, and sockets made on the descriptors of stream pipes
 * ({ fd }, with readable and writable given or not) are readable and
 * writable.
 *
 * Node's test runs the fd cases in a cluster worker on the descriptors of
 * its stdio pipes (socket pairs); here they are socket pairs made by the
 * test, destroyed at the end. What C cannot write is left out: { fd: 'foo' },
 * and new Socket({ handle: socket._handle }) (cnet has no handle objects). */
#include "../common.h"

static cnet_server_t *server;

static void test(cnet_socket_t *socket, bool readable, bool writable) {
  CHECK_INT(cnet_socket_readable(socket), readable);
  CHECK_INT(cnet_socket_writable(socket), writable);
}

/* new net.Socket(options), unref'd, checked, and destroyed (Node's process
 * exits with it) */
static void test_new(const cnet_socket_opts *opts, bool readable, bool writable) {
  cnet_socket_t *socket = cnet_socket_new(NULL, opts);
  CHECK(socket != NULL);
  cnet_socket_unref(socket);
  test(socket, readable, writable);
  cnet_socket_destroy(socket, NULL);
}

EXPECT_CALLS(on_connection, 1);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connection);
  cnet_socket_unref(ev->u.connection);
  test(ev->u.connection, true, true);
  cnet_server_close(server, NULL, NULL);
}
EXPECT_CALLS(on_connect, 1);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connect);
  test(ev->emitter, true, true);
  cnet_socket_end(ev->emitter, NULL, NULL);
}
EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  cnet_socket_t *socket = cnet_connect_port(NULL, node_port(server), "127.0.0.1", on_connect, NULL);
  test(socket, true, true);
}

int main(void) {
  CHECK(cnet_socket_new(NULL, &(cnet_socket_opts){.has_fd = true, .fd = -1}) == NULL);
  CHECK_ERR_CODE(cnet_last_error(), "ERR_OUT_OF_RANGE");
  CHECK_STR(cnet_last_error()->message,
            "The value of \"fd\" is out of range. It must be >= 0 && <= 2147483647. Received -1");

  test_new(NULL, true, true);

  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);

  /* the worker's test(4), test({ fd: 5 }), test({ fd: 6, readable, writable }) */
  int pairs[3][2];
  for (int i = 0; i < 3; i++) CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, pairs[i]) == 0);
  test_new(&(cnet_socket_opts){.has_fd = true, .fd = pairs[0][0]}, true, true);
  test_new(&(cnet_socket_opts){.has_fd = true, .fd = pairs[1][0]}, true, true);
  test_new(&(cnet_socket_opts){.has_fd = true, .fd = pairs[2][0], .readable = CNET_TRUE,
                               .writable = CNET_TRUE},
           true, true);
  int rc = node_test_run();
  for (int i = 0; i < 3; i++) close(pairs[i][1]);
  return rc;
}
