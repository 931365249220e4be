/* C port of sock_destroy_writes.js */
#include <stdlib.h>

#include "trace.h"

static char *big;
#define BIG ((size_t)16 << 20)
static cnet_server_t *server;
static cnet_socket_t *conns[8];
static int nconns;
static int r; /* the round */
static const char *const names[] = {"destroy()", "destroy(err)", "resetAndDestroy()"};
#define ROUNDS 3

static void on_conn(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_pause(ev->u.connection);
  conns[nconns++] = ev->u.connection;
}

static void say_err(const char *what, const cnet_error_t *e) {
  printf("%s %s ", names[r], what);
  put_err(e);
  T("");
}
static void cb_big(cnet_socket_t *s, const cnet_error_t *e, void *ctx) { (void)s; (void)ctx; say_err("cb big", e); }
static void cb_a(cnet_socket_t *s, const cnet_error_t *e, void *ctx) { (void)s; (void)ctx; say_err("cb a", e); }
static void cb_end(cnet_socket_t *s, const cnet_error_t *e, void *ctx) { (void)s; (void)ctx; say_err("end cb", e); }

static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *s = ev->emitter;
  cnet_socket_write_nocopy(s, big, BIG, cb_big, NULL);
  cnet_socket_write_string(s, "a", NULL, cb_a, NULL);
  cnet_socket_end(s, cb_end, NULL);
  if (r == 0) cnet_socket_destroy(s, NULL);
  if (r == 1) cnet_socket_destroy(s, &(cnet_error_t){.name = "Error", .code = "EBOOM", .message = "boom"});
  if (r == 2) cnet_socket_reset_and_destroy(s);
  say_err("destroyed, errored", cnet_socket_errored(s));
}
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  say_err("error", ev->u.error);
}
static void server_closed(cnet_server_t *s, const cnet_error_t *e, void *ctx) {
  (void)s; (void)e; (void)ctx;
  T("server closed");
}
static void round_(void);
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  printf("%s close %s errored ", names[r], B(ev->u.close.had_error));
  put_err(cnet_socket_errored(ev->emitter));
  T("");
  r++;
  round_();
}
static void round_(void) {
  if (r == ROUNDS) {
    for (int i = 0; i < nconns; i++) cnet_socket_destroy(conns[i], NULL);
    cnet_server_close(server, server_closed, NULL);
    return;
  }
  cnet_socket_t *s = cnet_connect_port(NULL, server_port(server), "127.0.0.1", on_connect, NULL);
  cnet_on(s, CNET_EV_ERROR, on_error, NULL);
  cnet_on(s, CNET_EV_CLOSE, on_close, NULL);
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  round_();
}

int main(void) {
  big = malloc(BIG);
  memset(big, 'x', BIG);
  server = cnet_create_server(NULL, NULL, on_conn, NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", on_listening, NULL);
  int rc = run_loop();
  free(big);
  return rc;
}
