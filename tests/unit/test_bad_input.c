/* Every public call answers NULL or out-of-range arguments with a code or a
 * harmless no-op: no crash, no leak (run under ASan and valgrind too). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "cnet.h"

static void socket_calls_on_null(void **state) {
  (void)state;
  assert_int_equal(cnet_socket_write(NULL, "x", 1, NULL, NULL), CNET_ERR_INVALID_ARG_TYPE);
  assert_int_equal(cnet_socket_write_nocopy(NULL, "x", 1, NULL, NULL), CNET_ERR_INVALID_ARG_TYPE);
  assert_int_equal(cnet_socket_write_string(NULL, "x", NULL, NULL, NULL), CNET_ERR_INVALID_ARG_TYPE);
  assert_int_equal(cnet_socket_end(NULL, NULL, NULL), CNET_ERR_INVALID_ARG_TYPE);
  assert_int_equal(cnet_socket_end_data(NULL, "x", 1, NULL, NULL), CNET_ERR_INVALID_ARG_TYPE);
  assert_int_equal(cnet_socket_end_string(NULL, "x", NULL, NULL, NULL), CNET_ERR_INVALID_ARG_TYPE);
  assert_int_equal(cnet_socket_connect(NULL, NULL, NULL, NULL), CNET_ERR_INVALID_ARG_TYPE);
  assert_int_equal(cnet_socket_connect_port(NULL, 80, NULL, NULL, NULL), CNET_ERR_INVALID_ARG_TYPE);
  assert_int_equal(cnet_socket_connect_path(NULL, "/x", NULL, NULL), CNET_ERR_INVALID_ARG_TYPE);
  assert_int_equal(cnet_socket_set_encoding(NULL, "utf8"), CNET_ERR_INVALID_ARG_TYPE);
  assert_int_equal(cnet_socket_set_timeout(NULL, 10, NULL, NULL), CNET_ERR_INVALID_ARG_TYPE);
  assert_int_equal(cnet_socket_reset_and_destroy(NULL), CNET_ERR_INVALID_ARG_TYPE);
  assert_int_equal(cnet_socket_address(NULL, NULL), CNET_ERR_INVALID_ARG_TYPE);
  cnet_socket_destroy(NULL, NULL);
  cnet_socket_destroy_soon(NULL);
  cnet_socket_pause(NULL);
  cnet_socket_resume(NULL);
  cnet_socket_set_no_delay(NULL, true);
  cnet_socket_set_keep_alive(NULL, true, 1000);
  cnet_socket_ref(NULL);
  cnet_socket_unref(NULL);
  cnet_socket_release(NULL);
  assert_null(cnet_socket_retain(NULL));
  assert_null(cnet_socket_local_address(NULL));
  assert_null(cnet_socket_remote_family(NULL));
  assert_int_equal(cnet_socket_remote_port(NULL), -1);
  assert_string_equal(cnet_socket_ready_state(NULL), "closed");
  assert_int_equal(cnet_socket_timeout(NULL), -1);
  size_t n = 7;
  assert_null(cnet_socket_auto_select_family_attempted_addresses(NULL, &n));
  assert_int_equal(n, 0);
  cnet_socket_cork(NULL);
  cnet_socket_uncork(NULL);
  assert_int_equal(cnet_socket_readable_flowing(NULL), -1);
  assert_null(cnet_socket_readable_encoding(NULL));
  assert_int_equal(cnet_socket_readable_high_water_mark(NULL), 0);
  assert_int_equal(cnet_socket_readable_length(NULL), 0);
  assert_false(cnet_socket_writable_need_drain(NULL));
  assert_int_equal(cnet_socket_writable_corked(NULL), 0);
  assert_null(cnet_socket_errored(NULL));
  assert_false(cnet_socket_closed(NULL));
}

/* A pointer to another kind of cnet object is no socket (or server). */
static void calls_on_the_wrong_object(void **state) {
  (void)state;
  cnet_server_t *srv = cnet_create_server(NULL, NULL, NULL, NULL);
  cnet_socket_t *not_a_socket = (cnet_socket_t *)(void *)srv;
  cnet_socket_cork(not_a_socket);
  cnet_socket_uncork(not_a_socket);
  assert_int_equal(cnet_socket_writable_corked(not_a_socket), 0);
  assert_int_equal(cnet_socket_readable_flowing(not_a_socket), -1);
  assert_null(cnet_socket_readable_encoding(not_a_socket));
  assert_int_equal(cnet_socket_readable_length(not_a_socket), 0);
  assert_null(cnet_socket_errored(not_a_socket));
  assert_false(cnet_socket_closed(not_a_socket));
  cnet_socket_t *s = cnet_socket_new(NULL, NULL);
  cnet_server_t *not_a_server = (cnet_server_t *)(void *)s;
  assert_int_equal(cnet_server_port(not_a_server), -1);
  assert_null(cnet_server_block_list(not_a_server));
  assert_int_equal(cnet_server_address(not_a_server, NULL, NULL, NULL), CNET_ERR_INVALID_ARG_TYPE);
  cnet_socket_destroy(s, NULL);
  cnet_server_close(srv, NULL, NULL);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  assert_int_equal(uv_loop_close(uv_default_loop()), 0);
}

