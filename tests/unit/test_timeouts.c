/* Idle-timeout lists: order of expiry over many items and durations, no
 * timer re-arm on activity, changes made from expiry callbacks, and a
 * timeout never keeping the loop alive. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>

#include "timeouts.h"

#define N 120

typedef struct {
  cnet_timeout_t t; /* first: the callback gets &item->t */
  int id;
  int fired;
} item_t;

static cnet_timeouts_t ts;
static item_t items[N];
static int order[N * 2];
static int norder;
static void (*on_fire)(item_t *it);

static void expired(cnet_timeout_t *t) {
  item_t *it = (item_t *)t;
  it->fired++;
  order[norder++] = it->id;
  if (on_fire) on_fire(it);
}

/* The loop runs until `ms` have passed: the keeper is the only referenced handle. */
static void on_keeper(uv_timer_t *t) { (void)t; }
static void run_for(uv_loop_t *loop, uint64_t ms) {
  uv_timer_t keeper;
  uv_timer_init(loop, &keeper);
  uv_timer_start(&keeper, on_keeper, ms, 0);
  uv_run(loop, UV_RUN_DEFAULT);
  uv_close((uv_handle_t *)&keeper, NULL);
  uv_run(loop, UV_RUN_NOWAIT);
}

static int setup(void **state) {
  uv_loop_t *loop = malloc(sizeof *loop);
  uv_loop_init(loop);
  cnet__timeouts_init(&ts, loop);
  for (int i = 0; i < N; i++) items[i] = (item_t){.id = i};
  norder = 0;
  on_fire = NULL;
  *state = loop;
  return 0;
}

static int teardown(void **state) {
  uv_loop_t *loop = *state;
  cnet__timeouts_close(&ts, NULL, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  assert_int_equal(uv_loop_close(loop), 0);
  free(loop);
  return 0;
}

/* Three durations, enrolled interleaved: each item fires once, shorter
 * durations first, each list in the order of enrolment. */
static void many_items_several_durations(void **state) {
  uv_loop_t *loop = *state;
  static const uint32_t ms[3] = {30, 10, 20};
  for (int i = 0; i < N; i++) cnet__timeout_enroll(&ts, &items[i].t, ms[i % 3], expired);
  run_for(loop, 80);
  assert_int_equal(norder, N);
  for (int i = 0; i < N; i++) assert_int_equal(items[i].fired, 1);
  int k = 0;
  for (int d = 0; d < 3; d++) { /* 10 ms: ids 1,4,7..; 20: 2,5,..; 30: 0,3,.. */
    int first = (int[]){1, 2, 0}[d];
    for (int i = first; i < N; i += 3) assert_int_equal(order[k++], i);
  }
}

/* Activity moves an item in its list without touching the uv timer; a
 * touched item fires a full duration after its last activity. */
static void touch_does_not_rearm(void **state) {
  uv_loop_t *loop = *state;
  cnet__timeout_enroll(&ts, &items[0].t, 40, expired);
  cnet__timeout_enroll(&ts, &items[1].t, 40, expired);
  uint64_t due = ts.due;
  uint64_t timer_due = uv_timer_get_due_in(&ts.timer) + uv_now(loop);
  uv_sleep(15);
  uv_update_time(loop);
  for (int i = 0; i < 1000; i++) cnet__timeout_touch(&ts, &items[i % 2 ? 1 : 0].t);
  cnet__timeout_touch(&ts, &items[0].t); /* 0 is now the last active */
  assert_int_equal(ts.due, due);
  assert_int_equal(uv_timer_get_due_in(&ts.timer) + uv_now(loop), timer_due);
  assert_ptr_equal(items[1].t.next, &items[0].t);
  /* The timer fires at the old deadline (25 ms from now), finds nothing
   * due, and re-arms once for the touched deadline (40 ms from now). */
  run_for(loop, 32);
  assert_int_equal(norder, 0);
  assert_true(ts.due > due);
  run_for(loop, 20);
  assert_int_equal(norder, 2);
  assert_int_equal(order[0], 1);
  assert_int_equal(order[1], 0);
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

static void changes_during_expiry(void **state) {
  uv_loop_t *loop = *state;
  on_fire = on_first;
  for (int i = 0; i < 3; i++) cnet__timeout_enroll(&ts, &items[i].t, 10, expired);
  run_for(loop, 60);
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
  uv_loop_t *loop = *state;
  cnet__timeout_enroll(&ts, &items[0].t, 5000, expired);
  uint64_t before = uv_now(loop);
  assert_int_equal(uv_run(loop, UV_RUN_DEFAULT), 0);
  assert_true(uv_now(loop) - before < 1000);
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
