/* C port of server_listen.js */
#include "server_trace.h"

static void next_ev(const cnet_event_t *ev, void *ctx) { (void)ev; (void)ctx; next(); }
static void attempt(const char *what, int rc) {
  if (rc < 0) T("%s threw %s", what, thrown()); else T("%s ok", what);
}

/* ---- any ---- */
static cnet_server_t *any;
static void any_closed(cnet_server_t *s, const cnet_error_t *e, void *ctx) {
  (void)e; (void)ctx;
  T("any close cb %s %s", addr(s), B(cnet_server_listening(s)));
  next();
}
static void any_sock_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(any, any_closed, NULL);
}
static void any_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *sock = ev->u.connection;
  T("any connection %s %s", cnet_socket_remote_family(sock), cnet_socket_local_address(sock));
  cnet_on(sock, CNET_EV_CLOSE, any_sock_close, NULL);
}
static void any_client_connected(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("any ipv4 client connected");
  cnet_socket_destroy(ev->emitter, NULL);
}
static void any_listen_cb(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  T("any listen cb %s %s", addr(any), B(cnet_server_listening(any)));
  cnet_connect_port(NULL, server_port(any), "127.0.0.1", any_client_connected, NULL);
  cnet_once(any, CNET_EV_CONNECTION, any_connection, NULL);
}
static void step_any(void) {
  any = watch_server(cnet_create_server(NULL, NULL, NULL, NULL), "any");
  T("any before %s %s", addr(any), B(cnet_server_listening(any)));
  cnet_server_listen_port(any, 0, NULL, any_listen_cb, NULL);
  T("any after listen() %s %s", addr(any), B(cnet_server_listening(any)));
}

/* ---- v4 ---- */
static cnet_server_t *v4, *busy;
static void busy_any_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_server_close(ev->emitter, NULL, NULL);
  cnet_server_close(v4, NULL, NULL);
  cnet_on(v4, CNET_EV_CLOSE, next_ev, NULL);
}
static void busy_retry_cb(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  T("busy retry listen cb %s", addr(busy));
  cnet_server_close(busy, NULL, NULL);
  cnet_server_t *any_busy = watch_server(cnet_create_server(NULL, NULL, NULL, NULL), "busy-any");
  cnet_on(any_busy, CNET_EV_ERROR, busy_any_error, NULL);
  cnet_server_listen_port(any_busy, server_port(v4), NULL, NULL, NULL);
}
static void busy_error(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  T("busy listening %s %s", B(cnet_server_listening(busy)), addr(busy));
  cnet_server_listen_port(busy, 0, "127.0.0.1", busy_retry_cb, NULL);
}
static void v4_listen_cb(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  T("v4 listen cb %s", addr(v4));
  attempt("v4 listen again", cnet_server_listen_port(v4, 0, "127.0.0.1", NULL, NULL));
  busy = watch_server(cnet_create_server(NULL, NULL, NULL, NULL), "busy");
  cnet_on(busy, CNET_EV_ERROR, busy_error, NULL);
  cnet_server_listen_port(busy, server_port(v4), "127.0.0.1", NULL, NULL);
}
static void step_v4(void) {
  v4 = watch_server(cnet_create_server(NULL, NULL, NULL, NULL), "v4");
  cnet_server_listen(v4, &(cnet_listen_opts){.port = 0, .host = "127.0.0.1", .backlog = 0}, v4_listen_cb, NULL);
  T("v4 after listen() %s %s", B(cnet_server_listening(v4)), addr(v4));
}

/* ---- v6 ---- */
static void v6_listen_cb(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("v6 listen cb %s", addr(ev->emitter));
  cnet_server_close(ev->emitter, next_cb, NULL);
}
static void step_v6(void) {
  cnet_server_t *s = watch_server(cnet_create_server(NULL, NULL, NULL, NULL), "v6");
  cnet_server_listen(s, &(cnet_listen_opts){.port = 0, .host = "::1", .backlog = 5}, v6_listen_cb, NULL);
}

/* ---- name ---- */
/* dns.lookup('localhost')'s first answer (getaddrinfo, as Node's), which the
 * relisten must be on; what it is depends on the machine, so it is not printed. */
