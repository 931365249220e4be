/* C port of server_flags.js */
#include "server_trace.h"


/* ---- ipv6Only ---- */
static cnet_server_t *v6, *v4;
static void v6_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("v6only connection %s", cnet_socket_remote_address(ev->u.connection));
  cnet_socket_end(ev->u.connection, NULL, NULL);
}
static void v6_client_closed(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(v4, NULL, NULL);
  cnet_server_close(v6, next_cb, NULL);
}
static void v4_listen_cb(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  T("v4-same-port same %s", B(server_port(v4) == server_port(v6)));
  cnet_socket_t *c = cnet_connect_port(NULL, server_port(v6), "::1", NULL, NULL);
  cnet_on(c, CNET_EV_CLOSE, v6_client_closed, NULL);
  cnet_socket_resume(c);
}
static void v4_connect_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("v6only ipv4 connect %s", errN(ev->u.error));
  v4 = watch_server(cnet_create_server(NULL, NULL, NULL, NULL), "v4-same-port");
  cnet_server_listen_port(v4, server_port(v6), "127.0.0.1", v4_listen_cb, NULL);
}
static void v6_listen_cb(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  T("v6only listen cb %s", addr(v6));
  cnet_socket_t *c = cnet_connect_port(NULL, server_port(v6), "127.0.0.1", NULL, NULL);
  cnet_on(c, CNET_EV_ERROR, v4_connect_error, NULL);
}
static void step_v6only(void) {
  v6 = watch_server(cnet_create_server(NULL, NULL, v6_connection, NULL), "v6only");
  cnet_server_listen(v6, &(cnet_listen_opts){.port = 0, .host = "::", .ipv6_only = true}, v6_listen_cb, NULL);
}

/* ---- reusePort ---- */
static cnet_server_t *ra, *rb, *plain;
static void plain_error(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(plain, NULL, NULL);
  cnet_server_close(rb, NULL, NULL);
  cnet_server_close(ra, next_cb, NULL);
}
static void rb_listen_cb(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  T("reuse-b same port %s", B(server_port(rb) == server_port(ra)));
  plain = watch_server(cnet_create_server(NULL, NULL, NULL, NULL), "plain");
  cnet_on(plain, CNET_EV_ERROR, plain_error, NULL);
  cnet_server_listen(plain, &(cnet_listen_opts){.port = server_port(ra), .host = "127.0.0.1"}, NULL, NULL);
}
static void ra_listen_cb(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  rb = watch_server(cnet_create_server(NULL, NULL, NULL, NULL), "reuse-b");
  cnet_server_listen(rb, &(cnet_listen_opts){.port = server_port(ra), .host = "127.0.0.1", .reuse_port = true},
                     rb_listen_cb, NULL);
}
static void step_reuse(void) {
  ra = watch_server(cnet_create_server(NULL, NULL, NULL, NULL), "reuse-a");
  cnet_server_listen(ra, &(cnet_listen_opts){.port = 0, .host = "127.0.0.1", .reuse_port = true}, ra_listen_cb, NULL);
}

/* ---- exclusive ---- */
static void excl_listen_cb(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("exclusive listen cb %s", addr(ev->emitter));
  cnet_server_close(ev->emitter, NULL, NULL);
}
static void step_exclusive(void) {
  cnet_server_t *s = watch_server(cnet_create_server(NULL, NULL, NULL, NULL), "exclusive");
  cnet_server_listen(s, &(cnet_listen_opts){.port = 0, .host = "127.0.0.1", .exclusive = true}, excl_listen_cb, NULL);
}

int main(void) {
  step_fn all[] = {step_v6only, step_reuse, step_exclusive};
  set_steps(all, sizeof all / sizeof all[0]);
  next();
  return run_loop();
}
