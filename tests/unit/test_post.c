/* cnet_post: the one call another thread may make. Tasks run on the loop's
 * thread, in order, each followed by its ticks; a loop without cnet state
 * refuses; tasks queued when the last object goes still run before the
 * state closes. Labelled `threads`: it also runs under ThreadSanitizer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "cnet.h"

#define TASKS 1000

typedef struct {
  uv_loop_t loop;
  uv_thread_t loop_thread;
  cnet_timer_t *keep; /* a cnet object, so that the loop takes posts */
  int seen[TASKS];
  int ran, ticks_after, wrong_thread;
  int post_failures; /* the poster's; cmocka's asserts belong to the main thread */
  char order[64];
} fixture;

typedef struct {
  fixture *f;
  int n;
} task;

static void note(fixture *f, const char *what) {
  strncat(f->order, what, sizeof f->order - strlen(f->order) - 1);
}

static void never(void *ctx) { (void)ctx; }

static void tick_after(void *ctx) {
  fixture *f = ctx;
  f->ticks_after++;
}

static void run_task(void *ctx) {
  task *t = ctx;
  fixture *f = t->f;
  uv_thread_t self = uv_thread_self();
  if (!uv_thread_equal(&self, &f->loop_thread)) f->wrong_thread++;
  /* each task's tick runs before the next task: then ticks_after == ran */
  if (f->ticks_after != f->ran) f->wrong_thread += 1000;
  f->seen[f->ran++] = t->n;
  cnet_next_tick(&f->loop, tick_after, f);
  if (f->ran == TASKS) cnet_clear_interval(f->keep); /* the loop may end now */
}

static void poster(void *arg) {
  fixture *f = arg;
  static task tasks[TASKS];
  for (int i = 0; i < TASKS; i++) {
    tasks[i] = (task){f, i};
    if (cnet_post(&f->loop, run_task, &tasks[i]) != 0) f->post_failures++;
  }
}

static void posts_from_a_thread_run_in_order_on_the_loop(void **state) {
  (void)state;
  static fixture f;
  memset(&f, 0, sizeof f);
  assert_int_equal(uv_loop_init(&f.loop), 0);
  f.loop_thread = uv_thread_self();
  f.keep = cnet_set_interval(&f.loop, 3600 * 1000, never, NULL);
  uv_thread_t t;
  assert_int_equal(uv_thread_create(&t, poster, &f), 0);
  uv_run(&f.loop, UV_RUN_DEFAULT); /* the interval keeps it until the last task */
  uv_thread_join(&t);
  assert_int_equal(f.post_failures, 0);
  assert_int_equal(f.ran, TASKS);
  assert_int_equal(f.ticks_after, TASKS);
  assert_int_equal(f.wrong_thread, 0);
  for (int i = 0; i < TASKS; i++) assert_int_equal(f.seen[i], i);
  assert_int_equal(uv_loop_close(&f.loop), 0);
}

static void late(void *ctx) { note(ctx, "task "); }

/* The last object goes while a task waits: the state stays, keeps the loop
 * running for it, runs it, then closes. */
static void queued_posts_run_before_the_state_closes(void **state) {
  (void)state;
  static fixture f;
  memset(&f, 0, sizeof f);
  assert_int_equal(uv_loop_init(&f.loop), 0);
  cnet_server_t *srv = cnet_create_server(&f.loop, NULL, NULL, NULL);
  assert_int_equal(cnet_post(&f.loop, late, &f), 0);
  cnet_server_close(srv, NULL, NULL); /* never listened: freed at `close` */
  uv_run(&f.loop, UV_RUN_DEFAULT);
  assert_string_equal(f.order, "task ");
  assert_int_equal(uv_loop_close(&f.loop), 0);
  /* no cnet state any more: refused, and the task is not run */
  assert_int_equal(cnet_post(&f.loop, late, &f), UV_ENOENT);
  assert_string_equal(cnet_err_name(UV_ENOENT), "ENOENT");
  assert_non_null(strstr(cnet_last_error()->message, "no cnet object"));
  assert_string_equal(f.order, "task ");
}

static void bad_arguments(void **state) {
  (void)state;
  uv_loop_t loop;
  assert_int_equal(uv_loop_init(&loop), 0);
  assert_int_equal(cnet_post(&loop, late, NULL), UV_ENOENT); /* never had cnet state */
  cnet_timer_t *t = cnet_set_interval(&loop, 1000, never, NULL);
  assert_int_equal(cnet_post(&loop, NULL, NULL), CNET_ERR_INVALID_ARG_TYPE);
  assert_string_equal(cnet_last_error()->message,
                      "The \"callback\" argument must be of type function. Received null");
  cnet_clear_interval(t);
  uv_run(&loop, UV_RUN_DEFAULT);
  assert_int_equal(uv_loop_close(&loop), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(posts_from_a_thread_run_in_order_on_the_loop),
    cmocka_unit_test(queued_posts_run_before_the_state_closes),
    cmocka_unit_test(bad_arguments),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
