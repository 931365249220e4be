/* test/parallel/test-socket-write-after-fin.js: a server allowing
 * half-open connections reads everything up to the client's end, then
 * writes it back and ends; the client, still reading after its own end(),
 * gets all of it. end() returns the socket (C: 0). */
#include "../common.h"

static const char expected[] = "hello1hello2hello3\nbye";
static cnet_server_t *server;
static char server_data[64], client_data[64];

static void append(char *to, size_t cap, const cnet_event_t *ev) {
  CHECK(strlen(to) + ev->u.data.len < cap);
  strcat(to, ev->u.data.bytes);
}

static void on_server_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  append(server_data, sizeof server_data, ev);
}
EXPECT_CALLS(on_server_end, 1);
static void on_server_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_server_end);
  CHECK_STR(server_data, expected);
  cnet_socket_end_string(ev->emitter, server_data, NULL, NULL, NULL);
  cnet_server_close(server, NULL, NULL);
}
EXPECT_CALLS(on_connection, 1);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connection);
  cnet_socket_t *sock = ev->u.connection;
  cnet_socket_set_encoding(sock, "utf8");
  cnet_on(sock, CNET_EV_DATA, on_server_data, NULL);
  cnet_on(sock, CNET_EV_END, on_server_end, NULL);
}

static void on_client_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  append(client_data, sizeof client_data, ev);
}
EXPECT_CALLS(on_client_end, 1);
static void on_client_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_client_end);
  CHECK_STR(client_data, expected);
}
EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  cnet_socket_t *sock = cnet_connect_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
  cnet_socket_set_encoding(sock, "utf8");
  cnet_on(sock, CNET_EV_DATA, on_client_data, NULL);
  cnet_on(sock, CNET_EV_END, on_client_end, NULL);
  cnet_socket_write_string(sock, "hello1", NULL, NULL, NULL);
  cnet_socket_write_string(sock, "hello2", NULL, NULL, NULL);
  cnet_socket_write_string(sock, "hello3\n", NULL, NULL, NULL);
  CHECK(cnet_socket_end_string(sock, "bye", NULL, NULL, NULL) == 0);
}

int main(void) {
  server = cnet_create_server(NULL, &(cnet_server_opts){.allow_half_open = true}, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
