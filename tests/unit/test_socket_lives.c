/* connect() on a socket destroyed a moment ago, before its `close` came:
 * the old `close` still arrives (as in Node), the new connection lives on,
 * and every reference is accounted for (run under valgrind and ASan). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "cnet.h"

static cnet_server_t *server;
static int closes, connects, connections;
static char trace[256];

static void note(const char *what) {
  strncat(trace, what, sizeof trace - strlen(trace) - 1);
  strncat(trace, " ", sizeof trace - strlen(trace) - 1);
}
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  connects++;
  note("connect");
  cnet_socket_end(ev->emitter, NULL, NULL);
}
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  closes++;
  note("close");
  if (closes == 2) cnet_server_close(server, NULL, NULL);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  connections++;
  cnet_socket_end(ev->u.connection, NULL, NULL);
}

/* The old `close` comes on the next tick without a handle, and in the loop's
 * closing phase with one: after the new connection (made in its poll phase). */
static void run(bool with_handle, const char *expected) {
  closes = connects = connections = 0;
  trace[0] = '\0';
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", NULL, NULL);
  while (!cnet_server_listening(server)) uv_run(uv_default_loop(), UV_RUN_ONCE);
  cnet_address_t a;
  cnet_server_address(server, &a, NULL, NULL);
  cnet_socket_t *s = cnet_socket_new(NULL, NULL);
  cnet_on(s, CNET_EV_CONNECT, on_connect, NULL);
  cnet_on(s, CNET_EV_CLOSE, on_close, NULL);
  if (with_handle) cnet_socket_connect_port(s, a.port, "127.0.0.1", NULL, NULL);
  cnet_socket_destroy(s, NULL);
  assert_int_equal(cnet_socket_connect_port(s, a.port, "127.0.0.1", NULL, NULL), 0);
  assert_true(cnet_socket_connecting(s));
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  assert_int_equal(closes, 2);
  assert_int_equal(connects, 1);
  assert_int_equal(connections, 1);
  assert_string_equal(trace, expected);
  assert_int_equal(uv_loop_close(uv_default_loop()), 0);
}

static void destroyed_fresh_socket_connects(void **state) {
  (void)state;
  run(false, "close connect close ");
}

static void destroyed_connecting_socket_connects_again(void **state) {
  (void)state;
  run(true, "connect close close ");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(destroyed_fresh_socket_connects),
    cmocka_unit_test(destroyed_connecting_socket_connects_again),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
