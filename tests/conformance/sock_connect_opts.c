/* C port of sock_connect_opts.js */
#include "transports.h"

static int i, conns, waiting;
static const char *name;
static cnet_server_t *server;
static char got[64];

static void run(void);

static void marks(const char *what, cnet_socket_t *c) {
  T("%s %s %s %zu %zu", name, what, B(cnet_socket_allow_half_open(c)),
    cnet_socket_readable_high_water_mark(c), cnet_socket_writable_high_water_mark(c));
}

/* ---- allowHalfOpen and highWaterMark: the server ends first, the client writes after ---- */

static void half_open_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("%s client end, writable %s", name, B(cnet_socket_writable(ev->emitter)));
  cnet_socket_end_string(ev->emitter, "late", NULL, NULL, NULL);
}
static void second(void);
static void half_open_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  second();
}
static void half_open(void) {
  cnet_connect_opts o = transport_target(server, i);
  o.allow_half_open = true;
  o.high_water_mark = 300;
  o.writable_high_water_mark = 50;
  cnet_socket_t *c = cnet_connect(NULL, &o, NULL, NULL);
  marks("half-open client", c);
  cnet_socket_set_encoding(c, "latin1");
  cnet_on(c, CNET_EV_END, half_open_end, NULL);
  static const cnet_event_type evs[] = {CNET_EV_CONNECT, CNET_EV_DATA, CNET_EV_FINISH, CNET_EV_CLOSE};
  watch(c, name, evs, 4);
  cnet_on(c, CNET_EV_CLOSE, half_open_close, NULL);
}

/* ---- onread, signal and the two marks: aborted after the last read ---- */

static cnet_abort_controller_t *ac;
static char mine[5];

static bool on_read(cnet_socket_t *s, size_t nread, char *buf, void *ctx) {
  (void)ctx;
  printf("%s onread %zu ", name, nread);
  put_json(buf, nread, true);
  T(" %s", B(buf == mine));
  if (cnet_socket_bytes_read(s) == 11) cnet_abort_controller_abort(ac, NULL);
  return true;
}
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  printf("%s error %s ", name, ev->u.error->name);
  put_err(ev->u.error);
  T("");
}
static void server_closed(cnet_server_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)err; (void)ctx;
  i++;
  run();
}
static void aborted_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->emitter;
  T("%s aborted client %s %s", name, B(cnet_socket_destroyed(c)), B(cnet_socket_writable(c)));
  cnet_abort_controller_free(ac);
  cnet_server_close(server, server_closed, NULL);
}
static void onread_signal(void) {
  ac = cnet_abort_controller_new();
  cnet_connect_opts o = transport_target(server, i);
  o.readable_high_water_mark = 100;
  o.writable_high_water_mark = 50;
  o.signal = cnet_abort_controller_signal(ac);
  o.onread = (cnet_onread_opts){.buffer = mine, .len = sizeof mine, .callback = on_read};
  cnet_socket_t *c = cnet_connect(NULL, &o, NULL, NULL);
  marks("onread client", c);
  cnet_on(c, CNET_EV_ERROR, on_error, NULL);
  static const cnet_event_type evs[] = {CNET_EV_CONNECT, CNET_EV_DATA, CNET_EV_CLOSE};
  watch(c, name, evs, 3);
  cnet_on(c, CNET_EV_CLOSE, aborted_close, NULL);
}

/* ---- the server: next once the first client has closed and the server has its end ---- */

static void second(void) {
  if (--waiting > 0) return;
  printf("%s server got ", name);
  put_json(got, strlen(got), false);
  T("");
  onread_signal();
}
static void srv_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  strncat(got, ev->u.data.bytes, sizeof got - strlen(got) - 1);
}
static void srv_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  second();
}
static void srv_error(const cnet_event_t *ev, void *ctx) { (void)ev; (void)ctx; }
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *s = ev->u.connection;
  cnet_on(s, CNET_EV_ERROR, srv_error, NULL);
  if (++conns == 1) {
    cnet_socket_set_encoding(s, "latin1");
    cnet_on(s, CNET_EV_DATA, srv_data, NULL);
    cnet_on(s, CNET_EV_END, srv_end, NULL);
    cnet_socket_end_string(s, "bye", NULL, NULL, NULL);
  } else {
    cnet_socket_write_string(s, "hello world", NULL, NULL, NULL);
  }
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  half_open();
}

static void run(void) {
  if (i == N_TRANSPORTS) {
    transports_done();
    return;
  }
  name = transport_names[i];
  conns = 0;
  waiting = 2;
  got[0] = '\0';
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  transport_listen(server, i, on_listening);
}

int main(void) {
  if (transports_init()) return 1;
  run();
  return run_loop();
}
