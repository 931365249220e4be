/* Node's setTimeout/setImmediate for the C ports (cnet's, which run the
 * ticks their callback queued right after it, as Node does), and until():
 * a step that waits for a condition by polling, as the .js scripts do. */
#ifndef CNET_STEPS_H
#define CNET_STEPS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <cnet.h>

typedef void (*step_fn)(void);

static inline void sched_run(void *fn) { ((step_fn)(uintptr_t)fn)(); }

/* setTimeout(fn, ms) */
static inline void later(uint64_t ms, step_fn fn) {
  cnet_set_timeout(NULL, ms, sched_run, (void *)(uintptr_t)fn);
}

/* setImmediate(fn) */
static inline void immediate(step_fn fn) { cnet_set_immediate(NULL, sched_run, (void *)(uintptr_t)fn); }

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
