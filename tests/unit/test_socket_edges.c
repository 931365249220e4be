/* net.Socket's write queue and lifetime at their edges: callbacks that
 * connect and write again while the socket is still failing its queue. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "cnet.h"

#define BIG (8u << 20) /* more than the kernel takes at once on loopback */

static uv_loop_t *loop;
static cnet_server_t *server;
static int port;
static int connections;
static cnet_socket_t *accepted[2];

/* Connections read nothing, so a client's big write stays under way. */
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  if (connections < 2) accepted[connections++] = cnet_socket_retain(ev->u.connection);
}

static void set_flag(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  *(bool *)ctx = true;
}

static void run_until(bool *flag) {
  while (!*flag) uv_run(loop, UV_RUN_ONCE);
}

static void give_up(uv_timer_t *t) { *(bool *)t->data = true; }

static int setup(void **state) {
  (void)state;
  loop = uv_default_loop();
  connections = 0;
  cnet_server_opts o = {.pause_on_connect = true};
  server = cnet_create_server(loop, &o, on_connection, NULL);
  bool listening = false;
  cnet_server_listen_port(server, 0, "127.0.0.1", set_flag, &listening);
  run_until(&listening);
  cnet_address_t a;
  assert_int_equal(cnet_server_address(server, &a, NULL), 0);
  port = a.port;
  return 0;
}

static int teardown(void **state) {
  (void)state;
  for (int i = 0; i < 2; i++) {
    if (!accepted[i]) continue;
    cnet_socket_destroy(accepted[i], NULL);
    cnet_socket_release(accepted[i]);
    accepted[i] = NULL;
  }
  cnet_server_close(server, NULL, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  return 0;
}

/* ---- a cancelled write's callback connects and writes again ---- */

#define AGAIN 9 /* writes made in the callback: enough to grow the queue's ring */

static int cancelled_calls, again_calls;

static void again_cb(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  (void)s;
  (void)ctx;
  assert_non_null(err); /* as Node's: the earlier life's `close` fails them */
  again_calls++;
}

static void reconnect_and_write(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  (void)ctx;
  assert_non_null(err);
  if (cancelled_calls++) return;
  assert_true(cnet_socket_destroyed(s));
  assert_int_equal(cnet_socket_connect_port(s, port, "127.0.0.1", NULL, NULL), 0);
  for (int i = 0; i < AGAIN; i++) cnet_socket_write(s, "x", 1, again_cb, NULL);
}

/* The callback of a write cancelled by destroy() connects again and
 * writes enough to grow the queue's ring, while libuv is still handing
 * back the cancelled writes. */
static void cancelled_write_callback_reconnects(void **state) {
  (void)state;
  cancelled_calls = again_calls = 0;
  cnet_socket_t *c = cnet_socket_new(loop, NULL);
  bool connected = false;
  cnet_socket_connect_port(c, port, "127.0.0.1", set_flag, &connected);
  run_until(&connected);
  cnet_socket_retain(c);
  char *big = calloc(1, BIG);
  cnet_socket_write(c, big, BIG, reconnect_and_write, NULL);
  free(big);
  for (int i = 0; i < 7; i++) cnet_socket_write(c, "q", 1, NULL, NULL); /* fail with the destroy */
  cnet_socket_destroy(c, NULL);
  static bool timed_out;
  uv_timer_t guard; /* a hang fails the test rather than the suite's timeout */
  uv_timer_init(loop, &guard);
  guard.data = &timed_out;
  uv_timer_start(&guard, give_up, 3000, 0);
  while (again_calls < AGAIN && !timed_out) uv_run(loop, UV_RUN_ONCE);
  uv_close((uv_handle_t *)&guard, NULL);
  uv_run(loop, UV_RUN_NOWAIT);
  assert_int_equal(cancelled_calls, 1);
  assert_int_equal(again_calls, AGAIN);
  assert_int_equal(cnet_socket_writable_length(c), 0);
  cnet_socket_destroy(c, NULL);
  cnet_socket_release(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(cancelled_write_callback_reconnects, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
