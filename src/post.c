/* cnet_post: the one call another thread may make. Each loop's state has a
 * mailbox, an async handle and a queue under a lock; the process-wide list
 * of states (loop.c) finds it from any thread. The list's lock is held from
 * the lookup to the async send, so a mailbox cannot close in between. */
#include <stdlib.h>

#include "alloc.h"
#include "error.h"
#include "loop.h"

static void on_posts(uv_async_t *async);

void cnet__post_open(cnet_loop_t *loop) {
  uv_async_init(loop->uv, &loop->post_async, on_posts);
  uv_unref((uv_handle_t *)&loop->post_async);
  loop->post_async.data = loop;
  uv_mutex_init(&loop->post_lock);
}

/* The async handle keeps the loop running while a holder wants it, or while
 * posts wait for the state that is closing. */
static void update_ref(cnet_loop_t *loop) {
  if (loop->post_keep > 0 || loop->post_drain)
    uv_ref((uv_handle_t *)&loop->post_async);
  else
    uv_unref((uv_handle_t *)&loop->post_async);
}

bool cnet__post_close(cnet_loop_t *loop) {
  cnet__loops_lock();
  uv_mutex_lock(&loop->post_lock);
  bool idle = loop->post_len == 0;
  if (idle) cnet__loop_unlink(loop);
  uv_mutex_unlock(&loop->post_lock);
  cnet__loops_unlock();
  if (!idle) {
    loop->post_drain = true;
    update_ref(loop);
  }
  return idle;
}

static void push(cnet_loop_t *loop, cnet__tick_fn fn, void *a, void *b, cnet__fnptr f) {
  uv_mutex_lock(&loop->post_lock);
  if (loop->post_len == loop->post_cap) {
    loop->post_cap = loop->post_cap ? loop->post_cap * 2 : 16;
    loop->posts = cnet__realloc(loop->posts, loop->post_cap * sizeof *loop->posts);
  }
  loop->posts[loop->post_len++] = (cnet_tick_t){fn, a, b, f};
  uv_async_send(&loop->post_async);
  uv_mutex_unlock(&loop->post_lock);
}

void cnet__post(cnet_loop_t *loop, cnet__tick_fn fn, void *a, void *b, cnet__fnptr f) {
  push(loop, fn, a, b, f);
}

void cnet__post_keep(cnet_loop_t *loop, bool on) {
  if (on) {
    cnet__loop_hold(loop);
    loop->post_keep++;
    update_ref(loop);
  } else {
    loop->post_keep--;
    update_ref(loop);
    cnet__loop_release(loop);
  }
}

/* Runs every task queued so far, each as a cnet callback. The queue's array
 * is swapped with the spare one, so that steady posting allocates nothing. */
static void on_posts(uv_async_t *async) {
  cnet_loop_t *loop = async->data;
  uv_mutex_lock(&loop->post_lock);
  cnet_tick_t *batch = loop->posts;
  size_t n = loop->post_len, cap = loop->post_cap;
  loop->posts = loop->posts_spare;
  loop->post_cap = loop->posts_spare_cap;
  loop->post_len = 0;
  uv_mutex_unlock(&loop->post_lock);
  loop->objects++; /* a task may free the last object */
  for (size_t i = 0; i < n; i++) {
    cnet__enter(loop);
    batch[i].fn(batch[i].a, batch[i].b, batch[i].f);
    cnet__leave(loop);
  }
  loop->posts_spare = batch;
  loop->posts_spare_cap = cap;
  if (loop->post_drain) {
    loop->post_drain = false;
    update_ref(loop);
  }
  cnet__loop_release(loop);
}

int cnet_post(uv_loop_t *uv, cnet_task_cb cb, void *ctx) {
  if (!cb) return cnet__throw_no_callback();
  if (!uv) uv = uv_default_loop();
  cnet__loops_lock();
  cnet_loop_t *loop = cnet__loop_find(uv);
  if (loop) push(loop, cnet__call_task, ctx, NULL, (cnet__fnptr)cb);
  cnet__loops_unlock();
  if (!loop)
    return cnet__throw(UV_ENOENT, "cnet_post: the loop has no cnet object (none was made on it "
                                  "yet, or the last one has been freed)");
  return 0;
}
