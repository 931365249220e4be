/* Internal: the event emitter that servers and sockets start with. */
#ifndef CNET_EMITTER_H
#define CNET_EMITTER_H

#include "cnet.h"
#include "poison.h"

typedef struct cnet_emitter_s cnet_emitter_t;

/* What kind of object an emitter is, what it does when a listener is
 * added (a `data` listener makes a socket flow, as in Node's Readable), and
 * its loop, whose uncaught-error handler gets an `error` nobody listens to
 * (the object has its loop: the emitter does not keep a copy). */
typedef struct {
  uint32_t magic;
  const char *name; /* "socket", "server": for messages */
  void (*on_listener_added)(cnet_emitter_t *em, cnet_event_type type);
  uv_loop_t *(*uv_loop)(const cnet_emitter_t *em);
} cnet_emitter_class;

typedef struct cnet_listener_s {
  cnet_listener_fn fn;
  void *ctx;
  uint32_t id;
  uint8_t type;
  uint8_t once;
} cnet_listener_t;

/* Listeners live in a shared block; an emit holds a reference to the block
 * it walks, and a change made while a block is referenced copies it first,
 * so an emit always sees the listeners it started with. */
typedef struct cnet_listener_block_s cnet_listener_block_t;

struct cnet_emitter_s {
  const cnet_emitter_class *cls;
  cnet_listener_block_t *block; /* NULL while there are no listeners */
  uint32_t mask;                /* bit per event type that has a listener */
  uint32_t next_id;
};

void cnet__emitter_init(cnet_emitter_t *em, const cnet_emitter_class *cls);
void cnet__emitter_dispose(cnet_emitter_t *em);

/* The emitter behind a public pointer, or NULL when p is not one of cls
 * (NULL: any class). fn names the public call, for the debug build's
 * message about a freed object (poison.h). */
static inline cnet_emitter_t *cnet__emitter_cast_in(const void *p, const cnet_emitter_class *cls,
                                                    const char *fn) {
  cnet__poison_check(p, cls ? cls->name : "socket or server", fn);
  cnet_emitter_t *em = (cnet_emitter_t *)p;
  if (!em || !em->cls || (cls && em->cls != cls)) return NULL;
  return em;
}
#define cnet__emitter_cast(p, cls) cnet__emitter_cast_in((p), (cls), __func__)

static inline bool cnet__has_listeners(const cnet_emitter_t *em, cnet_event_type type) {
  return (em->mask >> type) & 1u;
}

/* Calls the listeners of ev->type. An `error` with no listener goes to the
 * loop's uncaught-error handler. The caller keeps the emitter alive. */
void cnet__emit(cnet_emitter_t *em, cnet_event_t *ev);

/* Emits an event that carries nothing but its type. */
void cnet__emit_simple(cnet_emitter_t *em, cnet_event_type type);
void cnet__emit_error(cnet_emitter_t *em, const cnet_error_t *err);

/* Removes one listener of type whose function is fn and returns its ctx,
 * or NULL when there is none (for owners that put allocations in ctx). */
void *cnet__emitter_take(cnet_emitter_t *em, cnet_event_type type, cnet_listener_fn fn);

/* Calls the uncaught-error handler of the emitter's loop. */
void cnet__uncaught(cnet_emitter_t *em, const cnet_error_t *err);

#endif
