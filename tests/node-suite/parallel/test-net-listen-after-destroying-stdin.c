/* test/parallel/test-net-listen-after-destroying-stdin.js: with stdin
 * destroyed, a server still listens, accepts, ends its connection and
 * closes. In C, stdin's descriptor is closed, so the listening socket gets
 * descriptor 0: nothing in cnet may take fd 0 for "none". */
#include "../common.h"

static cnet_server_t *server;

EXPECT_CALLS(on_finished, 1);
static void on_finished(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)ctx;
  CALLED(on_finished);
  CHECK(err == NULL);
  printf("finished...\n");
}
EXPECT_CALLS(on_closed, 1);
static void on_closed(cnet_server_t *srv, const cnet_error_t *err, void *ctx) {
  (void)srv; (void)ctx;
  CALLED(on_closed);
  CHECK(err == NULL);
  printf("closed\n");
}

EXPECT_CALLS(on_connection, 1);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connection);
  printf("accepted...\n");
  cnet_socket_end(ev->u.connection, on_finished, NULL);
  cnet_server_close(server, on_closed, NULL);
}

EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  printf("listening...\n");
  cnet_create_connection_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
}

int main(void) {
  close(0); /* process.stdin.destroy() */
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
