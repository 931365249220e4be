/* C port of server_fd.js */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server_trace.h"


/* ---- file ---- */
static int file_fd;
static void file_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  const cnet_error_t *e = ev->u.error;
  char port[16] = "";
  if (e->port >= 0) snprintf(port, sizeof port, "%d", e->port);
  T("file error fields %s %s %s %s", e->syscall, e->address ? e->address : "", port,
    B(cnet_server_listening(ev->emitter)));
  close(file_fd);
  cnet_server_close(ev->emitter, next_cb, NULL);
}
static void step_file(void) {
  file_fd = open(__FILE__, O_RDONLY);
  if (file_fd < 0) file_fd = open("/dev/null", O_RDONLY);
  cnet_server_t *s = watch_server(cnet_create_server(NULL, NULL, NULL, NULL), "file");
  cnet_on(s, CNET_EV_ERROR, file_error, NULL);
  cnet_server_listen(s, &(cnet_listen_opts){.has_fd = true, .fd = file_fd}, NULL, NULL);
  T("file after listen() %s", B(cnet_server_listening(s)));
}

/* ---- bound ---- */
static cnet_server_t *bound;
static int bound_port;
static void bound_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("bound connection %s", cnet_socket_remote_address(ev->u.connection));
  cnet_socket_end(ev->u.connection, NULL, NULL);
}
static void bound_client_closed(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(bound, next_cb, NULL);
}
static void bound_listen_cb(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  T("bound listen cb %s %s", addr(bound), B(server_port(bound) == bound_port));
  cnet_socket_t *c = cnet_connect_port(NULL, server_port(bound), "127.0.0.1", NULL, NULL);
  cnet_on(c, CNET_EV_CLOSE, bound_client_closed, NULL);
  cnet_socket_resume(c);
}
static void step_bound(void) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_in sin = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof sin;
  bind(fd, (struct sockaddr *)&sin, sizeof sin);
  getsockname(fd, (struct sockaddr *)&sin, &len);
  bound_port = ntohs(sin.sin_port);
  bound = watch_server(cnet_create_server(NULL, NULL, bound_connection, NULL), "bound");
  cnet_server_listen(bound, &(cnet_listen_opts){.has_fd = true, .fd = fd}, bound_listen_cb, NULL);
  T("bound after listen() %s", B(cnet_server_listening(bound)));
}

/* ---- handle ---- */
static cnet_server_t *first, *second;
static void first_connection(const cnet_event_t *ev, void *ctx) { (void)ev; (void)ctx; T("first connection"); }
static void second_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("second connection");
  cnet_socket_end(ev->u.connection, NULL, NULL);
}
static void second_closed(cnet_server_t *s, const cnet_error_t *e, void *ctx) {
  (void)s; (void)e; (void)ctx;
  T("second closed %s", B(cnet_server_listening(first)));
  cnet_server_close(first, next_cb, NULL);
}
static void handle_client_closed(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(second, second_closed, NULL);
}
static void second_listen_cb(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  T("second listen cb %s %s %s", addr(second), B(cnet_server_listening(first)),
    B(server_port(second) == server_port(first)));
  cnet_socket_t *c = cnet_connect_port(NULL, server_port(first), "127.0.0.1", NULL, NULL);
  cnet_on(c, CNET_EV_CLOSE, handle_client_closed, NULL);
  cnet_socket_resume(c);
}
static void first_listen_cb(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  second = watch_server(cnet_create_server(NULL, NULL, second_connection, NULL), "second");
  cnet_server_listen(second, &(cnet_listen_opts){.handle = first}, second_listen_cb, NULL);
}
static void step_handle(void) {
  first = watch_server(cnet_create_server(NULL, NULL, first_connection, NULL), "first");
  cnet_server_listen_port(first, 0, "127.0.0.1", first_listen_cb, NULL);
}

int main(void) {
  step_fn all[] = {step_file, step_bound, step_handle};
  set_steps(all, sizeof all / sizeof all[0]);
  next();
  return run_loop();
}
