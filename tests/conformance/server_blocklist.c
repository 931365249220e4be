/* C port of server_blocklist.js (pending: needs the real BlockList) */
#include "server_trace.h"

static cnet_blocklist_t *bl;
static int step;
static const char *name;
static char lines[8][64];
static int nlines;
static cnet_server_t *srv;
static void run(void);

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("%s connection %s", name, cnet_socket_remote_address(ev->u.connection));
  cnet_socket_end(ev->u.connection, NULL, NULL);
}
static void closed(cnet_server_t *s, const cnet_error_t *e, void *ctx) {
  (void)s; (void)e; (void)ctx;
  step++;
  if (step < 2) run();
  else cnet_blocklist_free(bl);
}
static void allowed_closed(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(srv, closed, NULL);
}
static void blocked_event(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  if (ev->type == CNET_EV_ERROR)
    snprintf(lines[nlines++], 64, "%s blocked client error %s", name, ev->u.error->code);
  else
    snprintf(lines[nlines++], 64, "%s blocked client %s", name, cnet_event_name(ev->type));
}
static void blocked_closed(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  for (int i = 0; i < nlines; i++) T("%s", lines[i]);
  nlines = 0;
  cnet_connect_opts o = {.port = server_port(srv), .host = step == 0 ? "127.0.0.1" : "::1",
                         .local_address = step == 0 ? "127.0.0.2" : NULL};
  cnet_socket_t *d = cnet_connect(NULL, &o, NULL, NULL);
  cnet_socket_resume(d);
  cnet_on(d, CNET_EV_CLOSE, allowed_closed, NULL);
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *c = cnet_connect_port(NULL, server_port(srv), "127.0.0.1", NULL, NULL);
  static const cnet_event_type evs[] = {CNET_EV_CONNECT, CNET_EV_END, CNET_EV_CLOSE, CNET_EV_ERROR};
  for (int i = 0; i < 4; i++) cnet_on(c, evs[i], blocked_event, NULL);
  cnet_socket_resume(c);
  cnet_on(c, CNET_EV_CLOSE, blocked_closed, NULL);
}
static void run(void) {
  name = step == 0 ? "v4" : "dual";
  srv = watch_server(cnet_create_server(NULL, &(cnet_server_opts){.block_list = bl}, on_connection, NULL), name);
  cnet_server_listen_port(srv, 0, step == 0 ? "127.0.0.1" : "::", on_listening, NULL);
}

int main(void) {
  bl = cnet_blocklist_new();
  cnet_blocklist_add_address(bl, "127.0.0.1", NULL);
  run();
  return run_loop();
}
