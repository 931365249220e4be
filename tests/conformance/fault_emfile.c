/* C port of fault_emfile.js */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "fault_trace.h"

static char dir[] = "/tmp/cnet-emfile-XXXXXX";
static char sock_path[64];
static int held[20000];
static int nheld;
static cnet_server_t *tcp, *unix_;
static int port;
static tracker_t trackers[8];
static int step;

static const char *use_up_descriptors(void) {
  for (;;) {
    int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno == EMFILE ? "EMFILE" : "other";
    held[nheld++] = fd;
  }
}

static void say_hi(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end_string(ev->u.connection, "hi", NULL, NULL, NULL);
}

static void lookup(const char *host, const cnet_lookup_opts *o, cnet_lookup_req_t *req, void *ctx) {
  (void)host; (void)o; (void)ctx;
  static const cnet_lookup_address both[] = {{"127.0.0.1", 4}, {"::1", 6}};
  cnet_lookup_done(req, NULL, both, 2);
}

static void next(void);
static void next_soon(void *ctx) {
  (void)ctx;
  next();
}
static void closed(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_set_immediate(NULL, next_soon, NULL);
}
static void attempt(const char *name, const cnet_connect_opts *o) {
  cnet_socket_t *s = cnet_connect(NULL, o, NULL, NULL);
  track(s, &trackers[step], name);
  cnet_socket_resume(s);
  cnet_on(s, CNET_EV_CLOSE, closed, NULL);
}

static void unix_closed(cnet_server_t *s, const cnet_error_t *e, void *ctx) {
  (void)s; (void)e; (void)ctx;
  rmdir(dir);
  say("servers closed");
}
static void tcp_closed(cnet_server_t *s, const cnet_error_t *e, void *ctx) {
  (void)s; (void)e; (void)ctx;
  cnet_server_close(unix_, unix_closed, NULL);
}

static void next(void) {
  switch (step++) {
    case 0:
      say("used up %s", use_up_descriptors());
      next();
      break;
    case 1: attempt("tcp", &(cnet_connect_opts){.port = port, .host = "127.0.0.1"}); break;
    case 2: attempt("unix", &(cnet_connect_opts){.path = sock_path}); break;
    case 3:
      attempt("happy eyeballs", &(cnet_connect_opts){.port = port, .host = "x.test", .lookup = lookup,
                                                     .auto_select_family = CNET_TRUE});
      break;
    case 4:
      close(held[--nheld]);
      close(held[--nheld]);
      say("two descriptors back");
      next();
      break;
    case 5: attempt("tcp again", &(cnet_connect_opts){.port = port, .host = "127.0.0.1"}); break;
    case 6: attempt("unix again", &(cnet_connect_opts){.path = sock_path}); break;
    default:
      while (nheld) close(held[--nheld]);
      cnet_server_close(tcp, tcp_closed, NULL);
  }
}

static void unix_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  next();
}
static void tcp_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  port = server_port(tcp);
  add_port(port);
  cnet_server_listen_path(unix_, sock_path, unix_listening, NULL);
}

int main(void) {
  if (!mkdtemp(dir)) return 1;
  fault_dir = dir;
  snprintf(sock_path, sizeof sock_path, "%s/s", dir);
  tcp = cnet_create_server(NULL, NULL, say_hi, NULL);
  unix_ = cnet_create_server(NULL, NULL, say_hi, NULL);
  cnet_server_listen_port(tcp, 0, "127.0.0.1", tcp_listening, NULL);
  return run_loop();
}
