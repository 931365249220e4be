/* Per-loop state: the tick queue, the shared read buffer, the timeout lists,
 * the handles behind immediates (timers.c). */
#include "loop.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "alloc.h"

/* Every loop's state, process-wide: a loop may be set up on one thread and
 * run on another, and cnet_post finds a loop's state from any thread. */
static pthread_mutex_t loops_lock = PTHREAD_MUTEX_INITIALIZER;
static cnet_loop_t *loops;

void cnet__loops_lock(void) { pthread_mutex_lock(&loops_lock); }
void cnet__loops_unlock(void) { pthread_mutex_unlock(&loops_lock); }

cnet_loop_t *cnet__loop_find(uv_loop_t *uv) {
  cnet_loop_t *l = loops;
  while (l && l->uv != uv) l = l->next;
  return l;
}

void cnet__loop_unlink(cnet_loop_t *loop) {
  for (cnet_loop_t **p = &loops; *p; p = &(*p)->next) {
    if (*p == loop) {
      *p = loop->next;
      return;
    }
  }
}

static void on_tick_idle(uv_idle_t *idle);

/* A write to a socket the peer has closed raises SIGPIPE, whose default
 * action ends the process; Node ignores it, and so does cnet, unless the
 * application has set its own disposition. */
static void ignore_sigpipe(void) {
  struct sigaction sa;
  if (sigaction(SIGPIPE, NULL, &sa) == 0 && sa.sa_handler == SIG_DFL) {
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
  }
}

/* libuv takes descriptors 0-2 for stdio and asserts that it never closes
 * them: were one of them closed, the next socket (or the default loop's
 * epoll descriptor) would get it, and closing it would abort the process.
 * Node opens /dev/null on each closed one at startup; cnet does at its first
 * call. */
static void open_closed_stdio(void) {
  for (int fd = 0; fd <= 2; fd++) {
    if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    int null_fd = open("/dev/null", O_RDWR);
    if (null_fd >= 0 && null_fd != fd) close(null_fd); /* another thread took it */
  }
}

static void process_setup(void) {
  ignore_sigpipe();
  open_closed_stdio();
}

static void process_init(void) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, process_setup);
}

uv_loop_t *cnet__default_loop(void) {
  process_init();
  return uv_default_loop();
}

cnet_loop_t *cnet__loop_get(uv_loop_t *uv) {
  if (!uv) uv = cnet__default_loop();
  cnet__loops_lock();
  cnet_loop_t *l = cnet__loop_find(uv);
  cnet__loops_unlock();
  if (l) return l;
  process_init();
  l = cnet__calloc(1, sizeof *l);
  l->uv = uv;
  uv_idle_init(uv, &l->tick_idle);
  uv_unref((uv_handle_t *)&l->tick_idle);
  l->tick_idle.data = l;
  uv_check_init(uv, &l->imm_check);
  uv_unref((uv_handle_t *)&l->imm_check); /* the idle handle keeps the loop alive for immediates */
  l->imm_check.data = l;
  cnet__timeouts_init(&l->timeouts, uv);
  cnet__post_open(l);
  cnet__loops_lock();
  l->next = loops;
  loops = l;
  cnet__loops_unlock();
  return l;
}

void cnet__loop_hold(cnet_loop_t *loop) { loop->objects++; }

/* Each of the state's handles reports here; the last one frees the state. */
static void on_state_closed(uv_handle_t *h) {
  cnet_loop_t *loop = h->data;
  if (--loop->handles_open > 0) return;
  free(loop->ticks);
  free(loop->posts);
  free(loop->posts_spare);
  uv_mutex_destroy(&loop->post_lock);
  free(loop->read_buf);
  free(loop->scratch);
  free(loop);
}

static void close_state(cnet_loop_t *loop) {
  loop->handles_open = 4;
  uv_close((uv_handle_t *)&loop->post_async, on_state_closed);
  uv_close((uv_handle_t *)&loop->imm_check, on_state_closed);
  uv_close((uv_handle_t *)&loop->tick_idle, on_state_closed);
  cnet__timeouts_close(&loop->timeouts, on_state_closed, loop);
}

