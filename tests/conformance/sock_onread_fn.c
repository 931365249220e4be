/* C port of sock_onread_fn.js */
#include "steps.h"
#include "transports.h"

static int i, reads;
static const char *name;
static cnet_server_t *server;
static cnet_socket_t *c;

static void run(void);
static void autoselect(void);

/* The buffer function hands out these in turn, and NULL on its third call. */
static char buf3[3], buf4[4];
static char *const bufs[2] = {buf3, buf4};
static const size_t lens[2] = {sizeof buf3, sizeof buf4};
static int calls;

static char *buffer_fn(cnet_socket_t *s, size_t *len, void *ctx) {
  (void)s; (void)ctx;
  int n = calls++;
  if (n == 2) {
    T("%s buffer fn %d null", name, n);
    return NULL;
  }
  *len = lens[n % 2];
  T("%s buffer fn %d %zu", name, n, *len);
  return bufs[n % 2];
}
static int which(const char *buf) { return buf == bufs[0] ? 0 : buf == bufs[1] ? 1 : -1; }
static void print_read(size_t nread, const char *buf) {
  printf("%s onread %zu ", name, nread);
  put_json(buf, nread, true);
  T(" %d", which(buf));
}

/* ---- the three transports ---- */

static void stopped(void) {
  T("%s stopped %llu", name, (unsigned long long)cnet_socket_bytes_read(c));
  cnet_socket_resume(c);
}
static bool on_read(cnet_socket_t *s, size_t nread, char *buf, void *ctx) {
  (void)ctx;
  print_read(nread, buf);
  if (++reads == 2) {
    immediate(stopped);
    return false;
  }
  if (cnet_socket_bytes_read(s) == 10) cnet_socket_write_string(s, "more", NULL, NULL, NULL);
  return true;
}
static void srv_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end_string(ev->emitter, "klmnop", NULL, NULL, NULL);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_write_string(ev->u.connection, "abcdefghij", NULL, NULL, NULL);
  cnet_on(ev->u.connection, CNET_EV_DATA, srv_data, NULL);
}
static void server_closed(cnet_server_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)err; (void)ctx;
  i++;
  run();
}
static void client_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(server, server_closed, NULL);
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_connect_opts o = transport_target(server, i);
  o.onread = (cnet_onread_opts){.buffer_fn = buffer_fn, .callback = on_read};
  calls = reads = 0;
  c = cnet_connect(NULL, &o, NULL, NULL);
  T("%s connect called", name);
  static const cnet_event_type evs[] = {CNET_EV_CONNECT, CNET_EV_DATA, CNET_EV_END, CNET_EV_CLOSE};
  watch(c, name, evs, 4);
  cnet_on(c, CNET_EV_CLOSE, client_close, NULL);
}
static void run(void) {
  if (i == N_TRANSPORTS) {
    transports_done();
    autoselect();
    return;
  }
  name = transport_names[i];
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  transport_listen(server, i, on_listening);
}

/* ---- autoSelectFamily: the lookup answers ::1 (nobody listens there on
 * this port) then 127.0.0.1 ---- */

static bool auto_read(cnet_socket_t *s, size_t nread, char *buf, void *ctx) {
  (void)s; (void)ctx;
  print_read(nread, buf);
  return true;
}
static void lookup(const char *host, const cnet_lookup_opts *opts, cnet_lookup_req_t *req, void *ctx) {
  (void)host; (void)opts; (void)ctx;
  static const cnet_lookup_address answer[] = {{"::1", 6}, {"127.0.0.1", 4}};
  cnet_lookup_done(req, NULL, answer, 2);
}
static void attempt_failed(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("auto attempt failed %s %s", ev->u.attempt.ip, ev->u.attempt.error->code);
}
static void auto_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(server, NULL, NULL);
}
static void auto_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end_string(ev->u.connection, "xyz", NULL, NULL, NULL);
}
static void auto_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  calls = 0;
  cnet_connect_opts o = {.host = "example.test", .port = server_port(server), .lookup = lookup,
                         .onread = {.buffer_fn = buffer_fn, .callback = auto_read}};
  c = cnet_connect(NULL, &o, NULL, NULL);
  /* (the attempt at ::1 starts inside connect(), before these listeners) */
  cnet_on(c, CNET_EV_CONNECTION_ATTEMPT_FAILED, attempt_failed, NULL);
  static const cnet_event_type evs[] = {CNET_EV_CONNECTION_ATTEMPT, CNET_EV_CONNECT, CNET_EV_END,
                                        CNET_EV_CLOSE};
  watch(c, "auto", evs, 4);
  cnet_on(c, CNET_EV_CLOSE, auto_close, NULL);
}
static void autoselect(void) {
  name = "auto";
  server = cnet_create_server(NULL, NULL, auto_connection, NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", auto_listening, NULL);
}

int main(void) {
  if (transports_init()) return 1;
  run();
  return run_loop();
}
