/* net.Server as the kernel sees it, where Node's own tests look: the backlog
 * (ss shows it as Send-Q of a listening socket), SO_REUSEPORT, the modes of
 * a socket file with readableAll/writableAll, TCP_NODELAY and keep-alive on
 * accepted sockets; and the lifetime of servers. */
#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cnet.h"

typedef struct {
  uv_loop_t loop;
  cnet_server_t *srv;
  cnet_socket_t *accepted;
  int listening, connections, closed;
} fixture;

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  ((fixture *)ctx)->listening++;
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  fixture *f = ctx;
  f->connections++;
  f->accepted = ev->u.connection;
}
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  ((fixture *)ctx)->closed++;
}

static void on_close_count(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  (*(int *)ctx)++;
}

static void run_until(fixture *f, const int *counter, int value) {
  for (int i = 0; i < 1000 && *counter < value; i++) uv_run(&f->loop, UV_RUN_ONCE);
  assert_int_equal(*counter, value);
}

static void start(fixture *f, const cnet_server_opts *so, const cnet_listen_opts *lo) {
  memset(f, 0, sizeof *f);
  assert_int_equal(uv_loop_init(&f->loop), 0);
  f->srv = cnet_create_server(&f->loop, so, on_connection, f);
  assert_non_null(f->srv);
  cnet_on(f->srv, CNET_EV_CLOSE, on_close, f);
  assert_int_equal(cnet_server_listen(f->srv, lo, on_listening, f), 0);
  run_until(f, &f->listening, 1);
}

static void finish(fixture *f) {
  cnet_server_close(f->srv, NULL, NULL);
  run_until(f, &f->closed, 1);
  uv_run(&f->loop, UV_RUN_DEFAULT);
  assert_int_equal(uv_loop_close(&f->loop), 0);
}

static int port_of(cnet_server_t *srv) {
  cnet_address_t a;
  assert_int_equal(cnet_server_address(srv, &a, NULL, NULL), 0);
  return a.port;
}

/* The descriptor of this process bound to the port: the listening one, or
 * with peer set, one that is connected (an accepted socket). */
static int fd_on_port(int port, bool peer) {
  DIR *d = opendir("/proc/self/fd");
  struct dirent *e;
  int found = -1;
  while (found < 0 && (e = readdir(d))) {
    int fd = atoi(e->d_name);
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (e->d_name[0] == '.' || getsockname(fd, (struct sockaddr *)&ss, &len) != 0) continue;
    if (ss.ss_family != AF_INET && ss.ss_family != AF_INET6) continue;
    int p = ntohs(ss.ss_family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
                                          : ((struct sockaddr_in6 *)&ss)->sin6_port);
    len = sizeof ss;
    bool connected = getpeername(fd, (struct sockaddr *)&ss, &len) == 0;
    if (p == port && connected == peer) found = fd;
  }
  closedir(d);
  return found;
}

/* ss -ltn shows a listening socket's backlog as Send-Q. */
static int ss_backlog(int port) {
  char cmd[128], line[256];
  snprintf(cmd, sizeof cmd, "ss -Hltn 'sport = :%d' 2>/dev/null", port);
  FILE *p = popen(cmd, "r");
  int recvq = -1, sendq = -1;
  if (p && fgets(line, sizeof line, p)) sscanf(line, "LISTEN %d %d", &recvq, &sendq);
  if (p) pclose(p);
  return sendq;
}

static void backlog(void **state) {
  (void)state;
  if (system("ss -V >/dev/null 2>&1") != 0) skip();
  static const struct { int given, expected; } cases[] = {{0, 511}, {17, 17}, {1, 1}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    fixture f;
    start(&f, NULL, &(cnet_listen_opts){.host = "127.0.0.1", .backlog = cases[i].given});
    assert_int_equal(ss_backlog(port_of(f.srv)), cases[i].expected);
    finish(&f);
  }
}

static int int_opt(int fd, int level, int name) {
  int v = -1;
  socklen_t len = sizeof v;
  assert_int_equal(getsockopt(fd, level, name, &v, &len), 0);
  return v;
}

static void reuse_port(void **state) {
  (void)state;
  fixture a, b;
  start(&a, NULL, &(cnet_listen_opts){.host = "127.0.0.1", .reuse_port = true});
  int fd = fd_on_port(port_of(a.srv), false);
  assert_true(fd >= 0);
  assert_int_equal(int_opt(fd, SOL_SOCKET, SO_REUSEPORT), 1);
  /* a second loop's server shares the port */
  start(&b, NULL, &(cnet_listen_opts){.host = "127.0.0.1", .port = port_of(a.srv), .reuse_port = true});
  assert_int_equal(port_of(b.srv), port_of(a.srv));
  finish(&b);
  finish(&a);

  start(&a, NULL, &(cnet_listen_opts){.host = "127.0.0.1"});
  assert_int_equal(int_opt(fd_on_port(port_of(a.srv), false), SOL_SOCKET, SO_REUSEPORT), 0);
  finish(&a);
}

