/* test/sequential/test-net-GH-5504.js: a server writing 64 MiB to a client
 * that destroys itself as soon as it connects neither hangs nor keeps
 * writing or reading: the server's socket closes and the process ends.
 *
 * Node runs the server and the client as two child processes and waits for
 * both to exit; the server's socket has no `error` listener there, so the
 * write's ECONNRESET or EPIPE ends the server process. Here both run in one
 * process, the error (when one comes) is checked for those codes, and the
 * loop must end with everything closed. */
#include "../common.h"

#define CONTENT_SIZE (64 * 1024 * 1024)

static cnet_server_t *server;
static char *content;

EXPECT_CALLS_AT_LEAST(on_server_error, 0);
static void on_server_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_server_error);
  CHECK(CALLS(on_server_error) == 1);
  const char *code = ev->u.error->code;
  CHECK(strcmp(code, "ECONNRESET") == 0 || strcmp(code, "EPIPE") == 0);
}
EXPECT_CALLS(on_server_close, 1);
static void on_server_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_server_close);
}
EXPECT_CALLS(on_connection, 1);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connection);
  cnet_socket_t *socket = ev->u.connection;
  cnet_server_close(server, NULL, NULL);
  cnet_on(socket, CNET_EV_ERROR, on_server_error, NULL);
  cnet_on(socket, CNET_EV_CLOSE, on_server_close, NULL);
  cnet_socket_write(socket, content, CONTENT_SIZE, NULL, NULL);
}

EXPECT_CALLS(on_client_connect, 1);
static void on_client_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_client_connect);
  cnet_socket_destroy(ev->emitter, NULL);
}
EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  CHECK(cnet_connect(NULL, &(cnet_connect_opts){.host = "127.0.0.1", .port = node_port(server)},
                     on_client_connect, NULL) != NULL);
}

int main(void) {
  content = malloc(CONTENT_SIZE);
  CHECK(content != NULL);
  memset(content, '#', CONTENT_SIZE);
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  int rc = node_test_run();
  free(content);
  return rc;
}
