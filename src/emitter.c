/* Event emitters with Node's ordering rules. */
#include "emitter.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "loop.h"
#include "poison.h"

struct cnet_listener_block_s {
  uint32_t refs;
  uint32_t len;
  uint32_t cap;
  cnet_listener_t items[];
};

static const char *const event_names[CNET_EV__COUNT] = {
  [CNET_EV_CLOSE] = "close",
  [CNET_EV_CONNECT] = "connect",
  [CNET_EV_CONNECTION] = "connection",
  [CNET_EV_CONNECTION_ATTEMPT] = "connectionAttempt",
  [CNET_EV_CONNECTION_ATTEMPT_FAILED] = "connectionAttemptFailed",
  [CNET_EV_CONNECTION_ATTEMPT_TIMEOUT] = "connectionAttemptTimeout",
  [CNET_EV_DATA] = "data",
  [CNET_EV_DRAIN] = "drain",
  [CNET_EV_DROP] = "drop",
  [CNET_EV_END] = "end",
  [CNET_EV_ERROR] = "error",
  [CNET_EV_FINISH] = "finish",
  [CNET_EV_LISTENING] = "listening",
  [CNET_EV_LOOKUP] = "lookup",
  [CNET_EV_READY] = "ready",
  [CNET_EV_TIMEOUT] = "timeout",
  [CNET_EV_FD] = "fd",
};

const char *cnet_event_name(cnet_event_type type) {
  return (unsigned)type < CNET_EV__COUNT ? event_names[type] : NULL;
}

void cnet__emitter_init(cnet_emitter_t *em, const cnet_emitter_class *cls, uv_loop_t *loop) {
  *em = (cnet_emitter_t){.cls = cls, .loop = loop};
}

static void block_release(cnet_listener_block_t *b) {
  if (b && --b->refs == 0) free(b);
}

void cnet__emitter_dispose(cnet_emitter_t *em) {
  block_release(em->block);
  em->block = NULL;
  em->mask = 0;
}

/* A block this emitter alone holds, with room for one more listener. */
static cnet_listener_block_t *block_for_write(cnet_emitter_t *em, uint32_t extra) {
  cnet_listener_block_t *b = em->block;
  uint32_t len = b ? b->len : 0;
  if (b && b->refs == 1 && len + extra <= b->cap) return b;
  /* Most emitters have a handful of listeners added once: grow by one up to
   * eight (no slack in the steady state), by doubling after that. */
  uint32_t need = len + extra;
  uint32_t cap = b && b->cap >= need ? b->cap : need <= 8 ? need : need * 2;
  cnet_listener_block_t *nb;
  if (b && b->refs == 1) {
    nb = cnet__realloc(b, sizeof *nb + cap * sizeof(cnet_listener_t));
  } else {
    nb = cnet__malloc(sizeof *nb + cap * sizeof(cnet_listener_t));
    nb->len = len;
    if (len) memcpy(nb->items, b->items, len * sizeof(cnet_listener_t));
    block_release(b);
  }
  nb->refs = 1;
  nb->cap = cap;
  em->block = nb;
  return nb;
}

static void recompute_mask(cnet_emitter_t *em) {
  em->mask = 0;
  if (!em->block) return;
  for (uint32_t i = 0; i < em->block->len; i++) em->mask |= 1u << em->block->items[i].type;
}

/* caller: the public function, for the debug build's message */
static int add_listener(void *emitter, cnet_event_type type, cnet_listener_fn fn, void *ctx,
                        bool once, bool prepend, const char *caller) {
  cnet_emitter_t *em = cnet__emitter_cast_in(emitter, NULL, caller);
  if (!em)
    return cnet__throw(CNET_ERR_INVALID_ARG_TYPE,
                       "The \"emitter\" argument must be a cnet socket or server.");
  if ((unsigned)type >= CNET_EV__COUNT)
    return cnet__throw(CNET_ERR_INVALID_ARG_VALUE,
                       "The argument 'type' is invalid. Received %d", (int)type);
  if (!fn)
    return cnet__throw(CNET_ERR_INVALID_ARG_TYPE,
                       "The \"listener\" argument must be of type function. Received null");
  cnet_listener_block_t *b = block_for_write(em, 1);
  cnet_listener_t l = {.fn = fn, .ctx = ctx, .id = ++em->next_id, .type = (uint8_t)type,
                       .once = once};
  if (prepend) {
    memmove(b->items + 1, b->items, b->len * sizeof l);
    b->items[0] = l;
  } else {
    b->items[b->len] = l;
  }
  b->len++;
  em->mask |= 1u << type;
  if (em->cls->on_listener_added) em->cls->on_listener_added(em, type);
  return 0;
}

int cnet_on(void *emitter, cnet_event_type type, cnet_listener_fn fn, void *ctx) {
  return add_listener(emitter, type, fn, ctx, false, false, __func__);
}

int cnet_once(void *emitter, cnet_event_type type, cnet_listener_fn fn, void *ctx) {
  return add_listener(emitter, type, fn, ctx, true, false, __func__);
}

int cnet_prepend_listener(void *emitter, cnet_event_type type, cnet_listener_fn fn, void *ctx) {
  return add_listener(emitter, type, fn, ctx, false, true, __func__);
}

