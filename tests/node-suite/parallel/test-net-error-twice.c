/* test/parallel/test-net-error-twice.js: a server writing 10 MiB to a
 * connection whose client has been destroyed gets one `error`, never the
 * same error twice. Node unrefs the server at the connection's `close` to
 * let the process end; in C the server is closed (a libuv handle must be
 * closed for uv_loop_close()). */
#include "../common.h"

#define SIZE (10 * 1024 * 1024)

static cnet_server_t *server;
static cnet_socket_t *client_socket, *server_socket;
static char *buf;
static cnet_error_t *errs[8];
static int nerrs;

static void ready(void) {
  if (!client_socket || !server_socket) return;
  cnet_socket_destroy(client_socket, NULL);
  cnet_socket_write(server_socket, buf, SIZE, NULL, NULL);
}

static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  if (nerrs < 8) errs[nerrs] = cnet_error_ref(ev->u.error);
  nerrs++;
  if (nerrs > 1 && errs[0] == errs[1]) node_fail(__FILE__, __LINE__, "the same error was emitted twice");
}
static void on_conn_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(server, NULL, NULL);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *conn = ev->u.connection;
  cnet_on(conn, CNET_EV_ERROR, on_error, NULL);
  cnet_on(conn, CNET_EV_CLOSE, on_conn_close, NULL);
  server_socket = conn;
  ready();
}

static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  client_socket = ev->emitter;
  ready();
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *client =
      cnet_connect(NULL, &(cnet_connect_opts){.port = node_port(server), .host = "127.0.0.1"}, NULL, NULL);
  cnet_on(client, CNET_EV_CONNECT, on_connect, NULL);
}

int main(void) {
  buf = malloc(SIZE);
  memset(buf, 0x62, SIZE);
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  int rc = node_test_run();
  for (int i = 0; i < nerrs && i < 8; i++) {
    printf("error %d: %s\n", i, errs[i]->message);
    cnet_error_unref(errs[i]);
  }
  CHECK_INT(nerrs, 1);
  free(buf);
  return rc;
}
