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

void cnet__emitter_init(cnet_emitter_t *em, const cnet_emitter_class *cls) {
  *em = (cnet_emitter_t){.cls = cls};
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

/* A socket or server behind a public pointer (not a listener set, whose
 * emitter is only a place for its block). caller: the public function, for
 * the debug build's message. */
static const cnet_emitter_class listeners_class;
static cnet_emitter_t *public_emitter(const void *p, const char *caller) {
  cnet_emitter_t *em = cnet__emitter_cast_in(p, NULL, caller);
  return em && em->cls != &listeners_class ? em : NULL;
}

static int not_an_emitter(void) {
  return cnet__throw(CNET_ERR_INVALID_ARG_TYPE,
                     "The \"emitter\" argument must be a cnet socket or server.");
}

static int check_listener(cnet_event_type type, cnet_listener_fn fn) {
  if ((unsigned)type >= CNET_EV__COUNT)
    return cnet__throw(CNET_ERR_INVALID_ARG_VALUE,
                       "The argument 'type' is invalid. Received %d", (int)type);
  if (!fn)
    return cnet__throw(CNET_ERR_INVALID_ARG_TYPE,
                       "The \"listener\" argument must be of type function. Received null");
  return 0;
}

static void insert_listener(cnet_emitter_t *em, cnet_event_type type, cnet_listener_fn fn,
                            void *ctx, bool once, bool prepend) {
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
}

static int add_listener(void *emitter, cnet_event_type type, cnet_listener_fn fn, void *ctx,
                        bool once, bool prepend, const char *caller) {
  cnet_emitter_t *em = public_emitter(emitter, caller);
  if (!em) return not_an_emitter();
  int err = check_listener(type, fn);
  if (err) return err;
  insert_listener(em, type, fn, ctx, once, prepend);
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
  cnet_emitter_t *em = public_emitter(emitter, __func__);
  if (!em) return not_an_emitter();
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
  cnet_emitter_t *em = public_emitter(emitter, __func__);
  if (!em) return not_an_emitter();
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
  const cnet_emitter_t *em = public_emitter(emitter, __func__);
  size_t n = 0;
  if (!em || !em->block) return 0;
  for (uint32_t i = 0; i < em->block->len; i++) n += em->block->items[i].type == type;
  return n;
}

/* ---- listener sets: one block shared by many emitters ---- */

/* A set is an emitter of its own class that is never emitted: its block is
 * built with the emitter's own functions and copied on write as any other. */
static const cnet_emitter_class listeners_class = {.magic = 0x4c53544e /* "LSTN" */,
                                                  .name = "listener set"};

struct cnet_listeners_s {
  cnet_emitter_t em;
};

static cnet_listeners_t *listeners_cast(const cnet_listeners_t *set) {
  return set && set->em.cls == &listeners_class ? (cnet_listeners_t *)set : NULL;
}

static int not_a_set(void) {
  return cnet__throw(CNET_ERR_INVALID_ARG_TYPE,
                     "The \"listeners\" argument must be a cnet listener set.");
}

cnet_listeners_t *cnet_listeners_new(void) {
  cnet_listeners_t *set = cnet__malloc(sizeof *set);
  cnet__emitter_init(&set->em, &listeners_class);
  return set;
}

void cnet_listeners_free(cnet_listeners_t *set) {
  if (!listeners_cast(set)) return;
  cnet__emitter_dispose(&set->em); /* emitters sharing the block keep it */
  free(set);
}

static int set_add(cnet_listeners_t *set, cnet_event_type type, cnet_listener_fn fn, void *ctx,
                   bool once) {
  if (!listeners_cast(set)) return not_a_set();
  int err = check_listener(type, fn);
  if (err) return err;
  insert_listener(&set->em, type, fn, ctx, once, false);
  return 0;
}

int cnet_listeners_on(cnet_listeners_t *set, cnet_event_type type, cnet_listener_fn fn, void *ctx) {
  return set_add(set, type, fn, ctx, false);
}

int cnet_listeners_once(cnet_listeners_t *set, cnet_event_type type, cnet_listener_fn fn,
                        void *ctx) {
  return set_add(set, type, fn, ctx, true);
}

/* An emitter without listeners takes the set's block itself; its ids are
 * the set's, unique within the block, and the emitter's later ones follow
 * them. One with listeners gets copies after its own, with ids of its own. */
int cnet_listeners_attach(void *emitter, const cnet_listeners_t *set) {
  cnet_emitter_t *em = public_emitter(emitter, __func__);
  if (!em) return not_an_emitter();
  if (!listeners_cast(set)) return not_a_set();
  cnet_listener_block_t *src = set->em.block;
  if (!src || !src->len) return 0;
  src->refs++; /* kept while the hooks below run */
  if (!em->block || !em->block->len) {
    block_release(em->block);
    src->refs++;
    em->block = src;
    if (em->next_id < set->em.next_id) em->next_id = set->em.next_id;
  } else {
    cnet_listener_block_t *b = block_for_write(em, src->len);
    for (uint32_t i = 0; i < src->len; i++) {
      b->items[b->len] = src->items[i];
      b->items[b->len++].id = ++em->next_id;
    }
  }
  em->mask |= set->em.mask;
  for (uint32_t i = 0; i < src->len && em->cls->on_listener_added; i++)
    em->cls->on_listener_added(em, src->items[i].type);
  block_release(src);
  return 0;
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
  uv_loop_t *loop = em->cls->uv_loop(em);
  pthread_mutex_lock(&handlers_lock);
  for (size_t i = 0; i < sizeof handlers / sizeof handlers[0]; i++)
    if (handlers[i].loop == loop) h = handlers[i];
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
