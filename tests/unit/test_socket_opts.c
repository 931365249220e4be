/* net.Socket options checked in the kernel: setKeepAlive (SO_KEEPALIVE,
 * TCP_KEEPIDLE/KEEPINTVL/KEEPCNT as Node 23 sets them), setNoDelay, both
 * before connect too; a paused socket making the peer queue; and
 * new net.Socket({fd}). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cnet.h"

static uv_loop_t *loop;
static cnet_server_t *server;
static cnet_socket_t *accepted;
static int port;

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  accepted = cnet_socket_retain(ev->u.connection);
}

static void run_until(bool *flag) {
  while (!*flag) uv_run(loop, UV_RUN_ONCE);
}

static void set_flag(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  *(bool *)ctx = true;
}

static int setup(void **state) {
  (void)state;
  loop = uv_default_loop();
  accepted = NULL;
  server = cnet_create_server(loop, NULL, on_connection, NULL);
  bool listening = false;
  cnet_server_listen_port(server, 0, "127.0.0.1", set_flag, &listening);
  run_until(&listening);
  cnet_address_t a;
  assert_int_equal(cnet_server_address(server, &a, NULL, NULL), 0);
  port = a.port;
  return 0;
}

static int teardown(void **state) {
  (void)state;
  if (accepted) {
    cnet_socket_destroy(accepted, NULL);
    cnet_socket_release(accepted);
  }
  cnet_server_close(server, NULL, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  return 0;
}

/* A connected client, retained; and the accepted end. */
static cnet_socket_t *connect_client(cnet_socket_t *c) {
  bool connected = false;
  assert_int_equal(cnet_socket_connect_port(c, port, "127.0.0.1", set_flag, &connected), 0);
  run_until(&connected);
  while (!accepted) uv_run(loop, UV_RUN_ONCE);
  return cnet_socket_retain(c);
}

static void close_client(cnet_socket_t *c) {
  cnet_socket_destroy(c, NULL);
  cnet_socket_release(c);
}

/* The client's fd, found as the socket whose local port is the client's. */
static int fd_of(cnet_socket_t *c) {
  int want = cnet_socket_local_port(c);
  for (int fd = 3; fd < 1024; fd++) {
    struct sockaddr_in sa;
    socklen_t len = sizeof sa;
    int type;
    socklen_t tl = sizeof type;
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tl) || type != SOCK_STREAM) continue;
    if (getsockname(fd, (struct sockaddr *)&sa, &len) || sa.sin_family != AF_INET) continue;
    if (ntohs(sa.sin_port) == want) return fd;
  }
  fail_msg("no fd for port %d", want);
  return -1;
}

static int opt(int fd, int level, int name) {
  int v = -1;
  socklen_t len = sizeof v;
  assert_int_equal(getsockopt(fd, level, name, &v, &len), 0);
  return v;
}

static void keep_alive(void **state) {
  (void)state;
  cnet_socket_t *c = connect_client(cnet_socket_new(loop, NULL));
  int fd = fd_of(c);
  assert_int_equal(opt(fd, SOL_SOCKET, SO_KEEPALIVE), 0);
  cnet_socket_set_keep_alive(c, true, 5500); /* whole seconds: 5 */
  assert_int_equal(opt(fd, SOL_SOCKET, SO_KEEPALIVE), 1);
  assert_int_equal(opt(fd, IPPROTO_TCP, TCP_KEEPIDLE), 5);
  assert_int_equal(opt(fd, IPPROTO_TCP, TCP_KEEPINTVL), 1);
  assert_int_equal(opt(fd, IPPROTO_TCP, TCP_KEEPCNT), 10);
  cnet_socket_set_keep_alive(c, false, 0);
  assert_int_equal(opt(fd, SOL_SOCKET, SO_KEEPALIVE), 0);
  /* under a second: only turned on, the idle time left as it was */
  cnet_socket_set_keep_alive(c, true, 999);
  assert_int_equal(opt(fd, SOL_SOCKET, SO_KEEPALIVE), 1);
  assert_int_equal(opt(fd, IPPROTO_TCP, TCP_KEEPIDLE), 5);
  close_client(c);
}

