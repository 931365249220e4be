/* AbortController and AbortSignal: a controller aborts its signal once, and
 * the signal tells the objects that listen to it. */
#include "abort.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"

typedef struct {
  cnet__abort_fn fn; /* NULL: removed while the listeners were running */
  void *ctx;
} abort_listener;

/* Reference counted because the controller and every object that was given
 * the signal hold it, and any of them may go first. */
struct cnet_abort_signal_s {
  unsigned refs;
  bool aborted;
  cnet_error_t *reason;
  abort_listener *listeners;
  size_t count;
  size_t cap;
};

struct cnet_abort_controller_s {
  cnet_abort_signal_t *signal;
};

cnet_abort_controller_t *cnet_abort_controller_new(void) {
  cnet_abort_controller_t *ac = cnet__malloc(sizeof *ac);
  ac->signal = cnet__calloc(1, sizeof *ac->signal);
  ac->signal->refs = 1;
  return ac;
}

void cnet_abort_controller_free(cnet_abort_controller_t *ac) {
  if (!ac) return;
  cnet__abort_signal_unref(ac->signal);
  free(ac);
}

cnet_abort_signal_t *cnet_abort_controller_signal(cnet_abort_controller_t *ac) {
  return ac ? ac->signal : NULL;
}

/* Each listener is cleared before it runs, so it runs once even if it
 * aborts again, and a listener removed by an earlier one is skipped. No
 * listener can be added meanwhile (the signal is already aborted), so the
 * array neither moves nor grows under the loop. */
static void run_listeners(cnet_abort_signal_t *signal) {
  /* A listener may free the controller and drop every other reference. */
  signal->refs++;
  for (size_t i = 0; i < signal->count; i++) {
    abort_listener l = signal->listeners[i];
    if (!l.fn) continue;
    signal->listeners[i].fn = NULL;
    l.fn(signal, l.ctx);
  }
  free(signal->listeners);
  signal->listeners = NULL;
  signal->count = signal->cap = 0;
  cnet__abort_signal_unref(signal);
}

void cnet_abort_controller_abort(cnet_abort_controller_t *ac, const cnet_error_t *reason) {
  if (!ac || ac->signal->aborted) return;
  cnet_abort_signal_t *signal = ac->signal;
  signal->aborted = true;
  signal->reason = reason ? cnet__error_keep(reason) : cnet__error_code(CNET_ERR_ABORT, NULL);
  run_listeners(signal);
}

bool cnet_abort_signal_aborted(const cnet_abort_signal_t *signal) {
  return signal && signal->aborted;
}

const cnet_error_t *cnet_abort_signal_reason(const cnet_abort_signal_t *signal) {
  return signal ? signal->reason : NULL;
}

static abort_listener *find_listener(cnet_abort_signal_t *signal, cnet__abort_fn fn, void *ctx) {
  for (size_t i = 0; i < signal->count; i++)
    if (signal->listeners[i].fn == fn && signal->listeners[i].ctx == ctx)
      return &signal->listeners[i];
  return NULL;
}

int cnet__abort_signal_add(cnet_abort_signal_t *signal, cnet__abort_fn fn, void *ctx) {
  if (signal->aborted) return CNET_ERR_ABORT;
  if (find_listener(signal, fn, ctx)) return 0;
  if (signal->count == signal->cap) {
    signal->cap = signal->cap ? signal->cap * 2 : 4;
    signal->listeners = cnet__realloc(signal->listeners, signal->cap * sizeof *signal->listeners);
  }
  signal->listeners[signal->count++] = (abort_listener){fn, ctx};
  return 0;
}

void cnet__abort_signal_remove(cnet_abort_signal_t *signal, cnet__abort_fn fn, void *ctx) {
  abort_listener *l = fn ? find_listener(signal, fn, ctx) : NULL;
  if (!l) return;
  /* While the listeners run, the array must keep its places. */
  if (signal->aborted) {
    l->fn = NULL;
    return;
  }
  size_t after = signal->count - (size_t)(l - signal->listeners) - 1;
  memmove(l, l + 1, after * sizeof *l);
  signal->count--;
}

void cnet__abort_signal_ref(cnet_abort_signal_t *signal) { signal->refs++; }

void cnet__abort_signal_unref(cnet_abort_signal_t *signal) {
  if (!signal || --signal->refs > 0) return;
  cnet_error_unref(signal->reason);
  free(signal->listeners);
  free(signal);
}
