/* Internal: how sockets and servers follow a `signal` option.
 *
 * An object given a signal takes a reference (cnet__abort_signal_ref) for as
 * long as it keeps the pointer, and adds a listener; it removes the listener
 * and drops the reference when it no longer cares (closed, destroyed). The
 * controller may be freed at any time in between: the signal outlives it. */
#ifndef CNET_ABORT_H
#define CNET_ABORT_H

#include "cnet.h"

typedef void (*cnet__abort_fn)(cnet_abort_signal_t *signal, void *ctx);

/* Adds a listener, known by (fn, ctx), that runs once when the controller
 * aborts; listeners run in the order they were added. Adding one that is
 * already there does nothing, as EventTarget's addEventListener.
 * Returns 0, or CNET_ERR_ABORT when the signal has already aborted: nothing
 * is added then, and the caller acts at once, as Node's objects check
 * `signal.aborted` before they listen. */
int cnet__abort_signal_add(cnet_abort_signal_t *signal, cnet__abort_fn fn, void *ctx);

/* Removes the listener (fn, ctx) if it is there. Safe from inside a
 * listener, for itself or any other: a removed listener that has not run
 * yet will not run. */
void cnet__abort_signal_remove(cnet_abort_signal_t *signal, cnet__abort_fn fn, void *ctx);

void cnet__abort_signal_ref(cnet_abort_signal_t *signal);
/* The last reference frees the signal, its listeners and its reason. */
void cnet__abort_signal_unref(cnet_abort_signal_t *signal);

#endif
