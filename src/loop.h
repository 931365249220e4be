/* Internal: what cnet keeps per uv_loop_t, found through a process-wide
 * list (a loop may be set up on one thread and run on another); it lives
 * while any cnet object of the loop lives, and its handles are closed with the last one, so that
 * uv_loop_close() succeeds once the application has closed everything. */
#ifndef CNET_LOOP_H
#define CNET_LOOP_H

#include "cnet.h"
#include "timeouts.h"

/* A generic function pointer, for a tick that carries a callback to call. */
typedef void (*cnet__fnptr)(void);
typedef void (*cnet__tick_fn)(void *a, void *b, cnet__fnptr f);

typedef struct {
  cnet__tick_fn fn;
  void *a;
  void *b;
  cnet__fnptr f;
} cnet_tick_t;

/* Immediates waiting in a queue (timers.c). */
typedef struct {
  cnet_timer_t *head, *tail;
} cnet_timer_list_t;

typedef struct cnet_loop_s {
  uv_loop_t *uv;
  struct cnet_loop_s *next;
  size_t objects;   /* live objects holding the state */
  int depth;        /* nesting of cnet callbacks under way */
  /* process.nextTick: a ring, drained when the outermost callback returns.
   * Ticks queued from outside any cnet callback run when the next cnet
   * callback begins, or in the idle phase if that comes first. */
  cnet_tick_t *ticks;
  size_t tick_head, tick_len, tick_cap;
  uv_idle_t tick_idle;
  /* setImmediate (timers.c): the queue for the next check phase, the batch
   * of the one under way, and how many keep the loop alive. */
  cnet_timer_list_t imm_queue, imm_batch;
  size_t imm_refed;
  uv_check_t imm_check;
  /* The read buffer lent to every `data` listener of the loop. */
  char *read_buf;
  size_t read_buf_size;
  /* Room to decode text into for `data` after setEncoding. */
  char *scratch;
  size_t scratch_cap;
  cnet_timeouts_t timeouts;
  int handles_open; /* while closing: handles whose close callback is due */
  /* cnet_post (post.c): tasks other threads queued, under post_lock, and
   * the async handle that wakes this loop for them. */
  uv_async_t post_async;
  uv_mutex_t post_lock;
  cnet_tick_t *posts, *posts_spare; /* the spare: the last batch's array, for reuse */
  size_t post_len, post_cap, posts_spare_cap;
  int post_keep;     /* holders keeping the loop alive (cnet__post_keep) */
  bool post_drain;   /* the state waits for queued posts before it closes */
} cnet_loop_t;

/* uv_default_loop(), after the process-wide setup every cnet call makes
 * once before it makes any descriptor (SIGPIPE, descriptors 0-2). */
uv_loop_t *cnet__default_loop(void);

/* The state of uv's loop, made on first use; every object that keeps a
 * pointer to it holds it with cnet__loop_hold() and lets go with _release(). */
cnet_loop_t *cnet__loop_get(uv_loop_t *uv);
/* The process-wide list: find and unlink with the lock held. */
void cnet__loops_lock(void);
void cnet__loops_unlock(void);
cnet_loop_t *cnet__loop_find(uv_loop_t *uv);
void cnet__loop_unlink(cnet_loop_t *loop);
void cnet__loop_hold(cnet_loop_t *loop);
void cnet__loop_release(cnet_loop_t *loop);

/* Every callback from libuv into cnet is bracketed by enter/leave; leaving
 * the outermost one runs the queued ticks, as Node runs process.nextTick
 * callbacks after each callback from its event loop. Entering the outermost
 * one first runs the ticks queued outside any cnet callback (the
 * application's own libuv callbacks), which Node would have run before:
 * a callback must look at its object's state after cnet__enter(). */
void cnet__enter(cnet_loop_t *loop);
void cnet__leave(cnet_loop_t *loop);
void cnet__next_tick(cnet_loop_t *loop, cnet__tick_fn fn, void *a, void *b, cnet__fnptr f);
/* A tick function for an application's cnet_task_cb: f is the callback,
 * a its ctx (cnet_next_tick, cnet_post). */
void cnet__call_task(void *a, void *b, cnet__fnptr f);

/* Keeps the loop's poll from blocking (and the loop alive) while on: for
 * immediates that wait, as Node's idle handle does. */
void cnet__loop_keep_polling(cnet_loop_t *loop, bool on);

/* A buffer of at least n bytes, valid until the next call. */
char *cnet__loop_scratch(cnet_loop_t *loop, size_t n);

/* post.c: the loop's mailbox for other threads, opened with its state.
 * cnet__post_close() unlinks the state from the list, or is false while
 * posts are queued: the state then stays until they have run. */
void cnet__post_open(cnet_loop_t *loop);
bool cnet__post_close(cnet_loop_t *loop);
/* Queues fn(a, b, f) to run on loop's thread, from any thread, as a cnet
 * callback (followed by its ticks). The caller knows the state is alive:
 * it holds it with cnet__post_keep(). */
void cnet__post(cnet_loop_t *loop, cnet__tick_fn fn, void *a, void *b, cnet__fnptr f);
/* On the loop's thread: keep the loop running (and its state alive) while
 * on, for posts that are expected (the workers' loops, the pool's main). */
void cnet__post_keep(cnet_loop_t *loop, bool on);

#define CNET_READ_BUF_SIZE 65536

#endif
