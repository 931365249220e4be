/* test/parallel/test-net-socket-end-callback.js: end(cb), end(data, cb)
 * and end(data, encoding, cb) each call the callback. The server is unref'd
 * and never closed, as in Node's test, so the loop ends when the three
 * connections have; C then closes it. */
#include "../common.h"

static cnet_server_t *server;

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_resume(ev->u.connection);
}

EXPECT_CALLS(cb, 3);
static void cb(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)ctx;
  CALLED(cb);
  CHECK(err == NULL);
}
static void end_no_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end(ev->emitter, cb, NULL);
}
static void end_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end_data(ev->emitter, "foo", 3, cb, NULL);
}
static void end_string(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end_string(ev->emitter, "foo", "utf8", cb, NULL);
}

EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  cnet_listener_fn connect[] = {end_no_data, end_data, end_string};
  for (int i = 0; i < 3; i++)
    CHECK(cnet_create_connection_port(NULL, node_port(server), "127.0.0.1", connect[i], NULL));
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_server_unref(server);
  node_listen_local(server, on_listening, NULL);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  cnet_server_close(server, NULL, NULL);
  return node_test_run();
}
