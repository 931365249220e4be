/* C port of socket_connect_errors.js */
#include "connect_trace.h"

static cnet_server_t *live, *dead;
static int live_port, dead_port, round_no;

static void try_throw(const char *name, const cnet_connect_opts *o) {
  cnet_socket_t *s = cnet_connect(NULL, o, NULL, NULL);
  if (s) {
    cnet_socket_destroy(s, NULL);
    T("%s no throw", name);
    return;
  }
  printf("%s throws ", name);
  put_errc(cnet_last_error());
  putchar('\n');
}

static void own_lookup(const char *host, const cnet_lookup_opts *o, cnet_lookup_req_t *req,
                       void *ctx) {
  (void)host; (void)o; (void)ctx;
  cnet_lookup_done(req, NULL, &(cnet_lookup_address){"127.0.0.1", 4}, 1);
}

static void live_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end_string(ev->u.connection, "hi", NULL, NULL, NULL);
}
static void done(cnet_server_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)err; (void)ctx;
  T("done");
}
static void again_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->emitter;
  T("again closed, round %d %s %s", round_no, B(cnet_socket_destroyed(c)), cnet_socket_ready_state(c));
  if (++round_no == 1)
    cnet_socket_connect_port(c, live_port, "127.0.0.1", NULL, NULL);
  else
    cnet_server_close(live, done, NULL);
}
static void refused_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *c = cnet_socket_new(NULL, NULL);
  watchc(c, "again");
  cnet_on(c, CNET_EV_CLOSE, again_close, NULL);
  cnet_socket_connect_port(c, dead_port, "127.0.0.1", NULL, NULL);
}
static void dead_closed(cnet_server_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)err; (void)ctx;
  cnet_socket_t *c = cnet_connect_port(NULL, dead_port, "127.0.0.1", NULL, NULL);
  watchc(c, "refused");
  cnet_on(c, CNET_EV_CLOSE, refused_close, NULL);
}
static void dead_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  dead_port = server_port(dead);
  add_port(dead_port);
  cnet_server_close(dead, dead_closed, NULL);
}
static void live_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  live_port = server_port(live);
  add_port(live_port);
  dead = cnet_create_server(NULL, NULL, NULL, NULL);
  cnet_server_listen_port(dead, 0, "127.0.0.1", dead_listening, NULL);
}

int main(void) {
  try_throw("no port", &(cnet_connect_opts){0});
  try_throw("port 70000", &(cnet_connect_opts){.port = 70000});
  try_throw("port -1", &(cnet_connect_opts){.port = -1});
  try_throw("bad localAddress", &(cnet_connect_opts){.port = 80, .local_address = "nope"});
  try_throw("bad family, IP host", &(cnet_connect_opts){.port = 80, .host = "127.0.0.1", .family = 5});
  try_throw("bad family, name", &(cnet_connect_opts){.port = 80, .host = "localhost", .family = 5});
  try_throw("bad attempt timeout",
            &(cnet_connect_opts){.port = 80, .host = "localhost", .auto_select_family_attempt_timeout = -5});
  try_throw("bad hints, name", &(cnet_connect_opts){.port = 80, .host = "localhost", .hints = 98});
  try_throw("bad hints, IP host", &(cnet_connect_opts){.port = 80, .host = "127.0.0.1", .hints = 98});
  try_throw("bad hints, own lookup",
            &(cnet_connect_opts){.port = 80, .host = "localhost", .hints = 98, .lookup = own_lookup});
  live = cnet_create_server(NULL, NULL, live_connection, NULL);
  cnet_server_listen_port(live, 0, "127.0.0.1", live_listening, NULL);
  return run_loop();
}
