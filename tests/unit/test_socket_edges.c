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
  assert_int_equal(cnet_server_address(server, &a, NULL, NULL), 0);
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

static int failed_writes, errors, closes;
static void count_failed(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)ctx;
  if (err && strcmp(err->code, "ERR_SOCKET_CLOSED_BEFORE_CONNECTION") == 0) failed_writes++;
}
static void count_error(const cnet_event_t *ev, void *ctx) { (void)ev; (void)ctx; errors++; }
static void count_close(const cnet_event_t *ev, void *ctx) { (void)ev; (void)ctx; closes++; }

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
  /* the new life is destroyed by the writes' error, as in Node */
  cnet_on(c, CNET_EV_ERROR, count_error, NULL);
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
  uv_timer_start(&guard, give_up, 20000, 0);
  while (again_calls < AGAIN && !timed_out) uv_run(loop, UV_RUN_ONCE);
  uv_close((uv_handle_t *)&guard, NULL);
  uv_run(loop, UV_RUN_NOWAIT);
  assert_int_equal(cancelled_calls, 1);
  assert_int_equal(again_calls, AGAIN);
  assert_int_equal(cnet_socket_writable_length(c), 0);
  cnet_socket_destroy(c, NULL);
  cnet_socket_release(c);
}

/* Writes made while connecting, then destroy and connect again before the
 * old `close`: that `close` fails the queued writes with
 * ERR_SOCKET_CLOSED_BEFORE_CONNECTION and, as in Node, destroys the new
 * connection with it; the socket closes instead of hanging errored. */

/* A lookup that answers 50 ms later: the new connect cannot complete
 * before the old `close`. */
static cnet_lookup_req_t *slow_req;
static bool slow_answered;
static void slow_answer(void *ctx) {
  (void)ctx;
  slow_answered = true;
  cnet_lookup_address a = {"127.0.0.1", 4};
  cnet_lookup_done(slow_req, NULL, &a, 1);
  uv_stop(loop); /* a timer run before the poll: back to the caller's check, not asleep */
}
static void slow_lookup(const char *host, const cnet_lookup_opts *o, cnet_lookup_req_t *req,
                        void *ctx) {
  (void)host; (void)o; (void)ctx;
  slow_req = req;
  cnet_set_timeout(loop, 50, slow_answer, NULL);
}

static void reconnect_before_close_with_queued_writes(void **state) {
  (void)state;
  failed_writes = errors = closes = 0;
  cnet_socket_t *c = cnet_socket_retain(cnet_socket_new(loop, NULL));
  cnet_on(c, CNET_EV_ERROR, count_error, NULL);
  cnet_on(c, CNET_EV_CLOSE, count_close, NULL);
  cnet_socket_connect_port(c, port, "127.0.0.1", NULL, NULL);
  cnet_socket_write(c, "a", 1, count_failed, NULL);
  cnet_socket_destroy(c, NULL);
  cnet_socket_connect(c, &(cnet_connect_opts){.port = port, .host = "slow.test", .lookup = slow_lookup},
                      NULL, NULL);
  cnet_socket_write(c, "b", 1, count_failed, NULL);
  while (closes < 2) uv_run(loop, UV_RUN_ONCE);
  while (!slow_answered) uv_run(loop, UV_RUN_ONCE); /* the late answer finds nobody */
  assert_int_equal(failed_writes, 2);
  assert_int_equal(errors, 1);
  assert_true(cnet_socket_destroyed(c));
  assert_int_equal(cnet_socket_writable_length(c), 0);
  cnet_socket_release(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(cancelled_write_callback_reconnects, setup, teardown),
    cmocka_unit_test_setup_teardown(reconnect_before_close_with_queued_writes, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
