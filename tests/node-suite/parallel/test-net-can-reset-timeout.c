/* test/parallel/test-net-can-reset-timeout.js: a write from a socket's
 * `timeout` listener (the timer armed again by that activity) works: the
 * client gets the data, ends, and both sides end. The timeout is the event
 * awaited here, not a race: the client sends nothing until it fires. */
#include "../common.h"

static cnet_server_t *server;

EXPECT_CALLS(on_timeout, 1);
static void on_timeout(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_timeout);
  cnet_socket_write_string(ev->emitter, "WHAT.", NULL, NULL, NULL); /* try to reset the timeout */
}
EXPECT_CALLS(on_stream_end, 1);
static void on_stream_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_stream_end);
  cnet_socket_end(ev->emitter, NULL, NULL);
}
EXPECT_CALLS(on_connection, 1);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connection);
  cnet_socket_t *stream = ev->u.connection;
  CHECK(cnet_socket_set_timeout(stream, 100, NULL, NULL) == 0);
  cnet_socket_resume(stream);
  cnet_once(stream, CNET_EV_TIMEOUT, on_timeout, NULL);
  cnet_on(stream, CNET_EV_END, on_stream_end, NULL);
}

static void on_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end(ev->emitter, NULL, NULL);
}
EXPECT_CALLS(on_client_end, 1);
static void on_client_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_client_end);
  cnet_server_close(server, NULL, NULL);
}
EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  cnet_socket_t *c = cnet_create_connection_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
  cnet_on(c, CNET_EV_DATA, on_data, NULL);
  cnet_on(c, CNET_EV_END, on_client_end, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