static char name_first[CNET_ADDRSTRLEN];
static const char *name_family;
static uv_getaddrinfo_t name_gai;
static void name_relisten_cb(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_address_t a;
  cnet_server_address(ev->emitter, &a, NULL, NULL);
  if (strcmp(a.address, name_first) == 0 && strcmp(a.family, name_family) == 0)
    T("name relisten cb dns.lookup's first address %s", P(a.port));
  else
    T("name relisten cb %s %s %s", a.address, a.family, P(a.port));
  cnet_server_close(ev->emitter, next_cb, NULL);
}
static void name_looked_up(uv_getaddrinfo_t *req, int status, struct addrinfo *res) {
  cnet_server_t *s = req->data;
  if (status == 0 && res->ai_family == AF_INET6) {
    uv_ip6_name((struct sockaddr_in6 *)res->ai_addr, name_first, sizeof name_first);
    name_family = "IPv6";
  } else if (status == 0) {
    uv_ip4_name((struct sockaddr_in *)res->ai_addr, name_first, sizeof name_first);
    name_family = "IPv4";
  } else {
    name_family = uv_err_name(status);
  }
  uv_freeaddrinfo(res);
  cnet_server_listen(s, &(cnet_listen_opts){.port = 0, .host = "localhost"}, name_relisten_cb, NULL);
  cnet_server_release(s);
}
static void name_closed(cnet_server_t *s, const cnet_error_t *e, void *ctx) {
  (void)e; (void)ctx;
  name_gai.data = cnet_server_retain(s); /* past its `close`, as Node's object is */
  uv_getaddrinfo(uv_default_loop(), &name_gai, name_looked_up, "localhost", NULL,
                 &(struct addrinfo){.ai_socktype = SOCK_STREAM});
}
static void name_cb1(const cnet_event_t *ev, void *ctx) { (void)ev; (void)ctx; T("name listen cb1"); }
static void name_cb2(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("name listen cb2 %s", addr(ev->emitter));
  cnet_server_close(ev->emitter, name_closed, NULL);
}
static void step_name(void) {
  cnet_server_t *s = watch_server(cnet_create_server(NULL, NULL, NULL, NULL), "name");
  cnet_server_listen_port(s, 0, "localhost", name_cb1, NULL);
  T("name pending %s %s", B(cnet_server_listening(s)), addr(s));
  cnet_server_listen_port(s, 0, "127.0.0.1", name_cb2, NULL);
}

/* ---- again ---- */
static int rounds;
static void again_round(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("again round %d %s", rounds, addr(ev->emitter));
  cnet_server_close(ev->emitter, NULL, NULL);
}
static void again_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  if (++rounds < 3) cnet_server_listen_port(ev->emitter, 0, "127.0.0.1", again_round, NULL);
  else next();
}
static void again_first(const cnet_event_t *ev, void *ctx) { (void)ctx; cnet_server_close(ev->emitter, NULL, NULL); }
static void step_again(void) {
  cnet_server_t *s = watch_server(cnet_create_server(NULL, NULL, NULL, NULL), "again");
  cnet_on(s, CNET_EV_CLOSE, again_close, NULL);
  cnet_server_listen_port(s, 0, "127.0.0.1", again_first, NULL);
}

/* ---- bad ---- */
static void bad_cb(cnet_server_t *s, const cnet_error_t *e, void *ctx) {
  (void)s;
  T("bad close cb%d %s", (int)(intptr_t)ctx, errN(e));
}
static void bad_done(uv_check_t *h) { uv_close((uv_handle_t *)h, NULL); next(); }
static uv_check_t immediate;
static void bad_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  uv_check_init(uv_default_loop(), &immediate);
  uv_check_start(&immediate, bad_done);
}
static void step_bad(void) {
  cnet_server_t *s = watch_server(cnet_create_server(NULL, NULL, NULL, NULL), "bad");
  attempt("bad port 65536", cnet_server_listen_port(s, 65536, NULL, NULL, NULL));
  attempt("bad port -1", cnet_server_listen(s, &(cnet_listen_opts){.port = -1}, NULL, NULL));
  T("bad listening %s", B(cnet_server_listening(s)));
  cnet_server_close(s, bad_cb, (void *)1);
  cnet_server_close(s, bad_cb, (void *)2);
  cnet_once(s, CNET_EV_CLOSE, bad_close, NULL);
}

int main(void) {
  step_fn all[] = {step_any, step_v4, step_v6, step_name, step_again, step_bad};
  set_steps(all, sizeof all / sizeof all[0]);
  next();
  return run_loop();
}
