/* C port of connect_local_port.js */
#include "connect_trace.h"

static cnet_server_t *server;
static int srv_port, lp1, lp2;
static const char *from_local_port = "null";

static const cnet_lookup_address v6_v4[] = {{"::1", 6}, {"127.0.0.1", 4}, {NULL, 0}};
static const cnet_lookup_address v6_v4_refused[] = {{"::1", 6}, {"127.0.0.2", 4}, {NULL, 0}};
static const cnet_lookup_address v4_refused[] = {{"127.0.0.2", 4}, {NULL, 0}};
static const crafted_t multi = {v6_v4, -1, NULL}, multi_refused = {v6_v4_refused, -1, NULL},
                       single_refused = {v4_refused, -1, NULL};

static void next(void);

static void on_close_next(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  if (ctx) T("server saw the local port %s", from_local_port);
  next();
}

/* Only "multi" connects, with lp1. */
static void on_connect(const cnet_event_t *ev, void *ctx) {
  T("%s localPort is the one asked %s", (const char *)ctx, B(cnet_socket_local_port(ev->emitter) == lp1));
}

static void run(const char *name, int local_port, cnet_tristate auto_select, const crafted_t *how,
                bool report) {
  cnet_socket_t *s = cnet_socket_new(NULL, NULL);
  watchc(s, name);
  cnet_on(s, CNET_EV_CLOSE, on_close_next, report ? (void *)1 : NULL);
  cnet_on(s, CNET_EV_CONNECT, on_connect, (void *)name);
  cnet_connect_opts o = {.port = srv_port, .host = "x.test", .local_port = local_port,
                         .auto_select_family = auto_select, .lookup = crafted_lookup,
                         .lookup_ctx = (void *)how};
  cnet_socket_connect(s, &o, NULL, NULL);
}

static void next(void) {
  static int step;
  switch (step++) {
    case 0: run("multi", lp1, CNET_DEFAULT, &multi, true); break;
    case 1: run("single-refused", lp2, CNET_FALSE, &single_refused, false); break;
    case 2: run("multi-bind-in-use", srv_port, CNET_DEFAULT, &multi_refused, false); break;
    case 3: run("single-bind-in-use", srv_port, CNET_FALSE, &single_refused, false); break;
    default: cnet_server_close(server, server_closed, NULL);
  }
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  from_local_port = B(cnet_socket_remote_port(ev->u.connection) == lp1);
  cnet_socket_end(ev->u.connection, NULL, NULL);
}

/* A port free on both families: listened on (dual-stack ::) and closed. */
static int free_port(void) {
  uv_tcp_t t;
  struct sockaddr_in6 sa;
  struct sockaddr_storage got;
  int len = sizeof got;
  uv_tcp_init(uv_default_loop(), &t);
  uv_ip6_addr("::", 0, &sa);
  uv_tcp_bind(&t, (struct sockaddr *)&sa, 0);
  uv_listen((uv_stream_t *)&t, 1, NULL);
  uv_tcp_getsockname(&t, (struct sockaddr *)&got, &len);
  uv_close((uv_handle_t *)&t, NULL);
  uv_run(uv_default_loop(), UV_RUN_NOWAIT);
  return ntohs(((struct sockaddr_in6 *)&got)->sin6_port);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  srv_port = server_port(server);
  add_port(srv_port);
  add_port(lp1);
  add_port(lp2);
  next();
}

int main(void) {
  lp1 = free_port();
  lp2 = free_port();
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", on_listening, NULL);
  return run_loop();
}
