/* Idle-timeout lists: order of expiry over many items and durations, no
 * timer re-arm on activity, changes made from expiry callbacks, and a
 * timeout never keeping the loop alive. The loop runs until what is awaited
 * has happened, and times are checked as lower bounds only, so a slow
 * machine (valgrind, both cores busy) changes nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>

#include "timeouts.h"

#define N 120

typedef struct {
  cnet_timeout_t t; /* first: the callback gets &item->t */
  int id;
  int fired;
  uint64_t fired_at;
} item_t;

static uv_loop_t *loop;
static cnet_timeouts_t ts;
static item_t items[N];
static int order[N * 2];
static int norder;
static void (*on_fire)(item_t *it);

static void expired(cnet_timeout_t *t) {
  item_t *it = (item_t *)t;
  it->fired++;
  it->fired_at = uv_now(loop);
  order[norder++] = it->id;
  if (on_fire) on_fire(it);
  /* back to run_until's check: when a late loop fires the last items in the
   * timers run before its poll, the poll would otherwise sleep until the guard */
  uv_stop(loop);
}

/* Runs the loop until done() holds; a referenced timer keeps it running
 * meanwhile (the timeouts' own timer is unreferenced) and fails a hang. */
static void on_hang(uv_timer_t *t) { (void)t; fail_msg("still waiting after 20 s (%d fired)", norder); }
static void run_until(bool (*done)(void)) {
  uv_timer_t guard;
  uv_timer_init(loop, &guard);
  uv_timer_start(&guard, on_hang, 20000, 0);
  while (!done()) uv_run(loop, UV_RUN_ONCE);
  uv_close((uv_handle_t *)&guard, NULL);
  uv_run(loop, UV_RUN_NOWAIT);
}

static int setup(void **state) {
  (void)state;
  loop = malloc(sizeof *loop);
  uv_loop_init(loop);
  cnet__timeouts_init(&ts, loop);
  for (int i = 0; i < N; i++) items[i] = (item_t){.id = i};
  norder = 0;
  on_fire = NULL;
  return 0;
}

static int teardown(void **state) {
  (void)state;
  cnet__timeouts_close(&ts, NULL, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  assert_int_equal(uv_loop_close(loop), 0);
  free(loop);
  return 0;
}

static bool all_fired(void) { return norder == N; }

/* Three durations, enrolled interleaved: each item fires once, no sooner
 * than its duration, shorter durations first (even when the loop is late
 * and all are due at once), each list in the order of enrolment. */
static void many_items_several_durations(void **state) {
  (void)state;
  static const uint32_t ms[3] = {30, 10, 20};
  uint64_t start = uv_now(loop);
  for (int i = 0; i < N; i++) cnet__timeout_enroll(&ts, &items[i].t, ms[i % 3], expired);
  run_until(all_fired);
  for (int i = 0; i < N; i++) {
    assert_int_equal(items[i].fired, 1);
    assert_true(items[i].fired_at >= start + ms[i % 3]);
  }
  int k = 0;
  for (int d = 0; d < 3; d++) { /* 10 ms: ids 1,4,7..; 20: 2,5,..; 30: 0,3,.. */
    int first = (int[]){1, 2, 0}[d];
    for (int i = first; i < N; i += 3) assert_int_equal(order[k++], i);
  }
}

static bool two_fired(void) { return norder == 2; }

/* Activity moves an item in its list without touching the uv timer; a
 * touched item fires a full duration after its last activity, so the one
 * touched last fires last. */
static void touch_does_not_rearm(void **state) {
  (void)state;
  cnet__timeout_enroll(&ts, &items[0].t, 40, expired);
  cnet__timeout_enroll(&ts, &items[1].t, 40, expired);
  uint64_t due = ts.due;
  uint64_t timer_due = ts.timer.timeout; /* libuv's absolute due time: get_due_in() stops at 0 on a late loop */
  uv_sleep(15);
  uv_update_time(loop);
  for (int i = 0; i < 1000; i++) cnet__timeout_touch(&ts, &items[i % 2 ? 1 : 0].t);
  cnet__timeout_touch(&ts, &items[0].t); /* 0 is now the last active */
  uint64_t touched = uv_now(loop);
  assert_int_equal(ts.due, due);
  assert_int_equal(ts.timer.timeout, timer_due);
  assert_ptr_equal(items[1].t.next, &items[0].t);
  /* The timer fires at the old deadline, finds nothing due, and re-arms
   * once for the touched deadline. */
  run_until(two_fired);
  assert_int_equal(order[0], 1);
  assert_int_equal(order[1], 0);
  assert_true(items[0].fired_at >= touched + 40);
  assert_true(items[1].fired_at >= touched + 40);
}

/* From an expiry callback: unenroll an item that is also due (it does not
 * fire), enroll one with a new duration (the lists grow), re-enroll itself. */
static void on_first(item_t *it) {
  if (it->id != 0) return;
  cnet__timeout_unenroll(&ts, &items[1].t);
  static const uint32_t ms[] = {11, 12, 13, 14, 15, 16, 17, 18};
  for (int i = 0; i < 8; i++) cnet__timeout_enroll(&ts, &items[10 + i].t, ms[i], expired);
  if (it->fired == 1) cnet__timeout_enroll(&ts, &it->t, 10, expired);
}

/* items 0 (twice), 2, and 10..17 (once each, though enrolled twice) */
static bool changes_done(void) {
  if (items[0].fired < 2 || !items[2].fired) return false;
  for (int i = 0; i < 8; i++)
    if (!items[10 + i].fired || items[10 + i].t.list) return false;
  return true;
}

static void changes_during_expiry(void **state) {
  (void)state;
  on_fire = on_first;
  for (int i = 0; i < 3; i++) cnet__timeout_enroll(&ts, &items[i].t, 10, expired);
  run_until(changes_done);
  assert_int_equal(items[1].fired, 0);
  assert_int_equal(items[2].fired, 1);
  assert_int_equal(items[0].fired, 2);
  /* enrolled again by item 0's second expiry before they were due: once each */
  for (int i = 0; i < 8; i++) assert_int_equal(items[10 + i].fired, 1);
  assert_int_equal(ts.nlists, 9);
  assert_null(items[0].t.list);
}

/* The timer is unreferenced: with only timeouts pending, uv_run returns. */
static void never_keeps_loop_alive(void **state) {
  (void)state;
  cnet__timeout_enroll(&ts, &items[0].t, 5000, expired);
  assert_int_equal(uv_run(loop, UV_RUN_DEFAULT), 0);
  assert_int_equal(items[0].fired, 0);
  cnet__timeout_unenroll(&ts, &items[0].t);
  assert_null(items[0].t.list);
  cnet__timeout_unenroll(&ts, &items[0].t); /* twice is harmless */
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(many_items_several_durations, setup, teardown),
    cmocka_unit_test_setup_teardown(touch_does_not_rearm, setup, teardown),
    cmocka_unit_test_setup_teardown(changes_during_expiry, setup, teardown),
    cmocka_unit_test_setup_teardown(never_keeps_loop_alive, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