static void keep_alive_before_connect(void **state) {
  (void)state;
  cnet_socket_t *c = cnet_socket_new(loop, NULL);
  cnet_socket_set_keep_alive(c, true, 3000);
  c = connect_client(c);
  int fd = fd_of(c);
  assert_int_equal(opt(fd, SOL_SOCKET, SO_KEEPALIVE), 1);
  assert_int_equal(opt(fd, IPPROTO_TCP, TCP_KEEPIDLE), 3);
  assert_int_equal(opt(fd, IPPROTO_TCP, TCP_KEEPINTVL), 1);
  assert_int_equal(opt(fd, IPPROTO_TCP, TCP_KEEPCNT), 10);
  close_client(c);
  /* the keepAlive socket option, as net.Socket({keepAlive}) */
  c = connect_client(cnet_socket_new(loop, &(cnet_socket_opts){.keep_alive = true,
                                                               .keep_alive_initial_delay = 2000}));
  fd = fd_of(c);
  assert_int_equal(opt(fd, SOL_SOCKET, SO_KEEPALIVE), 1);
  assert_int_equal(opt(fd, IPPROTO_TCP, TCP_KEEPIDLE), 2);
  close_client(c);
}

static void no_delay(void **state) {
  (void)state;
  cnet_socket_t *c = connect_client(cnet_socket_new(loop, NULL));
  int fd = fd_of(c);
  assert_int_equal(opt(fd, IPPROTO_TCP, TCP_NODELAY), 0); /* Node's default: off */
  cnet_socket_set_no_delay(c, true); /* setNoDelay() with no argument */
  assert_int_equal(opt(fd, IPPROTO_TCP, TCP_NODELAY), 1);
  cnet_socket_set_no_delay(c, false);
  assert_int_equal(opt(fd, IPPROTO_TCP, TCP_NODELAY), 0);
  close_client(c);
  c = cnet_socket_new(loop, NULL);
  cnet_socket_set_no_delay(c, true);
  c = connect_client(c);
  assert_int_equal(opt(fd_of(c), IPPROTO_TCP, TCP_NODELAY), 1);
  close_client(c);
}

/* The client pauses; the accepted end writes until its queue grows: the
 * client stopped reading at its high-water mark, and the kernel's buffers
 * filled. resume() drains it all. */
static uint64_t received;
static void count(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  received += ev->u.data.len;
}

static void pause_applies_backpressure(void **state) {
  (void)state;
  cnet_socket_t *c = connect_client(cnet_socket_new(loop, NULL));
  cnet_on(c, CNET_EV_DATA, count, NULL);
  received = 0;
  cnet_socket_pause(c);
  static char chunk[65536];
  uint64_t sent = 0;
  while (cnet_socket_write(accepted, chunk, sizeof chunk, NULL, NULL)) {
    sent += sizeof chunk;
    for (int i = 0; i < 20; i++) uv_run(loop, UV_RUN_NOWAIT);
    assert_true(sent < (256u << 20)); /* the kernel must push back well before */
  }
  sent += sizeof chunk;
  uint64_t read_then = cnet_socket_bytes_read(c);
  for (int i = 0; i < 50; i++) uv_run(loop, UV_RUN_NOWAIT);
  assert_true(cnet_socket_buffer_size(accepted) > 0);
  assert_int_equal(cnet_socket_bytes_read(c), read_then); /* stopped reading */
  assert_true(read_then >= 65536 && read_then < sent);     /* up to the high-water mark */
  assert_int_equal(received, 0);
  assert_true(cnet_socket_is_paused(c));
  bool drained = false;
  cnet_once(accepted, CNET_EV_DRAIN, set_flag, &drained);
  cnet_socket_resume(c);
  run_until(&drained);
  while (received < sent) uv_run(loop, UV_RUN_ONCE);
  assert_int_equal(received, sent);
  assert_int_equal(cnet_socket_buffer_size(accepted), 0);
  close_client(c);
}

/* new net.Socket({fd}) on one end of a socketpair, write-only. */
static void wrap_socketpair_fd(void **state) {
  (void)state;
  int sv[2];
  assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  cnet_socket_t *s = cnet_socket_new(loop, &(cnet_socket_opts){.has_fd = true, .fd = sv[0],
                                                               .readable = CNET_FALSE});
  assert_non_null(s);
  cnet_socket_retain(s);
  assert_string_equal(cnet_socket_ready_state(s), "writeOnly");
  assert_false(cnet_socket_pending(s));
  assert_false(cnet_socket_connecting(s));
  assert_null(cnet_socket_remote_address(s));
  bool finished = false, closed = false;
  cnet_on(s, CNET_EV_FINISH, set_flag, &finished);
  cnet_on(s, CNET_EV_CLOSE, set_flag, &closed);
  cnet_socket_end_string(s, "via fd", NULL, NULL, NULL);
  run_until(&finished);
  char buf[16];
  assert_int_equal(read(sv[1], buf, sizeof buf), 6);
  assert_memory_equal(buf, "via fd", 6);
  assert_int_equal(read(sv[1], buf, sizeof buf), 0); /* our end() shut it down */
  run_until(&closed); /* not readable and finished: destroyed */
  cnet_socket_release(s);
  close(sv[1]);
}

