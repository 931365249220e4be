/* test/parallel/test-net-large-string.js: a 40 Ki-character string of 'あ'
 * (120 KiB in UTF-8) written with encoding "UTF-8" reaches a server that
 * setEncoding("UTF-8")'d whole: it counts 40 Ki characters (Node counts
 * UTF-16 units, one per 'あ'; here code points of the decoded text). */
#include "../common.h"

#define POOL_SIZE (40 * 1024)

static cnet_server_t *server;
static size_t received_size;

static size_t code_points(const char *s, size_t len) {
  size_t n = 0;
  for (size_t i = 0; i < len; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
  return n;
}

static void on_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CHECK(ev->u.data.is_string);
  received_size += code_points(ev->u.data.bytes, ev->u.data.len);
}

EXPECT_CALLS(on_end, 1);
static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_end);
  CHECK_INT(received_size, POOL_SIZE);
  cnet_socket_end(ev->emitter, NULL, NULL);
}

EXPECT_CALLS(on_connection, 1);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connection);
  cnet_socket_t *socket = ev->u.connection;
  CHECK_INT(cnet_socket_set_encoding(socket, "UTF-8"), 0);
  cnet_on(socket, CNET_EV_DATA, on_data, NULL);
  cnet_on(socket, CNET_EV_END, on_end, NULL);
}

static void on_client_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(server, NULL, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  static const char a[] = "\xE3\x81\x82"; /* あ */
  char *data = malloc(POOL_SIZE * 3 + 1);
  for (size_t i = 0; i < POOL_SIZE; i++) memcpy(data + 3 * i, a, 3);
  data[POOL_SIZE * 3] = '\0';
  cnet_socket_t *client = cnet_create_connection_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
  cnet_on(client, CNET_EV_END, on_client_end, NULL);
  cnet_socket_write_string(client, data, "UTF-8", NULL, NULL);
  cnet_socket_end(client, NULL, NULL);
  free(data);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
