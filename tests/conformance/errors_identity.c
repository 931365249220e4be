/* C port of errors_identity.js */
#include <stdlib.h>

#include "trace.h"

typedef void (*step_fn)(void);
static step_fn *steps;
static void next(void) {
  step_fn f = *steps;
  if (f) {
    steps++;
    f();
  }
}
static void next_on(const cnet_event_t *ev, void *ctx) { (void)ev; (void)ctx; next(); }

static cnet_server_t *server;
/* reads all, so that it sees the client go (a reset, as it never read it all) */
static void ignore(const cnet_event_t *ev, void *ctx) { (void)ev; (void)ctx; }
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_resume(ev->u.connection);
  cnet_on(ev->u.connection, CNET_EV_ERROR, ignore, NULL);
}

/* 1. destroy(err) */
static cnet_error_t *inner, *err;
static void write_cb(cnet_socket_t *s, const cnet_error_t *e, void *ctx) {
  (void)s; (void)ctx;
  T("write cb same %s", B(e == err));
}
static void first_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  const cnet_error_t *e = ev->u.error;
  T("error same %s %s %s %s", B(e == err), e->code, e->message, B(e->cause == inner));
}
static void second_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("second listener same %s", B(ev->u.error == err));
}
static void destroy_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("close %s", B(ev->u.close.had_error));
  cnet_error_unref(err);
  cnet_error_unref(inner);
  next();
}
static void destroy_connected(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->emitter;
  size_t big = 32u << 20; /* more than the kernel takes at once */
  char *bytes = calloc(1, big);
  cnet_socket_write(c, bytes, big, NULL, NULL);
  free(bytes);
  cnet_socket_write_string(c, "queued", NULL, write_cb, NULL);
  cnet_socket_destroy(c, err);
}
static void destroy_step(void) {
  inner = cnet_error_new(NULL, "inner", NULL);
  err = cnet_error_new("EBOOM", "boom", inner);
  cnet_socket_t *c = cnet_connect_port(NULL, server_port(server), "127.0.0.1", destroy_connected, NULL);
  cnet_on(c, CNET_EV_ERROR, first_error, NULL);
  cnet_on(c, CNET_EV_ERROR, second_error, NULL);
  cnet_on(c, CNET_EV_CLOSE, destroy_close, NULL);
}

/* 2, 3. a signal's AbortError */
static cnet_abort_controller_t *ac;
static void abort_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  const cnet_error_t *e = ev->u.error;
  const cnet_error_t *reason = cnet_abort_signal_reason(cnet_abort_controller_signal(ac));
  T("abort error %s %s %s %s %s %s", e->name, e->code, e->message, B(e->cause == reason),
    e->cause->name, e->cause->message);
}
static void abort_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_abort_controller_free(ac);
  next();
}
static void abort_step(bool given) {
  ac = cnet_abort_controller_new();
  cnet_socket_t *c = cnet_socket_new(NULL, &(cnet_socket_opts){.signal = cnet_abort_controller_signal(ac)});
  cnet_on(c, CNET_EV_ERROR, abort_error, NULL);
  cnet_on(c, CNET_EV_CLOSE, abort_close, NULL);
  cnet_error_t *reason = cnet_error_new(NULL, "why", NULL);
  cnet_abort_controller_abort(ac, given ? reason : NULL);
  const cnet_error_t *kept = cnet_abort_signal_reason(cnet_abort_controller_signal(ac));
  if (given) T("reason kept %s", B(kept == reason)); else T("reason kept %s", kept->name);
  cnet_error_unref(reason);
}
static void abort_given(void) { abort_step(true); }
static void abort_default(void) { abort_step(false); }

static void close_server(void) { cnet_server_close(server, NULL, NULL); }

int main(void) {
  static step_fn all[] = {destroy_step, abort_given, abort_default, close_server, NULL};
  steps = all;
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", next_on, NULL);
  return run_loop();
}
