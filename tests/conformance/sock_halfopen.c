/* C port of sock_halfopen.js */
#include <unistd.h>

#include "steps.h"
#include "transports.h"

static int i; /* case: transport i / 2, allowHalfOpen i % 2 */
static char tag[32];
static bool half;
static cnet_server_t *server;
static cnet_socket_t *c;
static char got[64];
static size_t got_len;
static int closed;

static void run(void);

static void server_closed(cnet_server_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)err; (void)ctx;
  i++;
  run();
}
static void done(void) {
  if (++closed < 2) return;
  printf("%s server got ", tag);
  put_json(got, got_len, false);
  T("");
  cnet_server_close(server, server_closed, NULL);
}
static void server_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  memcpy(got + got_len, ev->u.data.bytes, ev->u.data.len);
  got_len += ev->u.data.len;
}
static void server_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  done();
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *s = ev->u.connection;
  cnet_on(s, CNET_EV_DATA, server_data, NULL);
  cnet_on(s, CNET_EV_CLOSE, server_close, NULL);
  cnet_socket_end(s, NULL, NULL);
}

static void in_end_cb(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)ctx;
  printf("%s in-end cb ", tag);
  put_err(err);
  T("");
}
static void end_cb(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  (void)err; (void)ctx;
  T("%s end cb %s", tag, cnet_socket_ready_state(s));
}
static void later_cb(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  (void)ctx;
  printf("%s later cb ", tag);
  put_err(err);
  T("");
  cnet_socket_end(s, end_cb, NULL);
}
static void later_step(void) {
  T("%s later %s %s %s %s", tag, cnet_socket_ready_state(c), B(cnet_socket_writable(c)),
    B(cnet_socket_writable_ended(c)), B(cnet_socket_destroyed(c)));
  if (!half) return;
  cnet_socket_write_string(c, "later", NULL, later_cb, NULL);
}
static void after_finish_cb(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)ctx;
  printf("%s after-finish cb ", tag);
  put_err(err);
  T("");
}
/* our side has ended too: without half-open, writing is an EPIPE */
static void client_finish(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  if (!half) cnet_socket_write_string(c, "after-finish", NULL, after_finish_cb, NULL);
}
static void client_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  T("%s in end %s %s %s %s %llu", tag, cnet_socket_ready_state(c), B(cnet_socket_readable_ended(c)),
    B(cnet_socket_writable(c)), B(cnet_socket_writable_ended(c)),
    (unsigned long long)cnet_socket_bytes_read(c));
  cnet_socket_write_string(c, "in-end", NULL, in_end_cb, NULL);
  immediate(later_step);
}
static void client_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  T("%s closed %s %llu %llu", tag, cnet_socket_ready_state(c),
    (unsigned long long)cnet_socket_bytes_read(c), (unsigned long long)cnet_socket_bytes_written(c));
  done();
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  int t = i / 2;
  cnet_connect_opts o = transport_target(server, t);
  /* net.connect({..., allowHalfOpen}) is new net.Socket(options) + connect */
  c = cnet_socket_new(NULL, &(cnet_socket_opts){.allow_half_open = half});
  static const cnet_event_type evs[] = {CNET_EV_CONNECT, CNET_EV_END, CNET_EV_FINISH,
                                        CNET_EV_ERROR, CNET_EV_CLOSE};
  watch(c, tag, evs, 5);
  cnet_on(c, CNET_EV_END, client_end, NULL);
  cnet_on(c, CNET_EV_CLOSE, client_close, NULL);
  cnet_on(c, CNET_EV_FINISH, client_finish, NULL);
  cnet_socket_connect(c, &o, NULL, NULL);
}

static void run(void) {
  if (i == 6) {
    transports_done();
    return;
  }
  half = i % 2;
  snprintf(tag, sizeof tag, "%s half=%s", transport_names[i / 2], B(half));
  got_len = 0;
  closed = 0;
  server = cnet_create_server(NULL, &(cnet_server_opts){.allow_half_open = true}, on_connection, NULL);
  transport_listen(server, i / 2, on_listening);
}

int main(void) {
  if (transports_init()) return 1;
  run();
  return run_loop();
}
