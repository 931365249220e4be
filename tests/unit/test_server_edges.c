/* Server lifetime at the edges: every path must leave the reference count
 * right (run under valgrind and ASan, where a server freed too early shows). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "cnet.h"

static char trace[256];
static uv_loop_t loop;

static void note(const char *what) {
  strncat(trace, what, sizeof trace - strlen(trace) - 1);
  strncat(trace, " ", sizeof trace - strlen(trace) - 1);
}

static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  (void)ctx;
  note("close");
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  note("connection");
  cnet_socket_destroy(ev->u.connection, NULL);
  cnet_server_close(ev->emitter, NULL, NULL);
}

static void on_listening2(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  note("listening2");
  cnet_address_t a;
  assert_int_equal(cnet_server_address(ev->emitter, &a, NULL, NULL), 0);
  cnet_connect_port(&loop, a.port, "127.0.0.1", NULL, NULL);
}

/* close() then listen() at once, as Node allows: the old `close` still
 * comes, and the server lives on, listening. */
static void on_listening1(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  note("listening1");
  cnet_server_close(ev->emitter, NULL, NULL);
  cnet_server_listen_port(ev->emitter, 0, "127.0.0.1", on_listening2, NULL);
}

static void close_then_listen_at_once(void **state) {
  (void)state;
  uv_loop_init(&loop);
  trace[0] = '\0';
  cnet_server_t *srv = cnet_create_server(&loop, NULL, on_connection, NULL);
  cnet_on(srv, CNET_EV_CLOSE, on_close, NULL);
  cnet_server_listen_port(srv, 0, "127.0.0.1", on_listening1, NULL);
  uv_run(&loop, UV_RUN_DEFAULT);
  assert_string_equal(trace, "listening1 close listening2 connection close ");
  assert_int_equal(uv_loop_close(&loop), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(close_then_listen_at_once),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
