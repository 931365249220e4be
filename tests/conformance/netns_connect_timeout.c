/* C port of netns_connect_timeout.js (run through tests/netns/run). */
#include "connect_trace.h"

static cnet_server_t *server;
static int port;

static const cnet_lookup_address hang_ok[] = {{"127.0.0.3", 4}, {"127.0.0.1", 4}, {NULL, 0}};
static const cnet_lookup_address hang_refused[] = {{"127.0.0.3", 4}, {"127.0.0.2", 4}, {NULL, 0}};
static const cnet_lookup_address three[] = {{"127.0.0.3", 4}, {"127.0.0.1", 4}, {"::1", 6}, {NULL, 0}};
static const cnet_lookup_address refused_hang[] = {{"127.0.0.2", 4}, {"127.0.0.3", 4}, {NULL, 0}};
static const crafted_t c_hang_ok = {hang_ok, -1, NULL}, c_hang_refused = {hang_refused, -1, NULL},
                       c_three = {three, -1, NULL}, c_refused_hang = {refused_hang, -1, NULL};

static void next(void);

static void on_close_next(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  next();
}

static cnet_socket_t *start(const char *name, const crafted_t *how, int attempt_timeout) {
  cnet_socket_t *s = cnet_socket_new(NULL, NULL);
  watchc(s, name);
  cnet_connect_opts o = {.port = port, .host = "x.test", .lookup = crafted_lookup,
                         .lookup_ctx = (void *)how, .auto_select_family_attempt_timeout = attempt_timeout};
  cnet_socket_connect(s, &o, NULL, NULL);
  cnet_on(s, CNET_EV_CLOSE, on_close_next, NULL);
  return s;
}

static void destroy_it(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_destroy(ev->emitter, NULL);
}

static uv_timer_t destroy_timer;

static void destroy_later(uv_timer_t *t) {
  T("destroying");
  cnet_socket_destroy(t->data, NULL);
}

static void next(void) {
  static int step;
  cnet_socket_t *s;
  switch (step++) {
    case 0: start("then-ok", &c_hang_ok, 10); break;
    case 1: start("default-timeout", &c_hang_ok, 0); break;
    case 2: start("then-refused", &c_hang_refused, 1); break;
    case 3: start("three", &c_three, 200); break;
    case 4:
      s = start("destroy-in-timeout", &c_hang_ok, 10);
      cnet_on(s, CNET_EV_CONNECTION_ATTEMPT_TIMEOUT, destroy_it, NULL);
      break;
    case 5:
      /* The last address has no attempt timeout: it hangs until destroyed. */
      s = start("last-hangs", &c_refused_hang, 200);
      uv_timer_init(uv_default_loop(), &destroy_timer);
      destroy_timer.data = s;
      uv_timer_start(&destroy_timer, destroy_later, 600, 0);
      break;
    default:
      uv_close((uv_handle_t *)&destroy_timer, NULL);
      cnet_server_close(server, server_closed, NULL);
  }
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end(ev->u.connection, NULL, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  port = server_port(server);
  add_port(port);
  next();
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", on_listening, NULL);
  return run_loop();
}
