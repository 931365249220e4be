/* Connects that are left behind: a destroy and a new connect() before the
 * old connect's answer comes must leave the answer unused (run under
 * valgrind and ASan as well). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cnet.h"

static char trace[256];

static void note(const cnet_event_t *ev, void *ctx) {
  const char *what = ctx;
  if (ev->type == CNET_EV_ERROR) what = ev->u.error->code;
  strncat(trace, what, sizeof trace - strlen(trace) - 1);
  strncat(trace, " ", sizeof trace - strlen(trace) - 1);
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end(ev->u.connection, NULL, NULL);
}

static void watch(cnet_socket_t *s) {
  cnet_on(s, CNET_EV_CONNECT, note, "connect");
  cnet_on(s, CNET_EV_CONNECTION_ATTEMPT_FAILED, note, "attempt-failed");
  cnet_on(s, CNET_EV_ERROR, note, NULL);
  cnet_on(s, CNET_EV_CLOSE, note, "close");
}

/* A Unix socket's connect answers in an immediate; destroy and connect
 * again (to the other path) before it runs. The first answer is not heard:
 * the second connect alone decides (Node v23.5.0 ignores a failed first
 * answer, and trips an internal assertion on a successful one). The old life's `close`
 * comes when its handle has closed, after the new answer. */
static void run_pipe_reconnect(bool good_first, const char *expected) {
  char dir[] = "/tmp/cnet-reconnect-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char good[64], missing[64];
  snprintf(good, sizeof good, "%s/good.sock", dir);
  snprintf(missing, sizeof missing, "%s/missing.sock", dir);
  uv_loop_t loop;
  uv_loop_init(&loop);
  trace[0] = '\0';
  cnet_server_t *srv = cnet_create_server(&loop, NULL, on_connection, NULL);
  cnet_server_listen_path(srv, good, NULL, NULL);
  cnet_socket_t *s = cnet_socket_new(&loop, NULL);
  watch(s);
  cnet_socket_connect_path(s, good_first ? good : missing, NULL, NULL);
  cnet_socket_destroy(s, NULL);
  cnet_socket_connect_path(s, good_first ? missing : good, NULL, NULL);
  for (int i = 0; i < 100 && !strstr(trace, "close close"); i++) uv_run(&loop, UV_RUN_ONCE);
  cnet_server_close(srv, NULL, NULL);
  uv_run(&loop, UV_RUN_DEFAULT);
  assert_string_equal(trace, expected);
  assert_int_equal(uv_loop_close(&loop), 0);
  rmdir(dir);
}

static void pipe_reconnect_after_failing_path(void **state) {
  (void)state;
  run_pipe_reconnect(false, "connect close close ");
}

static void pipe_reconnect_to_failing_path(void **state) {
  (void)state;
  run_pipe_reconnect(true, "attempt-failed ENOENT close close ");
}

static int open_fds(void) {
  int n = 0;
  DIR *d = opendir("/proc/self/fd");
  while (readdir(d)) n++;
  closedir(d);
  return n;
}

static void destroy_at_attempt(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_destroy(ev->emitter, NULL);
}

/* A `connectionAttempt` listener destroys the socket: the connect stops
 * there, and no descriptor is left open behind the closed handle. */
static void pipe_destroyed_at_attempt(void **state) {
  (void)state;
  char dir[] = "/tmp/cnet-reconnect-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char good[64];
  snprintf(good, sizeof good, "%s/good.sock", dir);
  uv_loop_t loop;
  uv_loop_init(&loop);
  trace[0] = '\0';
  cnet_server_t *srv = cnet_create_server(&loop, NULL, on_connection, NULL);
  cnet_server_listen_path(srv, good, NULL, NULL);
  int fds = open_fds();
  cnet_socket_t *s = cnet_socket_new(&loop, NULL);
  watch(s);
  cnet_on(s, CNET_EV_CONNECTION_ATTEMPT, destroy_at_attempt, NULL);
  cnet_socket_connect_path(s, good, NULL, NULL);
  for (int i = 0; i < 100 && !strstr(trace, "close"); i++) uv_run(&loop, UV_RUN_ONCE);
  assert_string_equal(trace, "close ");
  assert_int_equal(open_fds(), fds);
  cnet_server_close(srv, NULL, NULL);
  uv_run(&loop, UV_RUN_DEFAULT);
  assert_int_equal(uv_loop_close(&loop), 0);
  rmdir(dir);
}

