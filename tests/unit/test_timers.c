/* The application's timers and ticks: ticks queued from the application's
 * own libuv callbacks run before the next cnet callback, immediates queued
 * by an immediate wait a loop turn, clearing from callbacks, Node's
 * durations, retain/refresh, unref'd timers, bad input. The loop runs until
 * what is awaited has happened; nothing depends on how fast it runs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include <cnet.h>

static uv_loop_t *loop;
static char trace[256];

static void say(void *ctx) {
  strcat(trace, ctx);
  strcat(trace, " ");
}

static int setup(void **state) {
  (void)state;
  static uv_loop_t l;
  loop = &l;
  uv_loop_init(loop);
  trace[0] = '\0';
  return 0;
}

static int teardown(void **state) {
  (void)state;
  uv_run(loop, UV_RUN_DEFAULT);
  assert_int_equal(uv_loop_close(loop), 0);
  return 0;
}

/* A tick queued in a plain libuv timer's callback runs before the cnet
 * timer due at the same time, as Node runs it when the callback returns. */
static void raw_timer_queues_tick(uv_timer_t *t) {
  say("raw");
  cnet_next_tick(t->loop, say, "tick");
  uv_close((uv_handle_t *)t, NULL);
}

static void tick_from_raw_callback_comes_first(void **state) {
  (void)state;
  static uv_timer_t raw;
  uv_timer_init(loop, &raw);
  uv_timer_start(&raw, raw_timer_queues_tick, 5, 0); /* started first: runs first */
  cnet_set_timeout(loop, 5, say, "cnet");
  uv_run(loop, UV_RUN_DEFAULT);
  assert_string_equal(trace, "raw tick cnet ");
}

/* Queued before uv_run, with nothing else to run: it still runs. */
static void tick_before_run(void **state) {
  (void)state;
  assert_int_equal(cnet_next_tick(loop, say, "tick"), 0);
  uv_run(loop, UV_RUN_DEFAULT);
  assert_string_equal(trace, "tick ");
}

/* Each check phase runs the immediates queued before it; one queued by an
 * immediate waits for the next turn; one cleared by an earlier one of the
 * same batch does not run. */
static int turns;
static cnet_timer_t *second;
static void count_turn(uv_prepare_t *p) { (void)p; turns++; }
static void first_immediate(void *ctx) {
  (void)ctx;
  char buf[16];
  snprintf(buf, sizeof buf, "a%d", turns);
  say(buf);
  cnet_clear_immediate(second);
  cnet_set_immediate(loop, say, "later");
}
static void third_immediate(void *ctx) {
  (void)ctx;
  char buf[16];
  snprintf(buf, sizeof buf, "c%d", turns);
  say(buf);
}
static void later_turn(void *ctx) {
  (void)ctx;
  char buf[16];
  snprintf(buf, sizeof buf, "d%d", turns);
  say(buf);
}

