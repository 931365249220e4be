/* C port of sock_props.js */
#include <stdlib.h>
#include <unistd.h>

#include "transports.h"

static int i, n;
static const char *name;
static cnet_server_t *server;
static cnet_socket_t *c, *d;
static cnet_connect_opts opts;

static void run(void);

/* undefined joins as "" in the .js */
static const char *S(const char *s) { return s ? s : ""; }

static void props(const char *step, cnet_socket_t *s) {
  T("%s %s %s %s %s %s %llu %llu %zu %s %s %s", name, step, cnet_socket_ready_state(s),
    B(cnet_socket_pending(s)), B(cnet_socket_connecting(s)), B(cnet_socket_destroyed(s)),
    (unsigned long long)cnet_socket_bytes_read(s), (unsigned long long)cnet_socket_bytes_written(s),
    cnet_socket_writable_length(s), B(cnet_socket_readable_ended(s)),
    B(cnet_socket_writable_ended(s)), B(cnet_socket_writable_finished(s)));
  cnet_address_t a;
  char local[CNET_ADDRSTRLEN + 32] = "{}";
  if (cnet_socket_address(s, &a) == 0) snprintf(local, sizeof local, "%s %s %s", a.address, a.family, P(a.port));
  T("%s %s local %s %s %s %s remote %s %s %s", name, step, local, S(cnet_socket_local_address(s)),
    P(cnet_socket_local_port(s)), S(cnet_socket_local_family(s)), S(cnet_socket_remote_address(s)),
    P(cnet_socket_remote_port(s)), S(cnet_socket_remote_family(s)));
}

static void server_follow(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end(ev->emitter, NULL, NULL);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *s = ev->u.connection;
  /* the first client sees our end; the second ends first and we follow */
  if (++n == 1)
    cnet_socket_end_string(s, "hi", NULL, NULL, NULL);
  else
    cnet_on(s, CNET_EV_END, server_follow, NULL);
  cnet_socket_resume(s);
}

static void server_closed(cnet_server_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)err; (void)ctx;
  i++;
  run();
}
static void d_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_end_string(d, "x", NULL, NULL, NULL);
  props("ended", d);
}
static void d_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  props("d peer ended", d);
}
static void d_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  props("d closed", d);
  cnet_server_close(server, server_closed, NULL);
}
static void c_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  props("connected", c);
  T("%s bufferSize %zu", name, cnet_socket_buffer_size(c));
  cnet_socket_write_string(c, "abc", NULL, NULL, NULL);
}
static void c_data(const cnet_event_t *ev, void *ctx) { (void)ev; (void)ctx; }
static void c_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  props("peer ended", c);
  cnet_socket_end(c, NULL, NULL);
  props("both ended", c);
}
static void c_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  props("closed", c); /* the remote address was read before: kept */
  d = cnet_connect(NULL, &opts, d_connect, NULL);
  cnet_on(d, CNET_EV_END, d_end, NULL);
  cnet_on(d, CNET_EV_CLOSE, d_close, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  opts = transport_target(server, i);
  c = cnet_socket_new(NULL, &(cnet_socket_opts){.allow_half_open = true});
  props("fresh", c);
  cnet_socket_connect(c, &opts, NULL, NULL);
  props("connecting", c);
  cnet_on(c, CNET_EV_CONNECT, c_connect, NULL);
  cnet_on(c, CNET_EV_DATA, c_data, NULL);
  cnet_on(c, CNET_EV_END, c_end, NULL);
  cnet_on(c, CNET_EV_CLOSE, c_close, NULL);
}

static void run(void) {
  if (i == 3) {
    transports_done();
    return;
  }
  name = transport_names[i];
  n = 0;
  server = cnet_create_server(NULL, &(cnet_server_opts){.allow_half_open = true}, on_connection, NULL);
  transport_listen(server, i, on_listening);
}

int main(void) {
  if (transports_init()) return 1;
  run();
  return run_loop();
}
