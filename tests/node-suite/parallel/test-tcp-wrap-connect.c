/* test/parallel/test-tcp-wrap-connect.js: a raw TCP handle connects to a
 * net server and shuts its side down; the server gets one connection and
 * its `end`.
 *
 * Node's raw handle is its TCP wrap (internalBinding('tcp_wrap')), which is
 * a libuv uv_tcp_t; here the client is that uv_tcp_t itself, on the same
 * loop. The wrap's oncomplete arguments (readable, writable) are Node's
 * own; libuv's connect and shutdown report their status. */
#include "../common.h"

static cnet_server_t *server;
static uv_tcp_t client;
static uv_connect_t req;
static uv_shutdown_t shutdown_req;
static int connect_count, end_count, shutdown_count;

static void on_shutdown(uv_shutdown_t *r, int status) {
  CHECK(r == &shutdown_req);
  CHECK_INT(status, 0);
  CHECK(r->handle == (uv_stream_t *)&client);
  shutdown_count++;
  uv_close((uv_handle_t *)&client, NULL);
}
static void on_connect(uv_connect_t *r, int status) {
  CHECK(r == &req);
  CHECK_INT(status, 0);
  CHECK(r->handle == (uv_stream_t *)&client);
  CHECK(uv_is_readable(r->handle) && uv_is_writable(r->handle));
  CHECK_INT(uv_shutdown(&shutdown_req, (uv_stream_t *)&client, on_shutdown), 0);
}
static void make_connection(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  struct sockaddr_in sa;
  CHECK(uv_tcp_init(uv_default_loop(), &client) == 0);
  CHECK(uv_ip4_addr("127.0.0.1", node_port(server), &sa) == 0);
  CHECK_INT(uv_tcp_connect(&req, &client, (struct sockaddr *)&sa, on_connect), 0);
}

static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  end_count++;
  cnet_socket_destroy(ev->emitter, NULL);
  cnet_server_close(server, NULL, NULL);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  connect_count++;
  cnet_socket_resume(ev->u.connection);
  cnet_on(ev->u.connection, CNET_EV_END, on_end, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, make_connection, NULL);
  int rc = node_test_run();
  CHECK_INT(shutdown_count, 1);
  CHECK_INT(connect_count, 1);
  CHECK_INT(end_count, 1);
  return rc;
}