static void immediates_by_turn(void **state) {
  (void)state;
  static uv_prepare_t prep;
  uv_prepare_init(loop, &prep);
  uv_prepare_start(&prep, count_turn);
  uv_unref((uv_handle_t *)&prep);
  turns = 0;
  cnet_set_immediate(loop, first_immediate, NULL);
  second = cnet_set_immediate(loop, say, "never");
  cnet_set_immediate(loop, third_immediate, NULL);
  cnet_set_immediate(loop, later_turn, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  uv_close((uv_handle_t *)&prep, NULL);
  assert_string_equal(trace, "a1 c1 d1 later ");
}

/* An interval cleared from its own callback, a timeout cleared from its own
 * callback and then again: each runs once. */
static cnet_timer_t *self_clearing;
static int interval_runs;
static void clear_self(void *ctx) {
  (void)ctx;
  interval_runs++;
  cnet_clear_interval(self_clearing);
  cnet_clear_timeout(self_clearing);
}

static void clear_from_own_callback(void **state) {
  (void)state;
  interval_runs = 0;
  self_clearing = cnet_set_interval(loop, 1, clear_self, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  assert_int_equal(interval_runs, 1);
  interval_runs = 0;
  self_clearing = cnet_set_timeout(loop, 1, clear_self, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  assert_int_equal(interval_runs, 1);
}

/* Node's durations: 0 and anything past 2^31-1 are 1 ms, so both come
 * before a 50 ms one. */
static void durations_as_node(void **state) {
  (void)state;
  cnet_set_timeout(loop, 50, say, "fifty");
  cnet_set_timeout(loop, (uint64_t)INT32_MAX + 1, say, "huge");
  cnet_set_timeout(loop, 0, say, "zero");
  uv_run(loop, UV_RUN_DEFAULT);
  assert_string_equal(trace, "huge zero fifty ");
}

/* A retained timeout outlives its run: refresh() runs it again; clearing
 * after it ran, and releasing, are safe. */
static void retained_timeout_runs_again(void **state) {
  (void)state;
  cnet_timer_t *t = cnet_timer_retain(cnet_set_timeout(loop, 1, say, "run"));
  uv_run(loop, UV_RUN_DEFAULT);
  assert_true(cnet_timer_has_ref(t));
  assert_ptr_equal(cnet_timer_refresh(t), t);
  uv_run(loop, UV_RUN_DEFAULT);
  cnet_clear_timeout(t);
  assert_ptr_equal(cnet_timer_refresh(t), t); /* cleared: stays cleared */
  uv_run(loop, UV_RUN_DEFAULT);
  cnet_timer_release(t);
  assert_string_equal(trace, "run run ");
}

/* Unref'd, alone, neither kind keeps the loop running; they are cleared
 * before the loop is closed. */
static void unrefed_alone_do_not_run(void **state) {
  (void)state;
  cnet_timer_t *t = cnet_timer_unref(cnet_set_timeout(loop, 1, say, "timeout"));
  cnet_timer_t *i = cnet_timer_unref(cnet_set_immediate(loop, say, "immediate"));
  assert_false(cnet_timer_has_ref(t));
  assert_false(cnet_timer_has_ref(i));
  uv_run(loop, UV_RUN_DEFAULT);
  assert_string_equal(trace, "");
  cnet_clear_timeout(t);
  cnet_clear_immediate(i);
}

static void bad_input(void **state) {
  (void)state;
  assert_null(cnet_set_timeout(loop, 1, NULL, NULL));
  assert_string_equal(cnet_last_error()->code, "ERR_INVALID_ARG_TYPE");
  assert_null(cnet_set_interval(loop, 1, NULL, NULL));
  assert_null(cnet_set_immediate(loop, NULL, NULL));
  assert_int_equal(cnet_next_tick(loop, NULL, NULL), CNET_ERR_INVALID_ARG_TYPE);
  cnet_clear_timeout(NULL);
  cnet_clear_interval(NULL);
  cnet_clear_immediate(NULL);
  assert_null(cnet_timer_ref(NULL));
  assert_null(cnet_timer_unref(NULL));
  assert_null(cnet_timer_refresh(NULL));
  assert_null(cnet_timer_retain(NULL));
  cnet_timer_release(NULL);
  assert_false(cnet_timer_has_ref(NULL));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(tick_from_raw_callback_comes_first, setup, teardown),
    cmocka_unit_test_setup_teardown(tick_before_run, setup, teardown),
    cmocka_unit_test_setup_teardown(immediates_by_turn, setup, teardown),
    cmocka_unit_test_setup_teardown(clear_from_own_callback, setup, teardown),
    cmocka_unit_test_setup_teardown(durations_as_node, setup, teardown),
    cmocka_unit_test_setup_teardown(retained_timeout_runs_again, setup, teardown),
    cmocka_unit_test_setup_teardown(unrefed_alone_do_not_run, setup, teardown),
    cmocka_unit_test_setup_teardown(bad_input, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