/* With umask 077 a socket file is made 0700; readableAll and writableAll
 * add r and w for all, as uv_pipe_chmod does. */
static void file_modes(void **state) {
  (void)state;
  char dir[] = "/tmp/cnet-modes-XXXXXX";
  assert_non_null(mkdtemp(dir));
  mode_t old = umask(077);
  static const struct { bool r, w; mode_t mode; } cases[] = {
      {false, false, 0700}, {true, false, 0744}, {false, true, 0722}, {true, true, 0766}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char path[64];
    snprintf(path, sizeof path, "%s/s.sock", dir);
    fixture f;
    start(&f, NULL, &(cnet_listen_opts){.path = path, .readable_all = cases[i].r, .writable_all = cases[i].w});
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(S_ISSOCK(st.st_mode));
    assert_int_equal(st.st_mode & 0777, cases[i].mode);
    finish(&f);
    assert_int_not_equal(stat(path, &st), 0); /* unlinked on close */
  }
  umask(old);
  rmdir(dir);
}

static void accepted_options(void **state) {
  (void)state;
  static const struct { bool no_delay, keep_alive; int64_t delay_ms; int idle_s; } cases[] = {
      {false, false, 0, -1}, {true, true, 5000, 5}, {false, true, 2500, 2}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    fixture f;
    cnet_server_opts so = {.no_delay = cases[i].no_delay, .keep_alive = cases[i].keep_alive,
                           .keep_alive_initial_delay = cases[i].delay_ms};
    start(&f, &so, &(cnet_listen_opts){.host = "127.0.0.1"});
    cnet_socket_t *c = cnet_connect_port(&f.loop, port_of(f.srv), "127.0.0.1", NULL, NULL);
    run_until(&f, &f.connections, 1);
    int fd = fd_on_port(port_of(f.srv), true);
    assert_true(fd >= 0);
    assert_int_equal(int_opt(fd, IPPROTO_TCP, TCP_NODELAY), cases[i].no_delay);
    assert_int_equal(int_opt(fd, SOL_SOCKET, SO_KEEPALIVE), cases[i].keep_alive);
    if (cases[i].keep_alive) assert_int_equal(int_opt(fd, IPPROTO_TCP, TCP_KEEPIDLE), cases[i].idle_s);
    cnet_socket_destroy(c, NULL);
    cnet_socket_destroy(f.accepted, NULL);
    finish(&f);
  }
}

/* A server that never listened is freed by close(): the loop's cnet state
 * goes with the last object, so the loop closes. */
static void never_listened_is_freed(void **state) {
  (void)state;
  uv_loop_t loop;
  uv_loop_init(&loop);
  int closed = 0;
  cnet_server_t *srv = cnet_create_server(&loop, NULL, NULL, NULL);
  cnet_on(srv, CNET_EV_CLOSE, on_close_count, &closed);
  cnet_server_close(srv, NULL, NULL);
  uv_run(&loop, UV_RUN_DEFAULT);
  assert_int_equal(closed, 1);
  assert_int_equal(uv_loop_close(&loop), 0);
}

/* An accepted socket keeps its server alive after the server's `close`. */
static void accepted_socket_holds_server(void **state) {
  (void)state;
  fixture f;
  start(&f, NULL, &(cnet_listen_opts){.host = "127.0.0.1"});
  cnet_socket_t *c = cnet_connect_port(&f.loop, port_of(f.srv), "127.0.0.1", NULL, NULL);
  run_until(&f, &f.connections, 1);
  cnet_socket_t *s = cnet_socket_retain(f.accepted);
  cnet_server_close(f.srv, NULL, NULL);
  cnet_socket_destroy(s, NULL);
  cnet_socket_destroy(c, NULL);
  run_until(&f, &f.closed, 1);
  uv_run(&f.loop, UV_RUN_DEFAULT);
  /* the server emitted `close` and dropped its own reference; the socket's
   * keeps it readable */
  cnet_server_t *srv = cnet_socket_server(s);
  assert_ptr_equal(srv, f.srv);
  assert_false(cnet_server_listening(srv));
  assert_true(cnet_server_address(srv, NULL, NULL, NULL) < 0);
  cnet_socket_release(s);
  uv_run(&f.loop, UV_RUN_DEFAULT);
  assert_int_equal(uv_loop_close(&f.loop), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(backlog),
      cmocka_unit_test(reuse_port),
      cmocka_unit_test(file_modes),
      cmocka_unit_test(accepted_options),
      cmocka_unit_test(never_listened_is_freed),
      cmocka_unit_test(accepted_socket_holds_server),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
