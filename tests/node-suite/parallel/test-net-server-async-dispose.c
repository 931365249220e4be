/* test/parallel/test-net-server-async-dispose.mjs: server[Symbol.asyncDispose]()
 * closes a listening server (its promise resolves, `close` is emitted and
 * address() is null after), and resolves again, without error, when the
 * server is already closed. */
#include "../common.h"

/* Node's guard: setTimeout(common.mustNotCall(), 2 ** 31 - 1), cleared at the end */
EXPECT_CALLS(never, 0);
static void never(void *ctx) {
  (void)ctx;
  CALLED(never);
}

/* ---- it('should close the server') ---- */

static cnet_timer_t *guard1;

EXPECT_CALLS(on_close1, 1);
static void on_close1(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_close1);
}
EXPECT_CALLS(disposed1, 1);
static void disposed1(cnet_server_t *srv, const cnet_error_t *err, void *ctx) {
  (void)ctx;
  CALLED(disposed1);
  CHECK(err == NULL);
  cnet_address_t a;
  CHECK(cnet_server_address(srv, &a, NULL, NULL) < 0); /* null */
  cnet_clear_timeout(guard1);
}
EXPECT_CALLS(on_listening1, 1);
static void on_listening1(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_listening1);
  CHECK(cnet_server_async_dispose(ev->emitter, disposed1, NULL) == 0);
}

/* ---- it('should resolve even if the server is already closed') ---- */

static cnet_timer_t *guard2;

EXPECT_CALLS(disposed_again, 1);
static void disposed_again(cnet_server_t *srv, const cnet_error_t *err, void *ctx) {
  (void)ctx;
  CALLED(disposed_again);
  CHECK(err == NULL);
  cnet_clear_timeout(guard2);
  cnet_server_release(srv);
}
EXPECT_CALLS(disposed2, 1);
static void disposed2(cnet_server_t *srv, const cnet_error_t *err, void *ctx) {
  (void)ctx;
  CALLED(disposed2);
  CHECK(err == NULL);
  cnet_server_retain(srv); /* the awaiting function still holds it after `close` */
  CHECK(cnet_server_async_dispose(srv, disposed_again, NULL) == 0);
}
EXPECT_CALLS(on_listening2, 1);
static void on_listening2(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_listening2);
  CHECK(cnet_server_async_dispose(ev->emitter, disposed2, NULL) == 0);
}

int main(void) {
  cnet_server_t *server = cnet_create_server(NULL, NULL, NULL, NULL);
  guard1 = cnet_set_timeout(NULL, 2147483647, never, NULL);
  node_listen_local(server, on_listening1, NULL);
  cnet_on(server, CNET_EV_CLOSE, on_close1, NULL);

  server = cnet_create_server(NULL, NULL, NULL, NULL);
  guard2 = cnet_set_timeout(NULL, 2147483647, never, NULL);
  node_listen_local(server, on_listening2, NULL);
  return node_test_run();
}
