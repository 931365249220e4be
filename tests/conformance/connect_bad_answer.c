/* C port of connect_bad_answer.js */
#include <stdlib.h>

#include "trace.h"

typedef struct {
  const char *name, *address;
  int family;
  bool auto_select;
} run_t;

static const run_t runs[] = {
  {"no-address-multi", NULL, 4, true},       {"no-address-single", NULL, 4, false},
  {"family-100-multi", "127.0.0.1", 100, true}, {"family-100-single", "127.0.0.1", 100, false},
};
static size_t step;

typedef struct {
  const run_t *run;
  cnet_lookup_req_t *req;
} pending_t;

static void answer(void *ctx) {
  pending_t *p = ctx;
  cnet_lookup_address a = {p->run->address, p->run->family};
  cnet_lookup_done(p->req, NULL, &a, 1);
  free(p);
}

static void lookup(const char *host, const cnet_lookup_opts *opts, cnet_lookup_req_t *req,
                   void *ctx) {
  (void)host; (void)opts;
  pending_t *p = malloc(sizeof *p);
  *p = (pending_t){ctx, req};
  cnet_set_immediate(NULL, answer, p);
}

static void on_error(const cnet_event_t *ev, void *ctx) {
  const run_t *run = ctx;
  char port[16] = "undefined";
  if (ev->u.error->port >= 0) snprintf(port, sizeof port, "%d", ev->u.error->port);
  T("%s error fields %s %s", run->name, ev->u.error->name, port);
}

static void next(const cnet_event_t *ev, void *ctx);

static void start(void) {
  if (step >= sizeof runs / sizeof *runs) return;
  const run_t *run = &runs[step++];
  cnet_socket_t *s = cnet_socket_new(NULL, NULL);
  watch_socket(s, run->name);
  cnet_on(s, CNET_EV_ERROR, on_error, (void *)run);
  cnet_on(s, CNET_EV_CLOSE, next, NULL);
  cnet_connect_opts o = {.host = "localhost", .port = 1, .lookup = lookup, .lookup_ctx = (void *)run,
                         .auto_select_family = run->auto_select ? CNET_TRUE : CNET_FALSE};
  cnet_socket_connect(s, &o, NULL, NULL);
}

static void next(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  start();
}

int main(void) {
  start();
  return run_loop();
}
