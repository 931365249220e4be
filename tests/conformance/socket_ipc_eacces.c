/* C port of socket_ipc_eacces.js */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trace.h"

static char dir[128], sock_path[160];
static cnet_server_t *server;

static const char *norm(const char *s) {
  static char out[2][512];
  static int k;
  char *o = out[k ^= 1];
  size_t dl = strlen(dir), n = 0;
  for (size_t i = 0; s && s[i] && n < sizeof out[0] - 4;) {
    if (strncmp(s + i, dir, dl) == 0) { memcpy(o + n, "DIR", 3); n += 3; i += dl; }
    else o[n++] = s[i++];
  }
  o[n] = '\0';
  return o;
}

static void on_attempt_failed(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("connectionAttemptFailed %s %s", norm(ev->u.attempt.ip), ev->u.attempt.error->code);
}
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  const cnet_error_t *e = ev->u.error;
  printf("error %s ", e->code);
  const char *m = norm(e->message);
  put_json(m, strlen(m), false);
  printf(" %s %s\n", e->syscall, norm(e->address));
}
static void closed(cnet_server_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)err; (void)ctx;
  rmdir(dir);
  T("done");
}
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("close %s", B(ev->u.close.had_error));
  cnet_server_close(server, closed, NULL);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  T("unexpected connection");
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  chmod(sock_path, 0700);
  if (seteuid(65534) != 0) return;
  cnet_socket_t *c = cnet_connect_path(NULL, sock_path, NULL, NULL);
  if (seteuid(0) != 0) return;
  cnet_on(c, CNET_EV_CONNECTION_ATTEMPT_FAILED, on_attempt_failed, NULL);
  cnet_on(c, CNET_EV_ERROR, on_error, NULL);
  cnet_on(c, CNET_EV_CLOSE, on_close, NULL);
}

int main(void) {
  if (getuid() != 0) {
    T("SKIP: needs root to change the effective user");
    return 77;
  }
  snprintf(dir, sizeof dir, "/tmp/cnet-eacces-XXXXXX");
  if (!mkdtemp(dir)) return 1;
  chmod(dir, 0755);
  snprintf(sock_path, sizeof sock_path, "%s/s.sock", dir);
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_server_listen_path(server, sock_path, on_listening, NULL);
  return run_loop();
}
