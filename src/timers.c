/* The application's timers, as Node's globals: setTimeout, setInterval,
 * setImmediate, their clear functions, ref/unref/hasRef and refresh.
 *
 * Each timeout or interval is a uv_timer_t of its own, so libuv orders them
 * as Node does (by due time, then by creation). Immediates wait in a queue
 * run by the loop's check handle. Every callback is a cnet callback: the
 * ticks queued before it run first, and its own ticks run when it returns.
 *
 * Lifetime: a timer holds one reference while it is armed (a timeout until
 * it has run, an interval until it is cleared) and one while its callback
 * runs; cnet_timer_retain() adds the application's. The last one frees it. */
#include <stdlib.h>

#include "alloc.h"
#include "error.h"
#include "loop.h"
#include "poison.h"

#define TIMER_MAGIC 0x54494d52 /* "TIMR" */

typedef enum { KIND_TIMEOUT, KIND_INTERVAL, KIND_IMMEDIATE } timer_kind;
typedef enum { ARMED, RAN, CLEARED } timer_state;

struct cnet_timer_s {
  uint32_t magic;
  uint8_t kind;
  uint8_t state;
  bool armed_ref; /* the reference held while armed is taken */
  bool refed;     /* keeps the loop alive: Node's hasRef() */
  uint32_t refs;
  cnet_loop_t *loop;
  cnet_task_cb cb;
  void *ctx;
  union {
    struct {
      uv_timer_t handle;
      uint64_t ms;
    } timer;
    struct {
      cnet_timer_t *prev, *next;
      cnet_timer_list_t *list; /* the queue or the batch it waits in */
    } imm;
  } u;
};

/* The timer behind a public pointer, or NULL when t is not a live timer. */
static cnet_timer_t *cast_in(const cnet_timer_t *t, const char *fn) {
  cnet__poison_check(t, "timer", fn);
  return t && t->magic == TIMER_MAGIC ? (cnet_timer_t *)t : NULL;
}
#define cast(t) cast_in((t), __func__)

/* ---- references ---- */

static void free_timer(cnet_timer_t *t) {
  cnet_loop_t *loop = t->loop;
  cnet__poison_free(t, sizeof *t);
  cnet__loop_release(loop);
}

static void on_handle_closed(uv_handle_t *h) { free_timer(h->data); }

static void drop(cnet_timer_t *t) {
  if (--t->refs > 0) return;
  if (t->kind == KIND_IMMEDIATE)
    free_timer(t);
  else
    uv_close((uv_handle_t *)&t->u.timer.handle, on_handle_closed);
}

static void take_armed_ref(cnet_timer_t *t) {
  if (t->armed_ref) return;
  t->armed_ref = true;
  t->refs++;
}

static void drop_armed_ref(cnet_timer_t *t) {
  if (!t->armed_ref) return;
  t->armed_ref = false;
  drop(t);
}

cnet_timer_t *cnet_timer_retain(cnet_timer_t *t) {
  if (cast(t)) t->refs++;
  return t;
}

void cnet_timer_release(cnet_timer_t *t) {
  if (cast(t)) drop(t);
}

static cnet_timer_t *timer_new(uv_loop_t *uv, timer_kind kind, cnet_task_cb cb, void *ctx) {
  if (!cb) {
    cnet__throw_no_callback();
    return NULL;
  }
  cnet_loop_t *loop = cnet__loop_get(uv);
  cnet_timer_t *t = cnet__calloc(1, sizeof *t);
  *t = (cnet_timer_t){.magic = TIMER_MAGIC, .kind = (uint8_t)kind, .refed = true,
                      .loop = loop, .cb = cb, .ctx = ctx};
  cnet__loop_hold(loop);
  take_armed_ref(t);
  return t;
}

/* ---- timeouts and intervals ---- */

static void on_timer(uv_timer_t *h) {
  cnet_timer_t *t = h->data;
  cnet_loop_t *loop = t->loop;
  t->refs++;
  cnet__enter(loop); /* the ticks queued outside any callback run first */
  if (t->state == ARMED) {
    if (t->kind == KIND_TIMEOUT) t->state = RAN; /* a refresh() in cb arms it again */
    t->cb(t->ctx);
    if (t->state != ARMED) drop_armed_ref(t);
  }
  cnet__leave(loop);
  drop(t);
}

static void arm(cnet_timer_t *t) {
  uint64_t ms = t->u.timer.ms;
  uv_timer_start(&t->u.timer.handle, on_timer, ms, t->kind == KIND_INTERVAL ? ms : 0);
}

/* Node's setTimeout: a duration below 1 or above 2^31-1 ms becomes 1. */
static uint64_t node_duration(uint64_t ms) { return ms < 1 || ms > INT32_MAX ? 1 : ms; }

static cnet_timer_t *start_timer(uv_loop_t *uv, timer_kind kind, uint64_t ms, cnet_task_cb cb,
                                 void *ctx) {
  cnet_timer_t *t = timer_new(uv, kind, cb, ctx);
  if (!t) return NULL;
  uv_timer_init(t->loop->uv, &t->u.timer.handle);
  t->u.timer.handle.data = t;
  t->u.timer.ms = node_duration(ms);
  arm(t);
  return t;
}

