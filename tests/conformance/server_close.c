/* C port of server_close.js */
#include <stdlib.h>

#include "server_trace.h"


/* Client lines, held and printed by client name (stable). */
static char held[32][48];
static int nheld;
static void hold_line(const char *name, const char *what) {
  snprintf(held[nheld++], sizeof held[0], "%s %s", name, what);
}
static int name_cmp(const char *a, const char *b) {
  size_t la = strcspn(a, " "), lb = strcspn(b, " ");
  int c = strncmp(a, b, la < lb ? la : lb);
  return c ? c : (int)la - (int)lb;
}
static void flush(void) {
  for (int i = 1; i < nheld; i++)
    for (int j = i; j > 0 && name_cmp(held[j - 1], held[j]) > 0; j--) {
      char t[48];
      memcpy(t, held[j], sizeof t);
      memcpy(held[j], held[j - 1], sizeof t);
      memcpy(held[j - 1], t, sizeof t);
    }
  for (int i = 0; i < nheld; i++) T("%s", held[i]);
  nheld = 0;
}
/* A client's lines go to its own step's list, as each JS step has its own
 * `held` array: what comes after that step printed is dropped. */
typedef struct { const char *name; size_t step; } client_ctx;
static void client_event(const cnet_event_t *ev, void *ctx) {
  client_ctx *cc = ctx;
  if (cc->step != cur) return;
  if (ev->type == CNET_EV_ERROR) {
    char what[40];
    snprintf(what, sizeof what, "error %s", ev->u.error->code);
    hold_line(cc->name, what);
  } else {
    hold_line(cc->name, cnet_event_name(ev->type));
  }
}
static cnet_socket_t *client(int port, const char *name) {
  static client_ctx ctxs[16];
  static size_t nctx;
  client_ctx *cc = &ctxs[nctx++];
  *cc = (client_ctx){name, cur};
  cnet_socket_t *c = cnet_connect_port(NULL, port, "127.0.0.1", NULL, NULL);
  static const cnet_event_type evs[] = {CNET_EV_CONNECT, CNET_EV_END, CNET_EV_CLOSE, CNET_EV_ERROR};
  for (int i = 0; i < 4; i++) cnet_on(c, evs[i], client_event, cc);
  cnet_socket_resume(c);
  return c;
}

/* ---- live ---- */
static cnet_server_t *live;
static cnet_socket_t *live_conn;
static void live_count(cnet_server_t *s, const cnet_error_t *err, size_t n, void *ctx) {
  (void)s; (void)ctx;
  T("live getConnections %s %zu", errN(err), n);
}
static void live_still(cnet_server_t *s, const cnet_error_t *err, size_t n, void *ctx) {
  (void)s; (void)err; (void)ctx;
  T("live connections still %zu", n);
  cnet_socket_destroy(live_conn, NULL);
}
static void late_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_get_connections(live, live_still, NULL);
}
static void live_closed(cnet_server_t *s, const cnet_error_t *e, void *ctx) {
  (void)s; (void)ctx;
  T("live close cb %s", errN(e));
  flush();
  next();
}
static void live_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  live_conn = ev->u.connection;
  T("live connection");
  cnet_server_get_connections(live, live_count, NULL);
  T("live after getConnections");
  cnet_server_close(live, live_closed, NULL);
  T("live closing %s %s", B(cnet_server_listening(live)), addr(live));
  cnet_socket_t *late = client(cnet_socket_local_port(live_conn), "late");
  cnet_on(late, CNET_EV_CLOSE, late_close, NULL);
}
static void live_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  client(server_port(live), "first");
}
static void step_live(void) {
  live = watch_server(cnet_create_server(NULL, NULL, NULL, NULL), "live");
  cnet_on(live, CNET_EV_CONNECTION, live_connection, NULL);
  cnet_server_listen_port(live, 0, "127.0.0.1", live_listening, NULL);
}

