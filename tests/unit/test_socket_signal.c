/* A socket made with an already-aborted signal is destroyed on the next
 * tick with an AbortError and never connects (Node 23.5 connects anyway,
 * after `close`; see docs/api.md). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "cnet.h"

static int connects, errors, closes, connections;
static char error_code[32];

static void on_connect(const cnet_event_t *ev, void *ctx) { (void)ev; (void)ctx; connects++; }
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  errors++;
  snprintf(error_code, sizeof error_code, "%s", ev->u.error->code);
}
static void on_close(const cnet_event_t *ev, void *server) {
  (void)ev;
  closes++;
  cnet_server_close(server, NULL, NULL);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  connections++;
  cnet_socket_destroy(ev->u.connection, NULL);
}

static void pre_aborted_signal(void **state) {
  (void)state;
  cnet_abort_controller_t *ac = cnet_abort_controller_new();
  cnet_abort_controller_abort(ac, NULL);
  cnet_server_t *server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", NULL, NULL);
  uv_run(uv_default_loop(), UV_RUN_NOWAIT); /* listening */
  cnet_address_t a;
  assert_int_equal(cnet_server_address(server, &a, NULL, NULL), 0);
  cnet_socket_t *s = cnet_socket_new(NULL, &(cnet_socket_opts){.signal = cnet_abort_controller_signal(ac)});
  assert_false(cnet_socket_destroyed(s)); /* not yet: on the next tick */
  cnet_socket_connect_port(s, a.port, "127.0.0.1", on_connect, NULL);
  cnet_on(s, CNET_EV_ERROR, on_error, NULL);
  cnet_on(s, CNET_EV_CLOSE, on_close, server);
  cnet_abort_controller_free(ac);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  assert_int_equal(connects, 0);
  assert_int_equal(errors, 1);
  assert_string_equal(error_code, "ABORT_ERR");
  assert_int_equal(closes, 1);
  assert_int_equal(connections, 0);
  assert_int_equal(uv_loop_close(uv_default_loop()), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(pre_aborted_signal)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
