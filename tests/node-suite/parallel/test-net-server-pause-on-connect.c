/* test/parallel/test-net-server-pause-on-connect.js: a server made with
 * pauseOnConnect reads nothing from a connection (bytesRead stays 0, no
 * `data`) until it is resumed, while a server without it reads at once. */
#include "../common.h"

static const char msg[] = "test";
static bool stopped = true;
static cnet_server_t *server1, *server2;
static cnet_socket_t *server1_sock;

static void check_msg(const cnet_event_t *ev) {
  CHECK_INT(ev->u.data.len, strlen(msg));
  CHECK(memcmp(ev->u.data.bytes, msg, ev->u.data.len) == 0);
}

static void server1_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  if (stopped) node_fail(__FILE__, __LINE__, "data event should not have happened yet");
  check_msg(ev);
  cnet_socket_end(ev->emitter, NULL, NULL);
  cnet_server_close(server1, NULL, NULL);
}
static void server1_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_on(ev->u.connection, CNET_EV_DATA, server1_data, NULL);
  server1_sock = ev->u.connection;
}

static void server2_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  check_msg(ev);
  cnet_socket_end(ev->emitter, NULL, NULL);
  cnet_server_close(server2, NULL, NULL);
  CHECK(server1_sock != NULL);
  CHECK_INT(cnet_socket_bytes_read(server1_sock), 0);
  cnet_socket_resume(server1_sock);
  stopped = false;
}
static void server2_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_on(ev->u.connection, CNET_EV_DATA, server2_data, NULL);
}

static void send_msg(cnet_server_t *srv, cnet_write_cb cb) {
  cnet_socket_t *c = cnet_create_connection(NULL, &(cnet_connect_opts){.port = node_port(srv),
                                                                        .host = "127.0.0.1"},
                                            NULL, NULL);
  CHECK(c != NULL);
  cnet_socket_write_string(c, msg, NULL, cb, NULL);
}
static void server2_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  send_msg(server2, NULL);
}
EXPECT_CALLS(client_handler, 1);
static void client_handler(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)ctx;
  CALLED(client_handler);
  CHECK(err == NULL);
  node_listen_local(server2, server2_listening, NULL);
}
static void server1_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  send_msg(server1, client_handler);
}

int main(void) {
  server1 = cnet_create_server(NULL, &(cnet_server_opts){.pause_on_connect = true},
                               server1_connection, NULL);
  server2 = cnet_create_server(NULL, &(cnet_server_opts){.pause_on_connect = false},
                               server2_connection, NULL);
  node_listen_local(server1, server1_listening, NULL);
  int rc = node_test_run();
  CHECK(!stopped);
  return rc;
}