static void remove_at(cnet_emitter_t *em, uint32_t i) {
  cnet_listener_block_t *b = block_for_write(em, 0);
  memmove(b->items + i, b->items + i + 1, (b->len - i - 1) * sizeof b->items[0]);
  b->len--;
  recompute_mask(em);
}

static void remove_id(cnet_emitter_t *em, uint32_t id) {
  cnet_listener_block_t *b = em->block;
  for (uint32_t i = 0; b && i < b->len; i++)
    if (b->items[i].id == id) return remove_at(em, i);
}

/* Node removes the most recently added match. */
int cnet_off(void *emitter, cnet_event_type type, cnet_listener_fn fn, void *ctx) {
  cnet_emitter_t *em = cnet__emitter_cast(emitter, NULL);
  if (!em)
    return cnet__throw(CNET_ERR_INVALID_ARG_TYPE,
                       "The \"emitter\" argument must be a cnet socket or server.");
  cnet_listener_block_t *b = em->block;
  for (uint32_t i = b ? b->len : 0; i-- > 0;) {
    cnet_listener_t *l = &b->items[i];
    if (l->type == type && l->fn == fn && l->ctx == ctx) {
      remove_at(em, i);
      break;
    }
  }
  return 0;
}

int cnet_remove_all_listeners(void *emitter, cnet_event_type type) {
  cnet_emitter_t *em = cnet__emitter_cast(emitter, NULL);
  if (!em)
    return cnet__throw(CNET_ERR_INVALID_ARG_TYPE,
                       "The \"emitter\" argument must be a cnet socket or server.");
  for (uint32_t i = em->block ? em->block->len : 0; i-- > 0;)
    if (em->block->items[i].type == type) remove_at(em, i);
  return 0;
}

void *cnet__emitter_take(cnet_emitter_t *em, cnet_event_type type, cnet_listener_fn fn) {
  for (uint32_t i = em->block ? em->block->len : 0; i-- > 0;) {
    cnet_listener_t l = em->block->items[i];
    if (l.type == type && l.fn == fn) {
      remove_at(em, i);
      return l.ctx;
    }
  }
  return NULL;
}

size_t cnet_listener_count(const void *emitter, cnet_event_type type) {
  const cnet_emitter_t *em = cnet__emitter_cast(emitter, NULL);
  size_t n = 0;
  if (!em || !em->block) return 0;
  for (uint32_t i = 0; i < em->block->len; i++) n += em->block->items[i].type == type;
  return n;
}

void cnet__emit(cnet_emitter_t *em, cnet_event_t *ev) {
  ev->emitter = em;
  if (!cnet__has_listeners(em, ev->type)) {
    if (ev->type == CNET_EV_ERROR) cnet__uncaught(em, ev->u.error);
    return;
  }
  cnet_listener_block_t *b = em->block;
  b->refs++;
  for (uint32_t i = 0; i < b->len; i++) {
    cnet_listener_t l = b->items[i];
    if (l.type != ev->type) continue;
    if (l.once) remove_id(em, l.id);
    l.fn(ev, l.ctx);
  }
  block_release(b);
}

void cnet__emit_simple(cnet_emitter_t *em, cnet_event_type type) {
  cnet_event_t ev = {.type = type};
  cnet__emit(em, &ev);
}

void cnet__emit_error(cnet_emitter_t *em, const cnet_error_t *err) {
  cnet_event_t ev = {.type = CNET_EV_ERROR, .u.error = err};
  cnet__emit(em, &ev);
}

/* ---- the uncaught-error handler, one per loop ---- */

typedef struct {
  uv_loop_t *loop;
  cnet_uncaught_cb cb;
  void *ctx;
} uncaught_entry;

/* A few loops at most; a fixed table needs no cleanup. Process-wide, as a
 * loop may be set up on one thread and run on another. */
static uncaught_entry handlers[64];
static pthread_mutex_t handlers_lock = PTHREAD_MUTEX_INITIALIZER;

void cnet_set_uncaught_error_handler(uv_loop_t *loop, cnet_uncaught_cb cb, void *ctx) {
  if (!loop) loop = cnet__default_loop();
  uncaught_entry *slot = NULL;
  pthread_mutex_lock(&handlers_lock);
  for (size_t i = 0; i < sizeof handlers / sizeof handlers[0]; i++) {
    if (handlers[i].loop == loop) {
      slot = &handlers[i];
      break;
    }
    if (!handlers[i].loop && !slot) slot = &handlers[i];
  }
  if (slot && (cb || slot->loop == loop)) *slot = cb ? (uncaught_entry){loop, cb, ctx} : (uncaught_entry){0};
  pthread_mutex_unlock(&handlers_lock);
}

void cnet__uncaught(cnet_emitter_t *em, const cnet_error_t *err) {
  uncaught_entry h = {0};
  pthread_mutex_lock(&handlers_lock);
  for (size_t i = 0; i < sizeof handlers / sizeof handlers[0]; i++)
    if (handlers[i].loop == em->loop) h = handlers[i];
  pthread_mutex_unlock(&handlers_lock);
  if (h.cb) {
    h.cb(err, em, h.ctx);
    return;
  }
  /* Node prints the unhandled error and the process exits with status 1. */
  fflush(stdout);
  fputs("Uncaught ", stderr);
  cnet__error_print(err, stderr);
  exit(1);
}
