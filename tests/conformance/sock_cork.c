/* C port of sock_cork.js */
#include "transports.h"

static int i, conns;
static const char *name;
static cnet_server_t *server;
static char got[3][64];

static void run(void);
static void second(void);
static void unconnected(void);

static const char *state(cnet_socket_t *c) {
  static char buf[64];
  snprintf(buf, sizeof buf, "%u %zu %s", cnet_socket_writable_corked(c), cnet_socket_writable_length(c),
           B(cnet_socket_writable_need_drain(c)));
  return buf;
}
/* ctx: what was written */
static void cb(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  (void)s;
  printf("%s cb %s ", name, (const char *)ctx);
  put_err(err);
  T("");
}
static const char *w(cnet_socket_t *c, const char *text) {
  return B(cnet_socket_write_string(c, text, NULL, cb, (void *)text) == 1);
}

/* ---- the first client: corked while connecting, uncorked after `connect` ---- */

static void tick_after_uncork(void *ctx) { (void)ctx; T("%s tick after uncork", name); }
static void first_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->emitter;
  T("%s connect %s", name, state(c));
  T("%s write ccc %s", name, w(c, "ccc"));
  cnet_socket_uncork(c);
  T("%s first uncork %s", name, state(c));
  cnet_socket_uncork(c);
  T("%s last uncork %s", name, state(c));
  cnet_next_tick(NULL, tick_after_uncork, NULL);
}
/* the server answers once it has the first six bytes */
static void first_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->emitter;
  printf("%s client data ", name);
  put_json(ev->u.data.bytes, ev->u.data.len, false);
  T("");
  cnet_socket_cork(c);
  T("%s write dddd %s", name, w(c, "dddd"));
  T("%s write eeeeee %s", name, w(c, "eeeeee"));
  T("%s past the mark %s", name, state(c));
  cnet_socket_uncork(c);
  T("%s uncorked %s", name, state(c));
}
static void first_drain(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->emitter;
  T("%s drain %s", name, state(c));
  cnet_socket_cork(c);
  cnet_socket_cork(c);
  cnet_socket_write_string(c, "f", NULL, cb, "f");
  cnet_socket_end_string(c, "g", NULL, cb, "end");
  T("%s after end %s", name, state(c));
}
static void first_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  second();
}
static void first(void) {
  cnet_connect_opts o = transport_target(server, i);
  o.high_water_mark = 8;
  cnet_socket_t *c = cnet_connect(NULL, &o, NULL, NULL);
  cnet_socket_cork(c);
  cnet_socket_cork(c);
  T("%s write a %s", name, w(c, "a"));
  T("%s write bb %s", name, w(c, "bb"));
  T("%s corked while connecting %s", name, state(c));
  cnet_on(c, CNET_EV_CONNECT, first_connect, NULL);
  cnet_once(c, CNET_EV_DATA, first_data, NULL);
  cnet_on(c, CNET_EV_DRAIN, first_drain, NULL);
  static const cnet_event_type evs[] = {CNET_EV_FINISH, CNET_EV_END, CNET_EV_CLOSE};
  watch(c, name, evs, 3);
  cnet_on(c, CNET_EV_CLOSE, first_close, NULL);
}

/* ---- the second client uncorks while still connecting ---- */

static void second_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("%s second connect %s", name, state(ev->emitter));
  cnet_socket_end(ev->emitter, NULL, NULL);
}
static void second_end(const cnet_event_t *ev, void *ctx) { (void)ev; (void)ctx; T("%s second end", name); }
static void server_closed(cnet_server_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)err; (void)ctx;
  i++;
  run();
}
static void second_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(server, server_closed, NULL);
}
static void second(void) {
  cnet_connect_opts o = transport_target(server, i);
  cnet_socket_t *c = cnet_connect(NULL, &o, NULL, NULL);
  cnet_socket_cork(c);
  cnet_socket_write_string(c, "x", NULL, cb, "x");
  cnet_socket_uncork(c);
  T("%s uncorked while connecting %s", name, state(c));
  cnet_on(c, CNET_EV_CONNECT, second_connect, NULL);
  cnet_on(c, CNET_EV_END, second_end, NULL);
  cnet_on(c, CNET_EV_CLOSE, second_close, NULL);
}

/* ---- the server ---- */

static void srv_data(const cnet_event_t *ev, void *ctx) {
  int n = (int)(intptr_t)ctx;
  strncat(got[n], ev->u.data.bytes, sizeof got[n] - strlen(got[n]) - 1);
  if (n == 1 && strcmp(got[n], "abbccc") == 0) {
    printf("%s server got ", name);
    put_json(got[n], strlen(got[n]), false);
    T("");
    got[n][0] = '\0';
    cnet_socket_write_string(ev->emitter, "next", NULL, NULL, NULL);
  }
}
static void srv_end(const cnet_event_t *ev, void *ctx) {
  int n = (int)(intptr_t)ctx;
  printf("%s server end %d ", name, n);
  put_json(got[n], strlen(got[n]), false);
  T("");
  cnet_socket_end(ev->emitter, NULL, NULL);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *s = ev->u.connection;
  intptr_t n = ++conns;
  got[n][0] = '\0';
  cnet_socket_set_encoding(s, "latin1");
  cnet_on(s, CNET_EV_DATA, srv_data, (void *)n);
  cnet_on(s, CNET_EV_END, srv_end, (void *)n);
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  first();
}

static void run(void) {
  if (i == N_TRANSPORTS) {
    transports_done();
    unconnected();
    return;
  }
  name = transport_names[i];
  conns = 0;
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  transport_listen(server, i, on_listening);
}

/* ---- without a connection ---- */

static void never_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  name = "destroyed";
  cnet_socket_t *d = cnet_socket_new(NULL, NULL);
  cnet_socket_cork(d);
  cnet_socket_write_string(d, "w", NULL, cb, "w");
  cnet_socket_destroy(d, NULL);
  /* (writableLength drops now in cnet, on the next tick in Node: see docs/api.md) */
  T("destroyed while corked %u %s %s", cnet_socket_writable_corked(d), B(cnet_socket_writable_need_drain(d)),
    B(cnet_socket_destroyed(d)));
  static const cnet_event_type evs[] = {CNET_EV_ERROR, CNET_EV_CLOSE};
  watch(d, "destroyed", evs, 2);
}
static void unconnected(void) {
  name = "never";
  cnet_socket_t *s = cnet_socket_new(NULL, NULL);
  cnet_socket_cork(s);
  T("never connected write %s", w(s, "z"));
  cnet_socket_uncork(s);
  T("never connected %s %s", state(s), B(cnet_socket_destroyed(s)));
  static const cnet_event_type evs[] = {CNET_EV_ERROR, CNET_EV_CLOSE};
  watch(s, "never", evs, 2);
  cnet_on(s, CNET_EV_CLOSE, never_close, NULL);
}

int main(void) {
  if (transports_init()) return 1;
  run();
  return run_loop();
}
