/* C port of sock_state.js */
#include "steps.h"
#include "transports.h"

static int i, lives;
static const char *name;
static cnet_server_t *server;
static cnet_socket_t *c;
static cnet_error_t *boom;

static void run(void);

static const char *flowing_name(int f) { return f < 0 ? "null" : B(f == 1); }

static void state(const char *tag, cnet_socket_t *s) {
  const char *enc = cnet_socket_readable_encoding(s);
  printf("%s %s %s %s %s %zu %zu %zu %s %u ", name, tag, B(cnet_socket_closed(s)),
         flowing_name(cnet_socket_readable_flowing(s)), enc ? enc : "null",
         cnet_socket_readable_high_water_mark(s), cnet_socket_writable_high_water_mark(s),
         cnet_socket_readable_length(s), B(cnet_socket_writable_need_drain(s)),
         cnet_socket_writable_corked(s));
  put_err(cnet_socket_errored(s));
  T("");
}

/* ---- the server ---- */

static void srv_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  if (ev->u.data.len == 2 && memcmp(ev->u.data.bytes, "go", 2) == 0)
    cnet_socket_write_string(ev->emitter, "h\xc3\xa9llo w\xc3\xb6rld \xf0\x9f\x98\x80", NULL, NULL, NULL);
}
static void srv_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end(ev->emitter, NULL, NULL);
}
static void srv_error(const cnet_event_t *ev, void *ctx) { (void)ev; (void)ctx; }
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *s = ev->u.connection;
  cnet_on(s, CNET_EV_ERROR, srv_error, NULL); /* the first connection is destroyed by the client */
  cnet_on(s, CNET_EV_DATA, srv_data, NULL);
  cnet_on(s, CNET_EV_END, srv_end, NULL);
}

/* ---- the client ---- */

static void on_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  printf("%s data ", name);
  put_json(ev->u.data.bytes, ev->u.data.len, false);
  T("");
  state("in data", c);
  cnet_socket_cork(c);
  static char big[400];
  memset(big, 'x', sizeof big);
  T("%s write %s", name, B(cnet_socket_write(c, big, sizeof big, NULL, NULL) == 1));
  state("past the mark", c);
  boom = cnet_error_new("EBOOM", "boom", NULL);
  cnet_socket_destroy(c, boom);
  state("destroyed", c);
  T("%s errored is the error %s", name, B(cnet_socket_errored(c) == boom));
  cnet_error_unref(boom); /* the socket holds it now */
}
static bool kept(void) { return cnet_socket_readable_length(c) >= 14; }
static void on_kept(void) {
  state("kept", c);
  cnet_socket_pause(c);
  state("paused", c);
  cnet_on(c, CNET_EV_DATA, on_data, NULL);
  cnet_socket_resume(c);
  state("resumed", c);
}
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  state("connected", c);
  cnet_socket_set_encoding(c, "UTF-8");
  state("encoding", c);
  cnet_socket_write_string(c, "go", NULL, NULL, NULL);
  until(kept, on_kept); /* read, and kept while nobody consumes it */
}
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  printf("%s error ", name);
  put_err(ev->u.error);
  T(" %s", B(ev->u.error == boom));
}
static void on_reconnect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  state("reconnected", c);
  cnet_socket_resume(c);
  cnet_socket_end(c, NULL, NULL);
}
static void server_closed(cnet_server_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)err; (void)ctx;
  i++;
  run();
}
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("%s close %s", name, B(ev->u.close.had_error));
  state("close", c);
  if (++lives == 2) {
    cnet_server_close(server, server_closed, NULL);
    return;
  }
  cnet_socket_pause(c);
  cnet_connect_opts o = transport_target(server, i);
  cnet_socket_connect(c, &o, on_reconnect, NULL);
  state("reconnecting", c);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  c = cnet_socket_new(NULL, &(cnet_socket_opts){.high_water_mark = 300, .writable_high_water_mark = 50});
  state("fresh", c);
  lives = 0;
  cnet_connect_opts o = transport_target(server, i);
  cnet_socket_connect(c, &o, on_connect, NULL);
  cnet_on(c, CNET_EV_ERROR, on_error, NULL);
  cnet_on(c, CNET_EV_CLOSE, on_close, NULL);
}

static void run(void) {
  if (i == N_TRANSPORTS) {
    transports_done();
    return;
  }
  name = transport_names[i];
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  transport_listen(server, i, on_listening);
}

int main(void) {
  if (transports_init()) return 1;
  run();
  return run_loop();
}
