/* C port of socket_ipc.js */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trace.h"

static char dir[256], sock_path[300], abstract[64];
static size_t abstract_len;
static cnet_server_t *server, *s2;

/* norm(): the temp dir prints as DIR, the abstract name as @ABSTRACT. */
static const char *norm(const char *s, size_t len) {
  static char out[2][1024];
  static int k;
  char *o = out[k ^= 1];
  size_t dl = strlen(dir), n = 0;
  size_t al = strlen(abstract + 1) + 1;
  for (size_t i = 0; i < len && n < sizeof out[0] - 16;) {
    if (len - i >= dl && memcmp(s + i, dir, dl) == 0) { memcpy(o + n, "DIR", 3); n += 3; i += dl; }
    else if (len - i >= al && s[i] == '@' && memcmp(s + i + 1, abstract + 1, al - 1) == 0) {
      memcpy(o + n, "@ABSTRACT", 9); n += 9; i += al;
    }
    else o[n++] = s[i++];
  }
  o[n] = '\0';
  return o;
}
static const char *normz(const char *s) { return s ? norm(s, strlen(s)) : ""; }

typedef void (*then_fn)(void);
static void on_attempt_failed(const cnet_event_t *ev, void *name) {
  T("%s connectionAttemptFailed %s   %s", (char *)name, normz(ev->u.attempt.ip), ev->u.attempt.error->code);
}
static void on_error(const cnet_event_t *ev, void *name) {
  const cnet_error_t *e = ev->u.error;
  printf("%s error %s ", (char *)name, e->code);
  const char *m = normz(e->message);
  put_json(m, strlen(m), false);
  printf(" %s %s \n", e->syscall, normz(e->address));
}
static then_fn then_after;
static void on_close(const cnet_event_t *ev, void *name) {
  T("%s close %s", (char *)name, B(ev->u.close.had_error));
  then_after();
}
static void try_connect(const char *name, const char *p, size_t len, then_fn then) {
  then_after = then;
  cnet_socket_t *c = cnet_connect(NULL, &(cnet_connect_opts){.path = p, .path_len = len}, NULL, NULL);
  cnet_on(c, CNET_EV_CONNECTION_ATTEMPT_FAILED, on_attempt_failed, (void *)name);
  cnet_on(c, CNET_EV_ERROR, on_error, (void *)name);
  cnet_on(c, CNET_EV_CLOSE, on_close, (void *)name);
}

static void s2_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end_string(ev->u.connection, "abstract hello", NULL, NULL, NULL);
}
static void rmrf(void) {
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) T("cleanup failed");
}
static void server_closed(cnet_server_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)err; (void)ctx;
  struct stat st;
  T("server closed %s", B(stat(sock_path, &st) == 0));
  rmrf();
}
static void s2_closed(cnet_server_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)err; (void)ctx;
  cnet_server_close(server, server_closed, NULL);
}
static void abstract_client_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(s2, s2_closed, NULL);
}
static void s2_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  const char *p = NULL;
  cnet_server_address(s2, NULL, &p, NULL);
  T("abstract listening %s", p && p[0] == '\0' ? "@ABSTRACT" : normz(p));
  cnet_socket_t *c = cnet_connect(NULL, &(cnet_connect_opts){.path = abstract, .path_len = abstract_len}, NULL, NULL);
  static const cnet_event_type evs[] = {CNET_EV_CONNECT, CNET_EV_DATA, CNET_EV_END, CNET_EV_CLOSE};
  watch(c, "abstract-client", evs, 4);
  cnet_on(c, CNET_EV_CLOSE, abstract_client_close, NULL);
}
static void abstract_echo(void) {
  s2 = cnet_create_server(NULL, NULL, s2_connection, NULL);
  cnet_server_listen(s2, &(cnet_listen_opts){.path = abstract, .path_len = abstract_len}, s2_listening, NULL);
}
static char p1[400], p2[400], p3[400];
static void step4(void) { try_connect("abstract-missing", abstract, abstract_len, abstract_echo); }
static void step3(void) { try_connect("toolong", p3, 0, step4); }
static void step2(void) { try_connect("notsock", p2, 0, step3); }

static void client_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  snprintf(p1, sizeof p1, "%s/missing.sock", dir);
  snprintf(p2, sizeof p2, "%s/file", dir);
  FILE *f = fopen(p2, "w");
  fputs("not a socket", f);
  fclose(f);
  snprintf(p3, sizeof p3, "%s/", dir);
  memset(p3 + strlen(p3), 'x', 120);
  try_connect("missing", p1, 0, step2);
}
static void client_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->emitter;
  cnet_address_t a;
  const char *ra = cnet_socket_remote_address(c), *la = cnet_socket_local_address(c);
  T("client connect %s %s %s %s", cnet_socket_ready_state(c), ra ? ra : "", la ? la : "",
    cnet_socket_address(c, &a) == 0 ? "{...}" : "{}");
  cnet_socket_end_string(c, "ping", NULL, NULL, NULL);
}
static void echo(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_write(ev->emitter, ev->u.data.bytes, ev->u.data.len, NULL, NULL);
}
static void end_back(const cnet_event_t *ev, void *ctx) { (void)ctx; cnet_socket_end(ev->emitter, NULL, NULL); }
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->u.connection;
  const char *ra = cnet_socket_remote_address(c);
  int rp = cnet_socket_remote_port(c);
  T("server connection %s %s %s", ra ? ra : "", rp < 0 ? "" : "PORT", cnet_socket_ready_state(c));
  cnet_on(c, CNET_EV_DATA, echo, NULL);
  cnet_on(c, CNET_EV_END, end_back, NULL);
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  const char *p = NULL;
  cnet_server_address(server, NULL, &p, NULL);
  T("server listening %s", normz(p));
  cnet_socket_t *c = cnet_connect_path(NULL, sock_path, client_connect, NULL);
  static const cnet_event_type evs[] = {CNET_EV_DATA, CNET_EV_END, CNET_EV_CLOSE};
  watch(c, "client", evs, 3);
  cnet_on(c, CNET_EV_CLOSE, client_close, NULL);
}

int main(void) {
  snprintf(dir, sizeof dir, "/tmp/cnet-ipc-XXXXXX");
  if (!mkdtemp(dir)) return 1;
  snprintf(sock_path, sizeof sock_path, "%s/echo.sock", dir);
  abstract_len = (size_t)snprintf(abstract, sizeof abstract, "%ccnet-%d", 0, (int)getpid());
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_server_listen_path(server, sock_path, on_listening, NULL);
  return run_loop();
}
