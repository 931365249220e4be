/* The emitter: Node's ordering rules, once, off, and uncaught errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "emitter_recorder.h"
#include "error.h"

static cnet_emitter_t em;

static void reset(void) {
  cnet__emitter_dispose(&em);
  cnet__emitter_init(&em, &test_class);
  clear_order();
}

static void order_of_adding(void **state) {
  (void)state;
  reset();
  cnet_on(&em, CNET_EV_DATA, rec, "a");
  cnet_on(&em, CNET_EV_DATA, rec, "b");
  cnet_prepend_listener(&em, CNET_EV_DATA, rec, "p");
  cnet_on(&em, CNET_EV_END, rec, "x");
  cnet__emit_simple(&em, CNET_EV_DATA);
  assert_string_equal(order, "pab");
  assert_int_equal(cnet_listener_count(&em, CNET_EV_DATA), 3);
  assert_int_equal(cnet_listener_count(&em, CNET_EV_END), 1);
  assert_int_equal(cnet_listener_count(&em, CNET_EV_CLOSE), 0);
}

static void once_is_removed_before_it_runs(void **state) {
  (void)state;
  reset();
  static size_t count_seen;
  cnet_once(&em, CNET_EV_DATA, rec, "o");
  cnet_on(&em, CNET_EV_DATA, rec, "a");
  cnet__emit_simple(&em, CNET_EV_DATA);
  cnet__emit_simple(&em, CNET_EV_DATA);
  assert_string_equal(order, "oaa");
  count_seen = cnet_listener_count(&em, CNET_EV_DATA);
  assert_int_equal(count_seen, 1);
}

/* Changes made during an emit apply from the next emit on. */
static void remover(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  rec(ev, "r");
  cnet_off(&em, CNET_EV_DATA, rec, "b");
  cnet_on(&em, CNET_EV_DATA, rec, "n");
}

static void changes_during_emit(void **state) {
  (void)state;
  reset();
  cnet_on(&em, CNET_EV_DATA, remover, NULL);
  cnet_on(&em, CNET_EV_DATA, rec, "b");
  cnet__emit_simple(&em, CNET_EV_DATA);
  assert_string_equal(order, "rb"); /* b still runs; n does not yet */
  n_order = 0;
  cnet_off(&em, CNET_EV_DATA, remover, NULL);
  cnet__emit_simple(&em, CNET_EV_DATA);
  assert_string_equal(order, "n");
}

static void off_removes_the_last_added(void **state) {
  (void)state;
  reset();
  cnet_on(&em, CNET_EV_DATA, rec, "a");
  cnet_on(&em, CNET_EV_DATA, rec, "b");
  cnet_on(&em, CNET_EV_DATA, rec, "a");
  cnet_off(&em, CNET_EV_DATA, rec, "a");
  cnet__emit_simple(&em, CNET_EV_DATA);
  /* same fn and ctx pointer: the last "a" (the string literal is shared) went */
  assert_int_equal(cnet_listener_count(&em, CNET_EV_DATA), 2);
  cnet_remove_all_listeners(&em, CNET_EV_DATA);
  assert_int_equal(cnet_listener_count(&em, CNET_EV_DATA), 0);
}

static void bad_arguments_get_codes(void **state) {
  (void)state;
  reset();
  assert_int_equal(cnet_on(NULL, CNET_EV_DATA, rec, NULL), CNET_ERR_INVALID_ARG_TYPE);
  assert_int_equal(cnet_on(&em, CNET_EV_DATA, NULL, NULL), CNET_ERR_INVALID_ARG_TYPE);
  assert_string_equal(cnet_last_error()->message,
                      "The \"listener\" argument must be of type function. Received null");
  assert_int_equal(cnet_on(&em, (cnet_event_type)99, rec, NULL), CNET_ERR_INVALID_ARG_VALUE);
  assert_int_equal(cnet_listener_count(NULL, CNET_EV_DATA), 0);
  assert_string_equal(cnet_event_name(CNET_EV_CONNECTION_ATTEMPT_FAILED), "connectionAttemptFailed");
  assert_null(cnet_event_name(CNET_EV__COUNT));
}

static const cnet_error_t *seen_error;
static void *seen_emitter;
static void on_uncaught(const cnet_error_t *err, void *emitter, void *ctx) {
  (void)ctx;
  seen_error = err;
  seen_emitter = emitter;
}

static void unhandled_error_goes_to_the_handler(void **state) {
  (void)state;
  reset();
  cnet_set_uncaught_error_handler(NULL, on_uncaught, NULL);
  cnet_error_t *err = cnet__error_code(CNET_ERR_SOCKET_CLOSED, NULL);
  cnet__emit_error(&em, err);
  assert_ptr_equal(seen_error, err);
  assert_ptr_equal(seen_emitter, &em);
  /* with a listener, the handler stays out of it */
  seen_error = NULL;
  cnet_on(&em, CNET_EV_ERROR, rec, "e");
  cnet__emit_error(&em, err);
  assert_null(seen_error);
  assert_string_equal(order, "e");
  cnet_set_uncaught_error_handler(NULL, NULL, NULL);
  cnet_error_unref(err);
}

/* Without a handler, Node prints the error and the process exits with 1. */
static void default_handler_exits_like_node(void **state) {
  (void)state;
  reset();
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    cnet_error_t *err = cnet__error_uv(UV_ECONNREFUSED, "connect", "127.0.0.1", 1, false);
    cnet__emit_error(&em, err);
    _exit(0); /* not reached */
  }
  int status;
  waitpid(pid, &status, 0);
  assert_true(WIFEXITED(status));
  assert_int_equal(WEXITSTATUS(status), 1);
}

static int teardown(void **state) {
  (void)state;
  cnet__emitter_dispose(&em);
  return 0;
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(order_of_adding),
    cmocka_unit_test(once_is_removed_before_it_runs),
    cmocka_unit_test(changes_during_emit),
    cmocka_unit_test(off_removes_the_last_added),
    cmocka_unit_test(bad_arguments_get_codes),
    cmocka_unit_test(unhandled_error_goes_to_the_handler),
    cmocka_unit_test(default_handler_exits_like_node),
  };
  return cmocka_run_group_tests(tests, NULL, teardown);
}