/* A connected TCP descriptor, readable and writable. */
static void wrap_tcp_fd(void **state) {
  (void)state;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
  cnet_socket_t *s = cnet_socket_new(loop, &(cnet_socket_opts){.has_fd = true, .fd = fd});
  assert_non_null(s);
  cnet_socket_retain(s);
  assert_string_equal(cnet_socket_ready_state(s), "open");
  assert_string_equal(cnet_socket_remote_address(s), "127.0.0.1");
  assert_int_equal(cnet_socket_remote_port(s), port);
  while (!accepted) uv_run(loop, UV_RUN_ONCE);
  received = 0;
  cnet_on(s, CNET_EV_DATA, count, NULL);
  cnet_socket_write_string(accepted, "hello", NULL, NULL, NULL);
  while (received < 5) uv_run(loop, UV_RUN_ONCE);
  assert_int_equal(cnet_socket_bytes_read(s), 5);
  cnet_socket_destroy(s, NULL);
  cnet_socket_release(s);
}

/* Node: TypeError [ERR_INVALID_FD_TYPE]: Unsupported fd type: FILE */
static void file_fd_is_refused(void **state) {
  (void)state;
  int fd = open("/dev/null", O_RDONLY);
  int file = open(CNET_TEST_DATA_DIR "/run.sh", O_RDONLY);
  assert_null(cnet_socket_new(loop, &(cnet_socket_opts){.has_fd = true, .fd = file}));
  assert_string_equal(cnet_last_error()->code, "ERR_INVALID_FD_TYPE");
  assert_string_equal(cnet_last_error()->message, "Unsupported fd type: FILE");
  assert_string_equal(cnet_last_error()->name, "TypeError");
  close(file);
  close(fd);
}


/* noDelay given to createConnection (Node's constructor option) and to
 * new Socket applies at connect. */
static void no_delay_options(void **state) {
  (void)state;
  bool connected = false;
  cnet_socket_t *c = cnet_create_connection(loop, &(cnet_connect_opts){.port = port, .host = "127.0.0.1",
                                                                        .no_delay = true},
                                            set_flag, &connected);
  cnet_socket_retain(c);
  run_until(&connected);
  while (!accepted) uv_run(loop, UV_RUN_ONCE);
  assert_int_equal(opt(fd_of(c), IPPROTO_TCP, TCP_NODELAY), 1);
  close_client(c);
  cnet_socket_destroy(accepted, NULL);
  cnet_socket_release(accepted);
  accepted = NULL;
  c = connect_client(cnet_socket_new(loop, &(cnet_socket_opts){.no_delay = true}));
  assert_int_equal(opt(fd_of(c), IPPROTO_TCP, TCP_NODELAY), 1);
  close_client(c);
}

/* highWaterMark: write() turns false past it (here while connecting). */
static void high_water_mark_option(void **state) {
  (void)state;
  cnet_socket_t *c = cnet_socket_new(loop, &(cnet_socket_opts){.high_water_mark = 10});
  assert_int_equal(cnet_socket_writable_high_water_mark(c), 10);
  cnet_socket_retain(c);
  assert_int_equal(cnet_socket_connect_port(c, port, "127.0.0.1", NULL, NULL), 0);
  assert_int_equal(cnet_socket_write(c, "12345", 5, NULL, NULL), 1);
  assert_int_equal(cnet_socket_write(c, "67890", 5, NULL, NULL), 0); /* 10 is not below 10 */
  bool drained = false;
  cnet_on(c, CNET_EV_DRAIN, set_flag, &drained);
  run_until(&drained);
  assert_int_equal(cnet_socket_writable_length(c), 0);
  close_client(c);
}

/* new net.Socket({fd, writable: false}): readOnly; resetAndDestroy on a
 * Unix socket is ERR_INVALID_HANDLE_TYPE. */
static void wrap_readonly_fd(void **state) {
  (void)state;
  int sv[2];
  assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  cnet_socket_t *s = cnet_socket_new(loop, &(cnet_socket_opts){.has_fd = true, .fd = sv[0],
                                                               .writable = CNET_FALSE});
  assert_non_null(s);
  cnet_socket_retain(s);
  assert_string_equal(cnet_socket_ready_state(s), "readOnly");
  assert_true(cnet_socket_readable(s));
  assert_false(cnet_socket_writable(s));
  assert_int_equal(cnet_socket_reset_and_destroy(s), CNET_ERR_INVALID_HANDLE_TYPE);
  assert_string_equal(cnet_last_error()->message, "This handle type cannot be sent");
  bool got = false;
  cnet_on(s, CNET_EV_DATA, set_flag, &got);
  assert_int_equal(write(sv[1], "hi", 2), 2);
  run_until(&got);
  assert_int_equal(cnet_socket_bytes_read(s), 2);
  close_client(s);
  close(sv[1]);
}