static int server_connections;

static void count_connection(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  (void)ctx;
  server_connections++;
}

static void connect_again(const cnet_event_t *ev, void *ctx) {
  cnet_socket_connect_path(ev->emitter, ctx, NULL, NULL);
}

/* connect(path) on a connected Unix socket: as Node's, on the same handle,
 * which the kernel refuses (EISCONN); no second connection, no handle left
 * open. */
static void pipe_connect_while_connected(void **state) {
  (void)state;
  char dir[] = "/tmp/cnet-reconnect-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char good[64];
  snprintf(good, sizeof good, "%s/good.sock", dir);
  uv_loop_t loop;
  uv_loop_init(&loop);
  trace[0] = '\0';
  server_connections = 0;
  cnet_server_t *srv = cnet_create_server(&loop, NULL, count_connection, NULL);
  cnet_server_listen_path(srv, good, NULL, NULL);
  cnet_socket_t *s = cnet_socket_new(&loop, NULL);
  watch(s);
  cnet_socket_connect_path(s, good, connect_again, good);
  for (int i = 0; i < 100 && !strstr(trace, "close"); i++) uv_run(&loop, UV_RUN_ONCE);
  assert_string_equal(trace, "connect attempt-failed EISCONN close ");
  assert_int_equal(server_connections, 1);
  cnet_server_close(srv, NULL, NULL);
  uv_run(&loop, UV_RUN_DEFAULT);
  assert_int_equal(uv_loop_close(&loop), 0);
  rmdir(dir);
}

static void lookup_fails_now(const char *host, const cnet_lookup_opts *o, cnet_lookup_req_t *req,
                             void *ctx) {
  (void)host;
  (void)o;
  (void)ctx;
  cnet_error_t err = {.name = "Error", .code = "EBOOM", .message = "boom"};
  cnet_lookup_done(req, &err, NULL, 0);
}

static void on_uncaught(const cnet_error_t *err, void *emitter, void *ctx) {
  (void)err;
  (void)emitter;
  (void)ctx;
  strncat(trace, "uncaught ", sizeof trace - strlen(trace) - 1);
}

/* A lookup that answers before connect() returns, called from outside any
 * callback: as in Node, the error comes on a later tick, to the listener
 * added after connect() returned. */
static void lookup_answers_at_once(void **state) {
  (void)state;
  uv_loop_t loop;
  uv_loop_init(&loop);
  trace[0] = '\0';
  cnet_set_uncaught_error_handler(&loop, on_uncaught, NULL);
  cnet_connect_opts o = {.port = 9, .host = "nowhere.test", .lookup = lookup_fails_now};
  cnet_socket_t *s = cnet_create_connection(&loop, &o, NULL, NULL);
  strncat(trace, "returned ", sizeof trace - strlen(trace) - 1);
  watch(s);
  uv_run(&loop, UV_RUN_DEFAULT);
  assert_string_equal(trace, "returned EBOOM close ");
  cnet_set_uncaught_error_handler(&loop, NULL, NULL);
  assert_int_equal(uv_loop_close(&loop), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(pipe_reconnect_after_failing_path),
    cmocka_unit_test(pipe_reconnect_to_failing_path),
    cmocka_unit_test(pipe_destroyed_at_attempt),
    cmocka_unit_test(lookup_answers_at_once),
    cmocka_unit_test(pipe_connect_while_connected),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
