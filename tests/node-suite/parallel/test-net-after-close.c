/* test/parallel/test-net-after-close.js: every method and property of a
 * socket may be used in its `close` listener, after its handle is gone:
 * setNoDelay, setKeepAlive, bufferSize, pause, resume, address(),
 * remoteAddress and remotePort neither fail nor crash. The values checked
 * are the ones Node v23.5.0 gives there ({}, undefined, undefined);
 * bufferSize is undefined in Node, and only read here (a size_t). */
#include "../common.h"

static cnet_server_t *server;

EXPECT_CALLS(on_connection, 1);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connection);
  cnet_socket_end(ev->u.connection, NULL, NULL);
}

EXPECT_CALLS(on_close, 1);
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_close);
  cnet_socket_t *c = ev->emitter;
  CHECK(cnet_socket_destroyed(c)); /* c._handle === null */
  cnet_socket_set_no_delay(c, true);
  cnet_socket_set_keep_alive(c, false, 0);
  (void)cnet_socket_buffer_size(c);
  cnet_socket_pause(c);
  cnet_socket_resume(c);
  cnet_address_t a;
  CHECK(cnet_socket_address(c, &a) < 0);
  CHECK(cnet_socket_remote_address(c) == NULL);
  CHECK_INT(cnet_socket_remote_port(c), -1);
  cnet_server_close(server, NULL, NULL);
}

EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  cnet_socket_t *c = cnet_create_connection_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
  cnet_on(c, CNET_EV_CLOSE, on_close, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
