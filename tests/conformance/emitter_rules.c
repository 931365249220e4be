/* C port of emitter_rules.js */
#include "trace.h"

static cnet_server_t *server;

static void say(const cnet_event_t *ev, void *text) { (void)ev; T("%s", (const char *)text); }
static void d(const cnet_event_t *ev, void *ctx) { (void)ev; (void)ctx; T("d (added during the emit, runs next time)"); }
static void cc(const cnet_event_t *ev, void *ctx) { (void)ev; (void)ctx; T("c (removed during the emit, still runs)"); }
static void b(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("b removes c, adds d");
  cnet_off(ev->emitter, CNET_EV_CONNECT, cc, NULL);
  cnet_on(ev->emitter, CNET_EV_CONNECT, d, NULL);
}
static void o(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("o (once) %zu", cnet_listener_count(ev->emitter, CNET_EV_CONNECT));
}
static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("end listeners %zu", cnet_listener_count(ev->emitter, CNET_EV_CONNECT));
}
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->emitter;
  cnet_on(c, CNET_EV_TIMEOUT, say, "a");
  cnet_on(c, CNET_EV_TIMEOUT, b, NULL);
  cnet_on(c, CNET_EV_TIMEOUT, say, "a");
  cnet_off(c, CNET_EV_TIMEOUT, say, "a");
  T("timeout listeners after removing one a %zu", cnet_listener_count(c, CNET_EV_TIMEOUT));
  cnet_remove_all_listeners(c, CNET_EV_TIMEOUT);
  T("after removeAllListeners %zu", cnet_listener_count(c, CNET_EV_TIMEOUT));
  cnet_server_close(server, NULL, NULL);
}
static void on_connection(const cnet_event_t *ev, void *ctx) { (void)ctx; cnet_socket_end(ev->u.connection, NULL, NULL); }
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *c = cnet_socket_new(NULL, NULL);
  cnet_on(c, CNET_EV_CONNECT, say, "a");
  cnet_once(c, CNET_EV_CONNECT, o, NULL);
  cnet_on(c, CNET_EV_CONNECT, b, NULL);
  cnet_on(c, CNET_EV_CONNECT, cc, NULL);
  cnet_prepend_listener(c, CNET_EV_CONNECT, say, "p (prepended)");
  cnet_on(c, CNET_EV_END, on_end, NULL);
  cnet_on(c, CNET_EV_CLOSE, on_close, NULL);
  cnet_socket_connect_port(c, server_port(server), "127.0.0.1", NULL, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", on_listening, NULL);
  return run_loop();
}
