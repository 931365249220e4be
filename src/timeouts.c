/* Idle timeouts: per-duration lists and one timer per loop. */
#include "timeouts.h"

#include <stdlib.h>

#include "alloc.h"

struct cnet_timeout_list_s {
  uint32_t ms;
  cnet_timeout_cb cb;
  cnet_timeout_t *head, *tail;
};

static void on_timer(uv_timer_t *timer);

void cnet__timeouts_init(cnet_timeouts_t *ts, uv_loop_t *uv) {
  *ts = (cnet_timeouts_t){0};
  uv_timer_init(uv, &ts->timer);
  uv_unref((uv_handle_t *)&ts->timer);
  ts->timer.data = ts;
}

void cnet__timeouts_close(cnet_timeouts_t *ts, uv_close_cb cb, void *data) {
  free(ts->lists);
  ts->lists = NULL;
  ts->nlists = 0;
  ts->timer.data = data;
  uv_close((uv_handle_t *)&ts->timer, cb);
}

static void list_unlink(cnet_timeout_t *t) {
  cnet_timeout_list_t *l = t->list;
  if (t->prev) t->prev->next = t->next; else l->head = t->next;
  if (t->next) t->next->prev = t->prev; else l->tail = t->prev;
  t->prev = t->next = NULL;
}

static void list_append(cnet_timeout_list_t *l, cnet_timeout_t *t) {
  t->list = l;
  t->next = NULL;
  t->prev = l->tail;
  if (l->tail) l->tail->next = t; else l->head = t;
  l->tail = t;
}

/* Lists are few (one per distinct duration) and never freed while the loop
 * lives; an array keeps them, and items point into it by index-stable
 * pointers because it only grows by reallocation before any item joins. */
static cnet_timeout_list_t *list_for(cnet_timeouts_t *ts, uint32_t ms, cnet_timeout_cb cb) {
  for (size_t i = 0; i < ts->nlists; i++)
    if (ts->lists[i].ms == ms && ts->lists[i].cb == cb) return &ts->lists[i];
  for (size_t i = 0; i < ts->nlists; i++) {
    if (!ts->lists[i].head) { /* reuse an empty list */
      ts->lists[i] = (cnet_timeout_list_t){.ms = ms, .cb = cb};
      return &ts->lists[i];
    }
  }
  cnet_timeout_list_t *old = ts->lists;
  ts->lists = cnet__realloc(ts->lists, (ts->nlists + 1) * sizeof *ts->lists);
  if (old != ts->lists) /* re-point the items at the moved lists */
    for (size_t i = 0; i < ts->nlists; i++)
      for (cnet_timeout_t *t = ts->lists[i].head; t; t = t->next) t->list = &ts->lists[i];
  ts->lists[ts->nlists] = (cnet_timeout_list_t){.ms = ms, .cb = cb};
  return &ts->lists[ts->nlists++];
}

static void schedule(cnet_timeouts_t *ts) {
  uint64_t due = 0;
  for (size_t i = 0; i < ts->nlists; i++) {
    cnet_timeout_t *h = ts->lists[i].head;
    if (h && (!due || h->last_active + ts->lists[i].ms < due)) due = h->last_active + ts->lists[i].ms;
  }
  if (due == ts->due) return;
  ts->due = due;
  if (!due) {
    uv_timer_stop(&ts->timer);
    return;
  }
  uint64_t now = uv_now(ts->timer.loop);
  uv_timer_start(&ts->timer, on_timer, due > now ? due - now : 0, 0);
}

void cnet__timeout_enroll(cnet_timeouts_t *ts, cnet_timeout_t *t, uint32_t ms, cnet_timeout_cb cb) {
  if (t->list) list_unlink(t);
  t->last_active = uv_now(ts->timer.loop);
  list_append(list_for(ts, ms, cb), t);
  uint64_t deadline = t->last_active + ms;
  if (!ts->due || deadline < ts->due) schedule(ts);
}

void cnet__timeout_unenroll(cnet_timeouts_t *ts, cnet_timeout_t *t) {
  (void)ts;
  if (!t->list) return;
  list_unlink(t);
  t->list = NULL;
}

void cnet__timeout_touch(cnet_timeouts_t *ts, cnet_timeout_t *t) {
  (void)ts;
  cnet_timeout_list_t *l = t->list;
  if (!l) return;
  t->last_active = uv_now(ts->timer.loop);
  if (l->tail == t) return;
  list_unlink(t);
  list_append(l, t);
}

uint32_t cnet__timeout_ms(const cnet_timeout_t *t) { return t->list ? t->list->ms : 0; }

/* The list whose head is due first, or NULL when none is due at now. */
static cnet_timeout_list_t *first_due(cnet_timeouts_t *ts, uint64_t now) {
  cnet_timeout_list_t *first = NULL;
  for (size_t i = 0; i < ts->nlists; i++) {
    cnet_timeout_list_t *l = &ts->lists[i];
    if (!l->head || now - l->head->last_active < l->ms) continue;
    if (!first || l->head->last_active + l->ms < first->head->last_active + first->ms) first = l;
  }
  return first;
}

/* As Node's processTimers: the list that expires first runs all its due
 * items, then the next, so a late timer still fires shorter lists first. */
static void on_timer(uv_timer_t *timer) {
  cnet_timeouts_t *ts = timer->data;
  uint64_t now = uv_now(timer->loop);
  ts->due = 0;
  cnet_timeout_list_t *l;
  while ((l = first_due(ts, now))) {
    size_t i = (size_t)(l - ts->lists);
    cnet_timeout_t *t;
    /* A callback may enroll, unenroll or free items; re-read the head each time. */
    while ((t = l->head) && now - t->last_active >= l->ms) {
      list_unlink(t);
      t->list = NULL;
      l->cb(t);
      l = &ts->lists[i]; /* the callback may have grown the array */
    }
  }
  schedule(ts);
}
