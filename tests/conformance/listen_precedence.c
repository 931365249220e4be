/* C port of listen_precedence.js. A zeroed port is "no port" in C, so
 * Node's { path } is { .port = 0, .path } here. */
#include <stdlib.h>
#include <unistd.h>

#include "server_trace.h"

static char dir[64] = "/tmp/cnet-prec-XXXXXX";
static int port;

static const char *kind(cnet_server_t *s) {
  const char *path = NULL;
  cnet_address_t a;
  if (cnet_server_address(s, &a, &path, NULL) == 0 && path) return "path";
  return addr(s);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  T("%s on %s", (const char *)ctx, kind(ev->emitter));
  cnet_server_close(ev->emitter, next_cb, NULL);
}

static void try_listen(const char *name, cnet_listen_opts o) {
  cnet_server_t *s = watch_server(cnet_create_server(NULL, NULL, NULL, NULL), name);
  if (cnet_server_listen(s, &o, on_listening, (void *)name) < 0) {
    T("%s threw %s %s", name, cnet_last_error()->name, thrown());
    cnet_remove_all_listeners(s, CNET_EV_CLOSE); /* Node's is never closed: no trace of it */
    cnet_server_close(s, NULL, NULL);
    next();
  }
}

static void probe_listening(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  port = server_port(ev->emitter);
  cnet_server_close(ev->emitter, next_cb, NULL);
}
static void step_probe(void) {
  cnet_server_listen_port(cnet_create_server(NULL, NULL, NULL, NULL), 0, "127.0.0.1",
                          probe_listening, NULL);
}
static void step_bad_port_path(void) {
  try_listen("bad port and path", (cnet_listen_opts){.port = -1, .path = "a.sock"});
}
static void step_port_path(void) {
  try_listen("port and path", (cnet_listen_opts){.port = port, .host = "127.0.0.1", .path = "a.sock"});
}
static void step_path(void) { try_listen("port 0 and path", (cnet_listen_opts){.path = "a.sock"}); }
static void step_fd(void) { try_listen("fd -1", (cnet_listen_opts){.has_fd = true, .fd = -1}); }
static void step_fd_path(void) {
  try_listen("fd -1 and path", (cnet_listen_opts){.has_fd = true, .fd = -1, .path = "a.sock"});
}
static void step_fd_port(void) {
  try_listen("fd -1 and port",
             (cnet_listen_opts){.has_fd = true, .fd = -1, .port = port, .host = "127.0.0.1"});
}
static void step_fd_bad_port(void) {
  try_listen("bad port and fd -1", (cnet_listen_opts){.has_fd = true, .fd = -1, .port = 65536});
}
static void step_end(void) { rmdir(dir); }

int main(void) {
  if (!mkdtemp(dir) || chdir(dir) != 0) return 1;
  static const step_fn all[] = {step_probe, step_bad_port_path, step_port_path, step_path, step_fd,
                                step_fd_path, step_fd_port, step_fd_bad_port, step_end};
  set_steps(all, sizeof all / sizeof all[0]);
  next();
  return uv_run(uv_default_loop(), UV_RUN_DEFAULT);
}