cnet_timer_t *cnet_set_timeout(uv_loop_t *loop, uint64_t ms, cnet_task_cb cb, void *ctx) {
  return start_timer(loop, KIND_TIMEOUT, ms, cb, ctx);
}

cnet_timer_t *cnet_set_interval(uv_loop_t *loop, uint64_t ms, cnet_task_cb cb, void *ctx) {
  return start_timer(loop, KIND_INTERVAL, ms, cb, ctx);
}

/* clearTimeout and clearInterval are one function in Node: either clears both. */
static void clear_timer(cnet_timer_t *t) {
  if (!t || t->kind == KIND_IMMEDIATE || t->state == CLEARED) return;
  t->state = CLEARED;
  uv_timer_stop(&t->u.timer.handle);
  drop_armed_ref(t);
}

void cnet_clear_timeout(cnet_timer_t *t) { clear_timer(cast(t)); }
void cnet_clear_interval(cnet_timer_t *t) { clear_timer(cast(t)); }

/* Node's timeout.refresh(): counts again from now, and arms a timeout that
 * has run; a cleared one stays cleared. */
cnet_timer_t *cnet_timer_refresh(cnet_timer_t *t) {
  if (!cast(t) || t->kind == KIND_IMMEDIATE || t->state == CLEARED) return t;
  t->state = ARMED;
  take_armed_ref(t);
  arm(t);
  return t;
}

/* ---- immediates ---- */

static void list_push(cnet_timer_list_t *l, cnet_timer_t *t) {
  t->u.imm.list = l;
  t->u.imm.next = NULL;
  t->u.imm.prev = l->tail;
  if (l->tail) l->tail->u.imm.next = t; else l->head = t;
  l->tail = t;
}

static void list_remove(cnet_timer_t *t) {
  cnet_timer_list_t *l = t->u.imm.list;
  if (t->u.imm.prev) t->u.imm.prev->u.imm.next = t->u.imm.next; else l->head = t->u.imm.next;
  if (t->u.imm.next) t->u.imm.next->u.imm.prev = t->u.imm.prev; else l->tail = t->u.imm.prev;
  t->u.imm.list = NULL;
}

/* A queued immediate that keeps the loop alive counts in imm_refed. */
static void count_ref(cnet_timer_t *t, int delta) {
  if (!t->refed || t->state != ARMED) return;
  cnet_loop_t *loop = t->loop;
  loop->imm_refed += delta;
  cnet__loop_keep_polling(loop, loop->imm_refed > 0);
}

/* Node's processImmediate: the immediates queued before this check phase
 * run, in order; those queued meanwhile wait for the next one. */
static void on_immediates(uv_check_t *check) {
  cnet_loop_t *loop = check->data;
  loop->imm_batch = loop->imm_queue;
  loop->imm_queue = (cnet_timer_list_t){0};
  for (cnet_timer_t *t = loop->imm_batch.head; t; t = t->u.imm.next) t->u.imm.list = &loop->imm_batch;
  while (loop->imm_batch.head) {
    cnet__enter(loop); /* the ticks queued outside any callback may clear some */
    cnet_timer_t *t = loop->imm_batch.head;
    if (t) {
      list_remove(t);
      count_ref(t, -1);
      t->state = RAN;
      t->refs++;
      t->cb(t->ctx);
      drop_armed_ref(t);
    }
    cnet__leave(loop);
    if (t) drop(t);
  }
  if (!loop->imm_queue.head) uv_check_stop(check);
}

cnet_timer_t *cnet_set_immediate(uv_loop_t *uv, cnet_task_cb cb, void *ctx) {
  cnet_timer_t *t = timer_new(uv, KIND_IMMEDIATE, cb, ctx);
  if (!t) return NULL;
  cnet_loop_t *loop = t->loop;
  list_push(&loop->imm_queue, t);
  count_ref(t, 1);
  if (!uv_is_active((uv_handle_t *)&loop->imm_check)) uv_check_start(&loop->imm_check, on_immediates);
  return t;
}

void cnet_clear_immediate(cnet_timer_t *t) {
  if (!cast(t) || t->kind != KIND_IMMEDIATE || t->state != ARMED) return;
  list_remove(t);
  count_ref(t, -1);
  t->state = CLEARED;
  drop_armed_ref(t);
}

/* ---- ref, unref, hasRef ---- */

cnet_timer_t *cnet_timer_ref(cnet_timer_t *t) {
  if (!cast(t) || t->refed) return t;
  t->refed = true;
  if (t->kind == KIND_IMMEDIATE) count_ref(t, 1); else uv_ref((uv_handle_t *)&t->u.timer.handle);
  return t;
}

cnet_timer_t *cnet_timer_unref(cnet_timer_t *t) {
  if (!cast(t) || !t->refed) return t;
  if (t->kind == KIND_IMMEDIATE) count_ref(t, -1); else uv_unref((uv_handle_t *)&t->u.timer.handle);
  t->refed = false;
  return t;
}

bool cnet_timer_has_ref(const cnet_timer_t *t) { return cast(t) && t->refed; }

/* ---- process.nextTick ---- */

int cnet_next_tick(uv_loop_t *uv, cnet_task_cb cb, void *ctx) {
  if (!cb) return cnet__throw_no_callback();
  cnet__next_tick(cnet__loop_get(uv), cnet__call_task, ctx, NULL, (cnet__fnptr)cb);
  return 0;
}