static void server_calls_on_null(void **state) {
  (void)state;
  assert_int_equal(cnet_server_listen(NULL, NULL, NULL, NULL), CNET_ERR_INVALID_ARG_TYPE);
  assert_int_equal(cnet_server_listen_port(NULL, 0, NULL, NULL, NULL), CNET_ERR_INVALID_ARG_TYPE);
  assert_int_equal(cnet_server_listen_path(NULL, "/x", NULL, NULL), CNET_ERR_INVALID_ARG_TYPE);
  assert_int_equal(cnet_server_close(NULL, NULL, NULL), CNET_ERR_INVALID_ARG_TYPE);
  assert_int_equal(cnet_server_address(NULL, NULL, NULL, NULL), CNET_ERR_INVALID_ARG_TYPE);
  assert_int_equal(cnet_server_get_connections(NULL, NULL, NULL), CNET_ERR_INVALID_ARG_TYPE);
  assert_false(cnet_server_listening(NULL));
  cnet_server_set_max_connections(NULL, 3);
  assert_int_equal(cnet_server_max_connections(NULL), -1);
  cnet_server_ref(NULL);
  cnet_server_unref(NULL);
  cnet_server_release(NULL);
  assert_int_equal(cnet_server_port(NULL), -1);
  assert_null(cnet_server_block_list(NULL));
}

static void bad_arguments_on_live_objects(void **state) {
  (void)state;
  cnet_socket_t *s = cnet_socket_new(NULL, NULL);
  assert_int_equal(cnet_socket_set_timeout(s, -1, NULL, NULL), CNET_ERR_OUT_OF_RANGE);
  /* past 2^31-1 ms: kept as given, as Node's socket.timeout */
  assert_int_equal(cnet_socket_set_timeout(s, INT64_C(1) << 31, NULL, NULL), 0);
  assert_int_equal(cnet_socket_timeout(s), INT64_C(1) << 31);
  assert_int_equal(cnet_socket_set_encoding(s, "klingon"), CNET_ERR_UNKNOWN_ENCODING);
  assert_string_equal(cnet_last_error()->message, "Unknown encoding: klingon");
  assert_int_equal(cnet_socket_write(s, NULL, 5, NULL, NULL), CNET_ERR_STREAM_NULL_VALUES);
  assert_int_equal(cnet_socket_write_string(s, NULL, NULL, NULL, NULL), CNET_ERR_STREAM_NULL_VALUES);
  assert_int_equal(cnet_socket_write_string(s, "x", "klingon", NULL, NULL), CNET_ERR_UNKNOWN_ENCODING);
  assert_int_equal(cnet_socket_connect_path(s, NULL, NULL, NULL), CNET_ERR_INVALID_ARG_TYPE);
  assert_int_equal(cnet_socket_connect_port(s, 65536, NULL, NULL, NULL), CNET_ERR_SOCKET_BAD_PORT);
  assert_null(cnet_socket_new(NULL, &(cnet_socket_opts){.has_fd = true, .fd = -3}));
  assert_string_equal(cnet_last_error()->code, "ERR_OUT_OF_RANGE");
  cnet_socket_destroy(s, NULL);

  cnet_server_t *srv = cnet_create_server(NULL, NULL, NULL, NULL);
  assert_int_equal(cnet_server_listen_port(srv, 70000, NULL, NULL, NULL), CNET_ERR_SOCKET_BAD_PORT);
  assert_int_equal(cnet_server_listen_path(srv, NULL, NULL, NULL), CNET_ERR_INVALID_ARG_TYPE);
  assert_int_equal(cnet_server_get_connections(srv, NULL, NULL), CNET_ERR_INVALID_ARG_TYPE);
  cnet_server_close(srv, NULL, NULL);

  assert_null(cnet_create_connection(NULL, NULL, NULL, NULL));
  /* the socket options of net.connect(options) are checked as new Socket's */
  assert_null(cnet_connect(NULL, &(cnet_connect_opts){.path = "/x", .has_fd = true, .fd = -1}, NULL, NULL));
  assert_string_equal(cnet_last_error()->code, "ERR_OUT_OF_RANGE");
  assert_null(cnet_connect(NULL, &(cnet_connect_opts){.path = "/x", .block_list = (void *)srv}, NULL, NULL));
  assert_string_equal(cnet_last_error()->code, "ERR_INVALID_ARG_TYPE");
  assert_int_equal(cnet_set_default_auto_select_family_attempt_timeout(0), CNET_ERR_OUT_OF_RANGE);
  assert_int_equal(cnet_is_ip(NULL), 0);
  cnet_lookup_done(NULL, NULL, NULL, 0);
  cnet_error_unref(NULL);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  assert_int_equal(uv_loop_close(uv_default_loop()), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(socket_calls_on_null),
    cmocka_unit_test(server_calls_on_null),
    cmocka_unit_test(bad_arguments_on_live_objects),
    cmocka_unit_test(calls_on_the_wrong_object),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
