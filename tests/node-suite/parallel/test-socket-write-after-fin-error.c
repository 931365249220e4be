/* test/parallel/test-socket-write-after-fin-error.js: a server socket
 * without allowHalfOpen gets the client's data and end; a write after that
 * (on a later turn) fails in its callback with EPIPE, not with "write after
 * end"; the client reads nothing and gets its end. */
#include "../common.h"

static cnet_server_t *server;
static char server_data[64], client_data[64];
static bool got_server_end, got_client_end;
static cnet_error_t *got_server_error;

static void append(char *to, size_t cap, const cnet_event_t *ev) {
  CHECK(strlen(to) + ev->u.data.len < cap);
  strcat(to, ev->u.data.bytes);
}

static void server_write_cb(cnet_socket_t *s, const cnet_error_t *er, void *ctx) {
  (void)s; (void)ctx;
  CHECK(er != NULL);
  fprintf(stderr, "%s: %s\n", er->code, er->message);
  got_server_error = cnet_error_ref(er);
}
static void write_later(void *sock) {
  cnet_socket_write_string(sock, server_data, NULL, server_write_cb, NULL);
  cnet_socket_end(sock, NULL, NULL);
  cnet_socket_release(sock);
}
static void ignore_error(const cnet_event_t *ev, void *ctx) { (void)ev; (void)ctx; }
static void on_server_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  append(server_data, sizeof server_data, ev);
}
static void on_server_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  got_server_end = true;
  /* the immediate holds the socket, which may close before it runs */
  cnet_set_immediate(NULL, write_later, cnet_socket_retain(ev->emitter));
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *sock = ev->u.connection;
  cnet_socket_set_encoding(sock, "utf8");
  cnet_on(sock, CNET_EV_ERROR, ignore_error, NULL);
  cnet_on(sock, CNET_EV_DATA, on_server_data, NULL);
  cnet_on(sock, CNET_EV_END, on_server_end, NULL);
  cnet_server_close(server, NULL, NULL);
}

static void on_client_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  append(client_data, sizeof client_data, ev);
}
static void on_client_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  got_client_end = true;
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *sock = cnet_connect_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
  cnet_socket_set_encoding(sock, "utf8");
  cnet_on(sock, CNET_EV_DATA, on_client_data, NULL);
  cnet_on(sock, CNET_EV_END, on_client_end, NULL);
  cnet_socket_write_string(sock, "hello1", NULL, NULL, NULL);
  cnet_socket_write_string(sock, "hello2", NULL, NULL, NULL);
  cnet_socket_write_string(sock, "hello3\n", NULL, NULL, NULL);
  cnet_socket_end_string(sock, "THUNDERMUSCLE!", NULL, NULL, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  int rc = node_test_run();
  CHECK_STR(client_data, "");
  CHECK_STR(server_data, "hello1hello2hello3\nTHUNDERMUSCLE!");
  CHECK(got_client_end);
  CHECK(got_server_end);
  CHECK(got_server_error != NULL);
  CHECK_STR(got_server_error->code, "EPIPE");
  CHECK(strcmp(got_server_error->message, "write after end") != 0);
  cnet_error_unref(got_server_error);
  return rc;
}
