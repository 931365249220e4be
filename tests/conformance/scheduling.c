/* C port of scheduling.js */
#include <uv.h>

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
static void next_task(void *ctx) { (void)ctx; next(); }
static void say(void *ctx) { T("%s", (const char *)ctx); }

/* 1. an I/O callback's ticks, immediate and timeout */
static cnet_server_t *server;
static cnet_socket_t *client;
static void io_timeout(void *ctx) {
  (void)ctx;
  T("io: timeout");
  cnet_socket_destroy(client, NULL);
}
static void io_immediate(void *ctx) {
  (void)ctx;
  T("io: immediate");
  cnet_next_tick(NULL, say, "io: tick of the immediate");
}
static void io_tick1(void *ctx) {
  (void)ctx;
  T("io: tick 1");
  cnet_next_tick(NULL, say, "io: tick 3, queued by 1");
}
static void io_connected(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_set_timeout(NULL, 0, io_timeout, NULL);
  cnet_set_immediate(NULL, io_immediate, NULL);
  cnet_next_tick(NULL, io_tick1, NULL);
  cnet_next_tick(NULL, say, "io: tick 2");
  T("io: connect listener returns");
}
static void io_server_closed(cnet_server_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)err; (void)ctx;
  next();
}
static void io_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(server, io_server_closed, NULL);
}
static void io_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  client = cnet_connect_port(NULL, server_port(server), "127.0.0.1", io_connected, NULL);
  cnet_on(client, CNET_EV_CLOSE, io_close, NULL);
}
static void io_step(void) {
  server = cnet_create_server(NULL, NULL, NULL, NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", io_listening, NULL);
}

/* 2. two timeouts due together */
static void t1(void *ctx) {
  (void)ctx;
  T("t1");
  cnet_next_tick(NULL, say, "t1: tick");
  cnet_set_immediate(NULL, say, "t1: immediate");
}
static void t2(void *ctx) {
  (void)ctx;
  T("t2");
  cnet_next_tick(NULL, say, "t2: tick");
}
/* busy past both due times, as the Node script (whose setTimeout reads the
 * clock at each call) must be for one timers phase to run both */
static void timers_step(void) {
  cnet_set_timeout(NULL, 5, t1, NULL);
  cnet_set_timeout(NULL, 5, t2, NULL);
  cnet_set_timeout(NULL, 30, next_task, NULL);
  uint64_t until = uv_hrtime() + 10 * 1000000ull;
  while (uv_hrtime() < until) {
  }
}

/* 3. an interval */
static cnet_timer_t *iv;
static int n;
static void on_interval(void *ctx) {
  (void)ctx;
  T("interval %d", ++n);
  if (n == 3) {
    cnet_clear_interval(iv);
    cnet_clear_interval(iv);
    cnet_set_timeout(NULL, 10, next_task, NULL);
  }
}
static void interval_step(void) { iv = cnet_set_interval(NULL, 2, on_interval, NULL); }

/* 4. clear and refresh */
static uint64_t start_ms;
static int fired;
static cnet_timer_t *refreshed;
static void refreshed_fired(void *ctx) {
  (void)ctx;
  fired++;
  T("refreshed timeout fired %d %s", fired, B(uv_hrtime() / 1000000 - start_ms >= 45));
  if (fired == 1) {
    cnet_timer_refresh(refreshed); /* after it ran: it runs again */
  } else {
    cnet_timer_release(refreshed);
    next();
  }
}
static void refresh_early(void *ctx) { (void)ctx; cnet_timer_refresh(refreshed); }
static void refresh_step(void) {
  cnet_timer_t *never = cnet_set_timeout(NULL, 1, say, "never: cleared timeout");
  cnet_clear_timeout(never);
  cnet_timer_t *imm = cnet_set_immediate(NULL, say, "never: cleared immediate");
  cnet_timer_retain(imm);
  cnet_clear_immediate(imm);
  cnet_clear_timeout(imm); /* of the other kind: nothing */
  cnet_timer_release(imm);
  start_ms = uv_hrtime() / 1000000;
  /* kept after it ran, to refresh it */
  refreshed = cnet_timer_retain(cnet_set_timeout(NULL, 30, refreshed_fired, NULL));
  cnet_set_timeout(NULL, 20, refresh_early, NULL); /* before it fires: counts again from now */
}

/* 5. ref, unref, hasRef */
static void ref_step(void) {
  cnet_timer_t *t = cnet_set_timeout(NULL, 5, say, "unref timeout still runs while the loop lives");
  T("hasRef %s", B(cnet_timer_has_ref(t)));
  bool same = cnet_timer_unref(t) == t;
  T("unref returns it %s %s", B(same), B(cnet_timer_has_ref(t)));
  same = cnet_timer_ref(t) == t;
  T("ref returns it %s %s", B(same), B(cnet_timer_has_ref(t)));
  cnet_timer_unref(t);
  cnet_timer_t *i = cnet_set_immediate(NULL, say, "unref immediate runs with the batch");
  bool had = cnet_timer_has_ref(i);
  T("immediate hasRef %s %s", B(had), B(cnet_timer_has_ref(cnet_timer_unref(i))));
  cnet_set_timeout(NULL, 30, next_task, NULL);
}

/* 6. an unref'd timeout alone does not keep the loop running */
static cnet_timer_t *lonely;
static void last_step(void) {
  lonely = cnet_timer_unref(cnet_set_timeout(NULL, 50, say, "never: unref timeout alone"));
  T("last step");
}

static void first_immediate(void *ctx) {
  (void)ctx;
  T("immediate queued before the loop");
  next();
}

int main(void) {
  static step_fn all[] = {io_step, timers_step, interval_step, refresh_step, ref_step, last_step, NULL};
  steps = all;
  cnet_next_tick(NULL, say, "tick queued before the loop");
  cnet_set_immediate(NULL, first_immediate, NULL);
  T("main returns");
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  /* Node's process ends here; in C the pending timer is cleared before the
   * loop is closed, as any libuv handle. */
  cnet_clear_timeout(lonely);
  return run_loop();
}
