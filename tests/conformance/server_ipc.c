/* C port of server_ipc.js */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server_trace.h"

static char dir[64] = "/tmp/cnet-ipc-XXXXXX";
static char abstract_name[64];
static size_t abstract_len;

static const char *str(const char *s) { return s ? s : ""; }
static bool exists(const char *p) { struct stat st; return stat(p, &st) == 0; }
/* address() === p, or null */
static const char *addr_is(cnet_server_t *s, const char *p, size_t len) {
  const char *got = NULL;
  size_t got_len = 0;
  if (cnet_server_address(s, NULL, &got, &got_len) < 0) return "null";
  return B(got && got_len == len && memcmp(got, p, len) == 0 && got[len] == '\0');
}

/* ---- file ---- */
static cnet_server_t *file;
static void file_conn(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->u.connection;
  T("file connection %s %s %s", str(cnet_socket_remote_address(c)),
    cnet_socket_remote_port(c) < 0 ? "" : "?", str(cnet_socket_local_address(c)));
  cnet_socket_end_string(c, "bye", NULL, NULL, NULL);
}
static void file_closed(cnet_server_t *s, const cnet_error_t *e, void *ctx) {
  (void)e; (void)ctx;
  T("file closed %s %s %s", B(exists("srv.sock")), addr_is(s, "srv.sock", 8), B(cnet_server_listening(s)));
  next();
}
static void file_client_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("file client data %.*s", (int)ev->u.data.len, ev->u.data.bytes);
}
static void file_client_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(file, file_closed, NULL);
}
static void file_listen_cb(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  struct stat st;
  stat("srv.sock", &st);
  T("file listen cb %s %s %s", addr_is(file, "srv.sock", 8), B(S_ISSOCK(st.st_mode)),
    B((st.st_mode & 0666) == 0666));
  cnet_socket_t *c = cnet_connect_path(NULL, "srv.sock", NULL, NULL);
  cnet_on(c, CNET_EV_DATA, file_client_data, NULL);
  cnet_on(c, CNET_EV_CLOSE, file_client_close, NULL);
}
static void step_file(void) {
  file = watch_server(cnet_create_server(NULL, NULL, file_conn, NULL), "file");
  cnet_server_listen(file, &(cnet_listen_opts){.path = "srv.sock", .readable_all = true, .writable_all = true},
                     file_listen_cb, NULL);
}

/* ---- stale ---- */
static void stale_relisten(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("stale relisten cb %s", addr_is(ev->emitter, "stale.sock", 10));
  cnet_server_close(ev->emitter, next_cb, NULL);
}
static void stale_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_server_t *s = ev->emitter;
  T("stale after error %s %s %s", B(exists("stale.sock")), B(cnet_server_listening(s)), addr_is(s, "stale.sock", 10));
  unlink("stale.sock");
  cnet_server_listen_path(s, "stale.sock", stale_relisten, NULL);
}
static void step_stale(void) {
  fclose(fopen("stale.sock", "w"));
  cnet_server_t *s = watch_server(cnet_create_server(NULL, NULL, NULL, NULL), "stale");
  cnet_on(s, CNET_EV_ERROR, stale_error, NULL);
  cnet_server_listen_path(s, "stale.sock", NULL, NULL);
}

/* ---- full ---- */
static char full_name[109];
static void full_closed(cnet_server_t *s, const cnet_error_t *e, void *ctx) {
  (void)s; (void)e; (void)ctx;
  T("full closed %s", B(exists(full_name)));
  next();
}
static void full_listen_cb(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("full listen cb %s %s", addr_is(ev->emitter, full_name, 108), B(exists(full_name)));
  cnet_server_close(ev->emitter, full_closed, NULL);
}
static void step_full(void) {
  memset(full_name, 'f', 108);
  cnet_server_t *s = watch_server(cnet_create_server(NULL, NULL, NULL, NULL), "full");
  cnet_server_listen_path(s, full_name, full_listen_cb, NULL);
}

/* ---- abstract ---- */
static cnet_server_t *abs_srv;
static void abs_conn(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("abstract connection");
  cnet_socket_end(ev->u.connection, NULL, NULL);
}
static void abs_closed(cnet_server_t *s, const cnet_error_t *e, void *ctx) {
  (void)e; (void)ctx;
  T("abstract closed %s", addr_is(s, abstract_name, abstract_len));
  next();
}
static void abs_client_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(abs_srv, abs_closed, NULL);
}
static void abs_listen_cb(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  T("abstract listen cb %s", addr_is(abs_srv, abstract_name, abstract_len));
  cnet_socket_t *c = cnet_connect(NULL, &(cnet_connect_opts){.path = abstract_name, .path_len = abstract_len}, NULL, NULL);
  cnet_socket_resume(c);
  cnet_on(c, CNET_EV_CLOSE, abs_client_close, NULL);
}
static void step_abstract(void) {
  abstract_len = (size_t)snprintf(abstract_name, sizeof abstract_name, "%ccnet-ipc-%d", 0, (int)getpid());
  abs_srv = watch_server(cnet_create_server(NULL, NULL, abs_conn, NULL), "abstract");
  if (cnet_server_listen(abs_srv, &(cnet_listen_opts){.path = "\0abc", .path_len = 4, .readable_all = true}, NULL, NULL) < 0)
    T("abstract readableAll threw %s", thrown());
  if (cnet_server_listen(abs_srv, &(cnet_listen_opts){.path = "\0abc", .path_len = 4, .writable_all = true}, NULL, NULL) < 0)
    T("abstract writableAll threw %s", thrown());
  cnet_server_listen(abs_srv, &(cnet_listen_opts){.path = abstract_name, .path_len = abstract_len}, abs_listen_cb, NULL);
}

static void step_cleanup(void) {
  if (chdir("/tmp") == 0) rmdir(dir);
}

int main(void) {
  if (!mkdtemp(dir) || chdir(dir) != 0) return 1;
  step_fn all[] = {step_file, step_stale, step_full, step_abstract, step_cleanup};
  set_steps(all, sizeof all / sizeof all[0]);
  next();
  return run_loop();
}
