/* For the emitter's unit tests: an emitter class of no object (its loop is
 * the default one) and a listener that records the order listeners ran in,
 * one character each (its ctx is a string whose first character it adds). */
#ifndef TEST_EMITTER_RECORDER_H
#define TEST_EMITTER_RECORDER_H

#include "emitter.h"

static uv_loop_t *default_loop(const cnet_emitter_t *em) {
  (void)em;
  return uv_default_loop();
}
static const cnet_emitter_class test_class = {.magic = 1, .uv_loop = default_loop};

static char order[64];
static size_t n_order;

static void rec(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  order[n_order++] = *(const char *)ctx;
  order[n_order] = '\0';
}

static void clear_order(void) {
  n_order = 0;
  order[0] = '\0';
}

#endif
