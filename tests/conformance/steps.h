/* Node's setTimeout/setImmediate for the C ports, and until(): a step that
 * waits for a condition by polling, as the .js scripts do.
 *
 * Order matters as in Node: cnet runs its nextTick queue from an idle
 * handle after a callback that did not come from cnet (as these do), so an
 * immediate runs in the check phase, after that queue, as Node's
 * setImmediate runs after process.nextTick callbacks. */
#ifndef CNET_STEPS_H
#define CNET_STEPS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <uv.h>

typedef void (*step_fn)(void);

static inline void sched_on_timer(uv_timer_t *t) {
  step_fn fn = (step_fn)(uintptr_t)t->data;
  uv_close((uv_handle_t *)t, (uv_close_cb)free);
  fn();
}

/* setTimeout(fn, ms) */
static inline void later(uint64_t ms, step_fn fn) {
  uv_timer_t *t = malloc(sizeof *t);
  uv_timer_init(uv_default_loop(), t);
  t->data = (void *)(uintptr_t)fn;
  uv_timer_start(t, sched_on_timer, ms, 0);
}

typedef struct {
  uv_check_t check;
  uv_idle_t idle; /* keeps the poll phase from blocking, as Node's immediates do */
  step_fn fn;
} sched_immediate_t;

static inline void sched_closed(uv_handle_t *h) { free(h->data); }
static inline void sched_noop(uv_idle_t *i) { (void)i; }
static inline void sched_on_check(uv_check_t *c) {
  sched_immediate_t *im = c->data;
  step_fn fn = im->fn;
  /* closing handles are finished last-closed first: free with the first */
  uv_close((uv_handle_t *)&im->check, sched_closed);
  uv_close((uv_handle_t *)&im->idle, NULL);
  fn();
}

/* setImmediate(fn) */
static inline void immediate(step_fn fn) {
  sched_immediate_t *im = malloc(sizeof *im);
  im->fn = fn;
  uv_check_init(uv_default_loop(), &im->check);
  uv_idle_init(uv_default_loop(), &im->idle);
  im->check.data = im->idle.data = im;
  uv_check_start(&im->check, sched_on_check);
  uv_idle_start(&im->idle, sched_noop);
}

/* until(cond, fn): fn once cond() holds, checked now and then every ms. */
static bool (*sched_cond)(void);
static step_fn sched_then;
static inline void sched_poll(void) {
  if (sched_cond()) sched_then(); else later(1, sched_poll);
}
static inline void until(bool (*cond)(void), step_fn fn) {
  sched_cond = cond;
  sched_then = fn;
  sched_poll();
}

#endif
