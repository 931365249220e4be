/* C port of server_options.js */
#include "server_trace.h"


static uv_check_t immediate;
static void (*immediate_fn)(void *);
static void *immediate_arg;
static void immediate_cb(uv_check_t *h) {
  uv_close((uv_handle_t *)h, NULL);
  immediate_fn(immediate_arg);
}
static void set_immediate(void (*fn)(void *), void *arg) {
  immediate_fn = fn;
  immediate_arg = arg;
  uv_check_init(uv_default_loop(), &immediate);
  uv_check_start(&immediate, immediate_cb);
}

/* ---- half-open, off and on ---- */
static struct {
  const char *name, *side_name;
  cnet_server_t *s;
  char held[8][64];
  int nheld, closed;
} ho;

static void ho_done(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  if (++ho.closed < 2) return;
  for (int i = 0; i < ho.nheld; i++) T("%s", ho.held[i]);
  cnet_server_close(ho.s, next_cb, NULL);
}
static void ho_later(void *arg) {
  cnet_socket_t *c = arg;
  T("%s side later %s %s", ho.name, B(cnet_socket_writable(c)), B(cnet_socket_writable_ended(c)));
  if (cnet_socket_writable(c)) cnet_socket_end_string(c, "pong", NULL, NULL, NULL);
  cnet_socket_release(c);
}
static void ho_side_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->emitter;
  T("%s side end %s %s", ho.name, B(cnet_socket_writable(c)), cnet_socket_ready_state(c));
  set_immediate(ho_later, cnet_socket_retain(c));
}
static void ho_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->u.connection;
  T("%s connection %s %zu %s", ho.name, B(cnet_socket_allow_half_open(c)),
    cnet_socket_writable_high_water_mark(c), B(cnet_socket_is_paused(c)));
  static const cnet_event_type evs[] = {CNET_EV_DATA, CNET_EV_END, CNET_EV_FINISH, CNET_EV_CLOSE};
  watch(c, ho.side_name, evs, 4);
  cnet_on(c, CNET_EV_CLOSE, ho_done, NULL);
  cnet_on(c, CNET_EV_END, ho_side_end, NULL);
}
static void ho_client(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  char *line = ho.held[ho.nheld++];
  if (ev->type == CNET_EV_DATA)
    snprintf(line, 64, "%s-client data %.*s", ho.name, (int)ev->u.data.len, ev->u.data.bytes);
  else
    snprintf(line, 64, "%s-client %s", ho.name, cnet_event_name(ev->type));
}
static void ho_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_address_t a;
  cnet_server_address(ho.s, &a, NULL, NULL);
  cnet_socket_t *c = cnet_connect_port(NULL, a.port, "127.0.0.1", NULL, NULL);
  cnet_on(c, CNET_EV_DATA, ho_client, NULL);
  cnet_on(c, CNET_EV_END, ho_client, NULL);
  cnet_on(c, CNET_EV_CLOSE, ho_client, NULL);
  cnet_socket_end_string(c, "ping", NULL, NULL, NULL);
  cnet_on(c, CNET_EV_CLOSE, ho_done, NULL);
}
static void half_open(bool allow, const char *name, const char *side_name) {
  ho.name = name;
  ho.side_name = side_name;
  ho.nheld = ho.closed = 0;
  ho.s = cnet_create_server(NULL, &(cnet_server_opts){.allow_half_open = allow}, ho_connection, NULL);
  cnet_server_listen_port(ho.s, 0, "127.0.0.1", ho_listening, NULL);
}
static void step_closing(void) { half_open(false, "closing", "closing-side"); }
static void step_half(void) { half_open(true, "half", "half-side"); }

/* ---- highWaterMark ---- */
static void hwm_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("hwm connection %zu", cnet_socket_writable_high_water_mark(ev->u.connection));
  cnet_socket_destroy(ev->u.connection, NULL);
  cnet_server_close(ev->emitter, next_cb, NULL);
}
static void ignore(const cnet_event_t *ev, void *ctx) { (void)ev; (void)ctx; }
static void hwm_listening(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_address_t a;
  cnet_server_address(ev->emitter, &a, NULL, NULL);
  cnet_on(cnet_connect_port(NULL, a.port, "127.0.0.1", NULL, NULL), CNET_EV_ERROR, ignore, NULL);
}
static void step_hwm(void) {
  cnet_server_t *s = cnet_create_server(NULL, &(cnet_server_opts){.high_water_mark = 1024}, hwm_connection, NULL);
  cnet_server_listen_port(s, 0, "127.0.0.1", hwm_listening, NULL);
}

/* ---- pauseOnConnect ---- */
static cnet_server_t *paused;
static uv_timer_t wait_timer;
static void paused_wait(uv_timer_t *t) {
  cnet_socket_t *c = t->data;
  uv_close((uv_handle_t *)t, NULL);
  T("paused after wait %s %llu", B(cnet_socket_is_paused(c)), (unsigned long long)cnet_socket_bytes_read(c));
  cnet_socket_resume(c);
  T("paused resumed %s", B(cnet_socket_is_paused(c)));
  cnet_socket_release(c);
}
static void paused_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(paused, next_cb, NULL);
}
static void paused_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->u.connection;
  T("paused connection %s %llu", B(cnet_socket_is_paused(c)), (unsigned long long)cnet_socket_bytes_read(c));
  static const cnet_event_type evs[] = {CNET_EV_DATA, CNET_EV_END, CNET_EV_CLOSE};
  watch(c, "paused-side", evs, 3);
  uv_timer_init(uv_default_loop(), &wait_timer);
  wait_timer.data = cnet_socket_retain(c);
  uv_timer_start(&wait_timer, paused_wait, 100, 0);
  cnet_on(c, CNET_EV_CLOSE, paused_close, NULL);
}
static void paused_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *c = cnet_connect_port(NULL, server_port(paused), "127.0.0.1", NULL, NULL);
  cnet_socket_end_string(c, "hello", NULL, NULL, NULL);
  cnet_socket_resume(c);
}
static void step_paused(void) {
  paused = cnet_create_server(NULL, &(cnet_server_opts){.pause_on_connect = true}, paused_connection, NULL);
  cnet_server_listen_port(paused, 0, "127.0.0.1", paused_listening, NULL);
}

int main(void) {
  step_fn all[] = {step_closing, step_half, step_hwm, step_paused};
  set_steps(all, sizeof all / sizeof all[0]);
  next();
  return run_loop();
}
