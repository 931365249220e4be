/* test/parallel/test-net-allow-half-open.js: a socket without allowHalfOpen
 * that receives the peer's FIN ends its side properly instead of being
 * destroyed at once: not destroyed at `end` (nor on the tick after it) nor at
 * `finish`, and `close` follows; also when it has ended its side first.
 *
 * The second server's socket never reads the client's "asd", so it never
 * emits `end` and stays open, its handle no longer reading: Node's process
 * exits with it open, as the loop here returns. It is destroyed then, so
 * that the loop can be closed. */
#include "../common.h"

/* ---- first: the peer ends, the client ends in answer ---- */

static cnet_server_t *server1, *server2;
static char kilobyte[1024];
static cnet_socket_t *accepted[2];

EXPECT_CALLS(on_connection, 2);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connection);
  accepted[CALLS(on_connection) - 1] = cnet_socket_retain(ev->u.connection);
  cnet_socket_end_data(ev->u.connection, kilobyte, sizeof kilobyte, NULL, NULL);
}

static void after_end1(void *ctx) {
  cnet_socket_t *socket = ctx;
  CHECK(!cnet_socket_destroyed(socket)); /* not destroyed without a proper shutdown */
  cnet_server_close(server1, NULL, NULL);
  cnet_socket_release(socket);
}
EXPECT_CALLS(on_end1, 1);
static void on_end1(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_end1);
  cnet_next_tick(NULL, after_end1, cnet_socket_retain(ev->emitter));
}
EXPECT_CALLS(on_finish1, 1);
static void on_finish1(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_finish1);
  CHECK(!cnet_socket_destroyed(ev->emitter));
}
EXPECT_CALLS(on_close1, 1);
static void on_close1(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_close1);
}

EXPECT_CALLS(on_listening1, 1);
static void on_listening1(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening1);
  cnet_socket_t *socket = cnet_connect_port(NULL, node_port(server1), "127.0.0.1", NULL, NULL);
  CHECK(!cnet_socket_allow_half_open(socket));
  cnet_socket_resume(socket);
  cnet_on(socket, CNET_EV_END, on_end1, NULL);
  cnet_on(socket, CNET_EV_FINISH, on_finish1, NULL);
  cnet_on(socket, CNET_EV_CLOSE, on_close1, NULL);
}

/* ---- second: the client ends first ---- */

EXPECT_CALLS(on_end2, 1);
static void on_end2(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_end2);
  CHECK(!cnet_socket_destroyed(ev->emitter));
}
EXPECT_CALLS(on_finish2, 1);
static void on_finish2(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_finish2);
  CHECK(!cnet_socket_destroyed(ev->emitter));
}
EXPECT_CALLS(on_close2, 1);
static void on_close2(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_close2);
  cnet_server_close(server2, NULL, NULL);
}

EXPECT_CALLS(on_listening2, 1);
static void on_listening2(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening2);
  cnet_socket_t *socket = cnet_connect_port(NULL, node_port(server2), "127.0.0.1", NULL, NULL);
  CHECK(!cnet_socket_allow_half_open(socket));
  cnet_socket_resume(socket);
  cnet_on(socket, CNET_EV_END, on_end2, NULL);
  cnet_socket_end_string(socket, "asd", NULL, NULL, NULL);
  cnet_on(socket, CNET_EV_FINISH, on_finish2, NULL);
  cnet_on(socket, CNET_EV_CLOSE, on_close2, NULL);
}

int main(void) {
  server1 = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server1, on_listening1, NULL);
  server2 = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server2, on_listening2, NULL);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT); /* where Node's process exits */
  for (int i = 0; i < 2; i++) {
    cnet_socket_destroy(accepted[i], NULL);
    cnet_socket_release(accepted[i]);
  }
  return node_test_run();
}