/* socket.connect(path) and server.ref()/unref(), retain/release. */
static void connect_path_and_server_ref(void **state) {
  (void)state;
  char dir[] = "/tmp/cnet-unit-XXXXXX", path[64];
  assert_non_null(mkdtemp(dir));
  snprintf(path, sizeof path, "%s/s", dir);
  cnet_server_t *ipc = cnet_server_retain(cnet_create_server(loop, NULL, NULL, NULL));
  bool listening = false;
  cnet_server_listen_path(ipc, path, set_flag, &listening);
  run_until(&listening);
  cnet_socket_t *c = cnet_socket_retain(cnet_socket_new(loop, NULL));
  bool connected = false;
  assert_int_equal(cnet_socket_connect_path(c, path, set_flag, &connected), 0);
  run_until(&connected);
  close_client(c);
  /* unref'd, the listening servers do not keep the loop running */
  cnet_server_unref(ipc);
  cnet_server_unref(server);
  uv_run(loop, UV_RUN_DEFAULT);
  assert_true(cnet_server_listening(ipc));
  cnet_server_ref(server);
  /* retained, a server outlives its close and listens again */
  bool closed = false;
  cnet_on(ipc, CNET_EV_CLOSE, set_flag, &closed);
  cnet_server_close(ipc, NULL, NULL);
  run_until(&closed);
  assert_false(cnet_server_listening(ipc));
  listening = false;
  cnet_server_listen_path(ipc, path, set_flag, &listening);
  run_until(&listening);
  cnet_server_close(ipc, NULL, NULL);
  cnet_server_release(ipc);
  uv_run(loop, UV_RUN_NOWAIT);
  rmdir(dir);
}

/* A write the kernel refuses (the peer reset the connection): its callback
 * gets the error, `error` and close(true) follow, and nothing stays counted
 * as queued. */
static const cnet_error_t *write_error;
static size_t length_in_cb;
static void on_write(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  *(bool *)ctx = true;
  write_error = err ? cnet_error_ref(err) : NULL;
  length_in_cb = cnet_socket_writable_length(s);
}
static void ignore_error(const cnet_event_t *ev, void *ctx) { (void)ev; (void)ctx; }

static void write_to_a_reset_peer(void **state) {
  (void)state;
  cnet_socket_t *c = connect_client(cnet_socket_new(loop, NULL));
  cnet_on(c, CNET_EV_ERROR, ignore_error, NULL);
  bool ended = false;
  cnet_on(c, CNET_EV_CLOSE, set_flag, &ended);
  cnet_socket_reset_and_destroy(accepted);
  cnet_socket_release(accepted);
  accepted = NULL;
  /* wait until the RST has arrived: a read then fails with ECONNRESET, or the write below does */
  uv_sleep(50);
  bool called = false;
  cnet_socket_write(c, "after reset", 11, on_write, &called);
  run_until(&called);
  assert_non_null(write_error);
  assert_int_equal(length_in_cb, 0);
  assert_int_equal(cnet_socket_writable_length(c), 0);
  cnet_error_unref((cnet_error_t *)write_error);
  run_until(&ended);
  close_client(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(keep_alive, setup, teardown),
    cmocka_unit_test_setup_teardown(keep_alive_before_connect, setup, teardown),
    cmocka_unit_test_setup_teardown(no_delay, setup, teardown),
    cmocka_unit_test_setup_teardown(pause_applies_backpressure, setup, teardown),
    cmocka_unit_test_setup_teardown(wrap_socketpair_fd, setup, teardown),
    cmocka_unit_test_setup_teardown(no_delay_options, setup, teardown),
    cmocka_unit_test_setup_teardown(write_to_a_reset_peer, setup, teardown),
    cmocka_unit_test_setup_teardown(high_water_mark_option, setup, teardown),
    cmocka_unit_test_setup_teardown(wrap_readonly_fd, setup, teardown),
    cmocka_unit_test_setup_teardown(connect_path_and_server_ref, setup, teardown),
    cmocka_unit_test_setup_teardown(wrap_tcp_fd, setup, teardown),
    cmocka_unit_test_setup_teardown(file_fd_is_refused, setup, teardown),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  uv_loop_close(uv_default_loop());
  return rc;
}
