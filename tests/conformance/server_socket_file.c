/* C port of server_socket_file.js */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server_trace.h"

static char dir[64] = "/tmp/cnet-sockfile-XXXXXX";

static const char *mode(const char *p) {
  static char buf[32];
  struct stat st;
  lstat(p, &st);
  snprintf(buf, sizeof buf, "%s %o", S_ISSOCK(st.st_mode) ? "socket" : "other", st.st_mode & 0777);
  return buf;
}
static bool exists(const char *p) { struct stat st; return stat(p, &st) == 0; }

/* ---- modes ---- */
typedef struct {
  mode_t umask;
  bool readable_all, writable_all;
} mode_case;
static const mode_case mode_cases[] = {
  {022, false, false}, {077, false, false}, {077, true, false},
  {077, false, true}, {027, true, true}, {000, true, true},
};
static const mode_case *mc;
static char name[96];

static void mode_closed(cnet_server_t *s, const cnet_error_t *e, void *ctx) {
  (void)s; (void)e; (void)ctx;
  T("%s closed, exists %s", name, B(exists("m.sock")));
  next();
}
static void mode_listening(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("%s %s", name, mode("m.sock"));
  cnet_server_close(ev->emitter, mode_closed, NULL);
}
static void step_mode(void) {
  const mode_case *c = mc++;
  const char *opts = c->readable_all && c->writable_all ? "{\"readableAll\":true,\"writableAll\":true}"
                     : c->readable_all                  ? "{\"readableAll\":true}"
                     : c->writable_all                  ? "{\"writableAll\":true}"
                                                        : "{}";
  snprintf(name, sizeof name, "umask %o %s", c->umask, opts);
  umask(c->umask);
  cnet_server_t *s = cnet_create_server(NULL, NULL, NULL, NULL);
  cnet_server_listen(s, &(cnet_listen_opts){.path = "m.sock", .readable_all = c->readable_all,
                                            .writable_all = c->writable_all},
                     mode_listening, NULL);
}

/* ---- symlinks ---- */
static const char *const link_names[] = {"symlink to a file", "dangling symlink"};
static const char *const link_targets[] = {"target.txt", "nowhere.sock"};
static int li;
static const char *target;

static void link_closed(cnet_server_t *s, const cnet_error_t *e, void *ctx) {
  (void)s; (void)e; (void)ctx;
  next();
}
static void link_error(const cnet_event_t *ev, void *ctx) {
  struct stat st;
  lstat("l.sock", &st);
  T("%s link kept %s target %s", (const char *)ctx, B(S_ISLNK(st.st_mode)),
    exists(target) ? mode(target) : "absent");
  unlink("l.sock");
  if (exists(target)) unlink(target);
  cnet_server_close(ev->emitter, link_closed, NULL);
}
static void step_link(void) {
  const char *n = link_names[li];
  target = link_targets[li++];
  umask(022);
  if (strcmp(target, "target.txt") == 0) {
    FILE *f = fopen(target, "w");
    fputs("mine", f);
    fclose(f);
  }
  symlink(target, "l.sock");
  cnet_server_t *s = watch_server(cnet_create_server(NULL, NULL, NULL, NULL), n);
  cnet_on(s, CNET_EV_ERROR, link_error, (void *)n);
  cnet_server_listen(s, &(cnet_listen_opts){.path = "l.sock", .readable_all = true, .writable_all = true},
                     NULL, NULL);
}

static void step_done(void) {
  if (chdir("/tmp") == 0) rmdir(dir);
}

int main(void) {
  if (!mkdtemp(dir) || chdir(dir) != 0) return 1;
  mc = mode_cases;
  static const step_fn all[] = {step_mode, step_mode, step_mode, step_mode, step_mode, step_mode,
                                step_link, step_link, step_done};
  set_steps(all, sizeof all / sizeof all[0]);
  next();
  return run_loop();
}