/* ---- max ---- */
static cnet_server_t *max;
static cnet_socket_t *max_first;
static int max_port, max_left;
static void max_done(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  if (--max_left == 0) { flush(); next(); }
}
static void max_first_closed(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_on(client(max_port, "third"), CNET_EV_CLOSE, max_done, NULL);
}
static void second_closed(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  max_left = 2;
  cnet_once(max, CNET_EV_CLOSE, max_done, NULL);
  cnet_on(max_first, CNET_EV_CLOSE, max_first_closed, NULL);
  cnet_socket_destroy(max_first, NULL);
}
static void max_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *conn = ev->u.connection;
  T("max connection %s", cnet_socket_remote_address(conn));
  if (!max_first) {
    max_first = conn;
    cnet_on(client(max_port, "second"), CNET_EV_CLOSE, second_closed, NULL);
  } else {
    cnet_socket_end(conn, NULL, NULL);
    cnet_server_close(max, NULL, NULL);
  }
}
static void max_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  max_port = server_port(max);
  client(max_port, "first");
}
static void step_max(void) {
  max = watch_server(cnet_create_server(NULL, NULL, NULL, NULL), "max");
  /* Node's default maxConnections and dropMaxConnection are undefined */
  T("max default %s %s", cnet_server_max_connections(max) < 0 ? "" : "?",
    cnet_server_drop_max_connection(max) ? "?" : "");
  cnet_server_set_max_connections(max, 1);
  cnet_server_set_drop_max_connection(max, true);
  T("max set %lld %s", (long long)cnet_server_max_connections(max), B(cnet_server_drop_max_connection(max)));
  cnet_on(max, CNET_EV_CONNECTION, max_connection, NULL);
  cnet_server_listen_port(max, 0, "127.0.0.1", max_listening, NULL);
}

/* ---- zero ---- */
static cnet_server_t *zero;
static void zero_connection(const cnet_event_t *ev, void *ctx) { (void)ev; (void)ctx; T("zero connection"); }
static void zero_closed(cnet_server_t *s, const cnet_error_t *e, void *ctx) {
  (void)s; (void)e; (void)ctx;
  flush();
  next();
}
static void z2_closed(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(zero, zero_closed, NULL);
}
static void z1_closed(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_on(client(server_port(zero), "z2"), CNET_EV_CLOSE, z2_closed, NULL);
}
static void zero_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_on(client(server_port(zero), "z1"), CNET_EV_CLOSE, z1_closed, NULL);
}
static void step_zero(void) {
  zero = watch_server(cnet_create_server(NULL, NULL, zero_connection, NULL), "zero");
  cnet_server_set_max_connections(zero, 0);
  cnet_server_listen_port(zero, 0, "127.0.0.1", zero_listening, NULL);
}

/* ---- dispose ---- */
static void disposed(cnet_server_t *s, const cnet_error_t *e, void *ctx) {
  (void)e; (void)ctx;
  T("dispose resolved %s %s", B(cnet_server_listening(s)), addr(s));
  next();
}
static void dispose_listening(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_server_async_dispose(ev->emitter, disposed, NULL);
}
static void idle_disposed(cnet_server_t *s, const cnet_error_t *e, void *ctx) {
  (void)e; (void)ctx;
  T("dispose idle resolved %s", B(cnet_server_listening(s)));
  cnet_server_listen_port(s, 0, "127.0.0.1", dispose_listening, NULL);
}
static void step_dispose(void) {
  cnet_server_t *s = watch_server(cnet_create_server(NULL, NULL, NULL, NULL), "dispose");
  cnet_server_async_dispose(s, idle_disposed, NULL);
}

/* ---- unref: the loop ends with the server still listening ---- */
static cnet_server_t *unrefd;
static void unref_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  T("unref listen cb %s", B(cnet_server_listening(unrefd)));
}
static void step_unref(void) {
  unrefd = watch_server(cnet_create_server(NULL, NULL, NULL, NULL), "unref");
  cnet_server_unref(unrefd);
  cnet_server_listen_port(unrefd, 0, "127.0.0.1", unref_listening, NULL);
}

int main(void) {
  step_fn all[] = {step_live, step_max, step_zero, step_dispose, step_unref};
  set_steps(all, sizeof all / sizeof all[0]);
  next();
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  /* Node's process exits here; C frees what is left, silently. */
  cnet_remove_all_listeners(unrefd, CNET_EV_CLOSE);
  cnet_server_close(unrefd, NULL, NULL);
  return run_loop();
}
