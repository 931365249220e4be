/* C port of server_signal.js */
#include "server_trace.h"


static uv_check_t immediate;
static void immediate_cb(uv_check_t *h) { uv_close((uv_handle_t *)h, NULL); next(); }
static void next_soon(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  uv_check_init(uv_default_loop(), &immediate);
  uv_check_start(&immediate, immediate_cb);
}
static cnet_abort_controller_t *ac;
static cnet_server_t *srv;
static cnet_listen_opts opts(void) {
  return (cnet_listen_opts){.port = 0, .host = "127.0.0.1", .signal = cnet_abort_controller_signal(ac)};
}

/* ---- abort ---- */
static void abort_listen_cb(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  T("abort listen cb %s", B(cnet_server_listening(srv)));
  cnet_abort_controller_abort(ac, NULL);
  T("abort aborted %s %s", B(cnet_server_listening(srv)), addr(srv));
  cnet_on(srv, CNET_EV_CLOSE, next_soon, NULL);
}
static void step_abort(void) {
  ac = cnet_abort_controller_new();
  srv = watch_server(cnet_create_server(NULL, NULL, NULL, NULL), "abort");
  cnet_server_listen(srv, &(cnet_listen_opts){.port = 0, .host = "127.0.0.1", .signal = cnet_abort_controller_signal(ac)},
                     abort_listen_cb, NULL);
}

/* ---- early ---- */
static void early_listen_cb(const cnet_event_t *ev, void *ctx) { (void)ev; (void)ctx; T("early listen cb"); }
static void early_closed(const cnet_event_t *ev, void *ctx) {
  T("early closed %s", B(cnet_server_listening(srv)));
  next_soon(ev, ctx);
}
static void step_early(void) {
  cnet_abort_controller_free(ac);
  ac = cnet_abort_controller_new();
  cnet_abort_controller_abort(ac, NULL);
  srv = watch_server(cnet_create_server(NULL, NULL, NULL, NULL), "early");
  cnet_listen_opts o = opts();
  cnet_server_listen(srv, &o, early_listen_cb, NULL);
  T("early listening %s", B(cnet_server_listening(srv)));
  cnet_on(srv, CNET_EV_CLOSE, early_closed, NULL);
}

/* ---- after ---- */
static void after_closed(cnet_server_t *s, const cnet_error_t *e, void *ctx) {
  (void)e; (void)ctx;
  cnet_abort_controller_abort(ac, NULL);
  T("after aborted %s", B(cnet_server_listening(s)));
  next_soon(NULL, NULL);
}
static void after_listen_cb(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_server_close(ev->emitter, after_closed, NULL);
}
static void step_after(void) {
  cnet_abort_controller_free(ac);
  ac = cnet_abort_controller_new();
  srv = watch_server(cnet_create_server(NULL, NULL, NULL, NULL), "after");
  cnet_listen_opts o = opts();
  cnet_server_listen(srv, &o, after_listen_cb, NULL);
}

/* ---- relisten ---- */
static void relisten_cb2(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_abort_controller_abort(ac, NULL);
  T("relisten aborted %s", B(cnet_server_listening(ev->emitter)));
  cnet_server_close(ev->emitter, NULL, NULL);
  cnet_abort_controller_free(ac);
}
static void relisten_closed(cnet_server_t *s, const cnet_error_t *e, void *ctx) {
  (void)e; (void)ctx;
  cnet_server_listen_port(s, 0, "127.0.0.1", relisten_cb2, NULL);
}
static void relisten_cb1(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_server_close(ev->emitter, relisten_closed, NULL);
}
static void step_relisten(void) {
  cnet_abort_controller_free(ac);
  ac = cnet_abort_controller_new();
  srv = watch_server(cnet_create_server(NULL, NULL, NULL, NULL), "relisten");
  cnet_listen_opts o = opts();
  cnet_server_listen(srv, &o, relisten_cb1, NULL);
}

int main(void) {
  step_fn all[] = {step_abort, step_early, step_after, step_relisten};
  set_steps(all, sizeof all / sizeof all[0]);
  next();
  return run_loop();
}