void cnet__loop_release(cnet_loop_t *loop) {
  if (--loop->objects > 0 || loop->tick_len > 0 || loop->depth > 0) return;
  if (!cnet__post_close(loop)) return; /* unlinked, unless posts are queued */
  close_state(loop);
}

static void run_ticks(cnet_loop_t *loop) {
  loop->objects++; /* a tick may release the last object */
  while (loop->tick_len > 0) {
    cnet_tick_t t = loop->ticks[loop->tick_head];
    loop->tick_head = (loop->tick_head + 1) % loop->tick_cap;
    loop->tick_len--;
    loop->depth++;
    t.fn(t.a, t.b, t.f);
    loop->depth--;
  }
  cnet__loop_release(loop);
}

void cnet__call_task(void *a, void *b, cnet__fnptr f) {
  (void)b;
  ((cnet_task_cb)f)(a);
}

void cnet__enter(cnet_loop_t *loop) {
  if (++loop->depth == 1 && loop->tick_len > 0) run_ticks(loop);
}

void cnet__leave(cnet_loop_t *loop) {
  if (loop->depth > 1) {
    loop->depth--;
    return;
  }
  if (loop->tick_len > 0) run_ticks(loop); /* still at depth 1: nothing re-enters this */
  loop->depth--;
  if (loop->objects == 0) {
    loop->objects++;
    cnet__loop_release(loop);
  }
}

/* The idle handle runs ticks queued outside any callback, and keeps the
 * loop's poll from blocking while immediates wait (as Node's does). */
static void on_tick_idle(uv_idle_t *idle) {
  cnet_loop_t *loop = idle->data;
  if (loop->imm_refed == 0) uv_idle_stop(idle);
  cnet__enter(loop);
  cnet__leave(loop);
}

static void start_idle(cnet_loop_t *loop) {
  if (uv_is_active((uv_handle_t *)&loop->tick_idle)) return;
  uv_idle_start(&loop->tick_idle, on_tick_idle);
  uv_ref((uv_handle_t *)&loop->tick_idle);
}

void cnet__loop_keep_polling(cnet_loop_t *loop, bool on) {
  if (on) start_idle(loop);
  else if (loop->tick_len == 0) uv_idle_stop(&loop->tick_idle);
}

static void grow_ticks(cnet_loop_t *loop) {
  size_t cap = loop->tick_cap ? loop->tick_cap * 2 : 64;
  cnet_tick_t *t = cnet__malloc(cap * sizeof *t);
  for (size_t i = 0; i < loop->tick_len; i++)
    t[i] = loop->ticks[(loop->tick_head + i) % loop->tick_cap];
  free(loop->ticks);
  loop->ticks = t;
  loop->tick_cap = cap;
  loop->tick_head = 0;
}

void cnet__next_tick(cnet_loop_t *loop, cnet__tick_fn fn, void *a, void *b, cnet__fnptr f) {
  if (loop->tick_len == loop->tick_cap) grow_ticks(loop);
  loop->ticks[(loop->tick_head + loop->tick_len) % loop->tick_cap] = (cnet_tick_t){fn, a, b, f};
  loop->tick_len++;
  /* Queued from outside any cnet callback: run it on the next loop turn. The
   * idle handle is referenced while it has work, as a pending tick keeps
   * Node's process alive. */
  if (loop->depth == 0) start_idle(loop);
}

char *cnet__loop_scratch(cnet_loop_t *loop, size_t n) {
  if (n > loop->scratch_cap) {
    size_t cap = loop->scratch_cap ? loop->scratch_cap : 256;
    while (cap < n) cap *= 2;
    free(loop->scratch);
    loop->scratch = cnet__malloc(cap);
    loop->scratch_cap = cap;
  }
  return loop->scratch;
}
