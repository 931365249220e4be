/* The debug build's poisoning (cmake -DCNET_POISON=ON, src/poison.h): a
 * public call given a socket, server or timer that cnet has freed stops the
 * program with a message naming the call, instead of reading freed memory.
 * Each case runs in a child process, whose stderr and signal are checked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cnet.h>

/* Runs misuse() in a child; returns what it wrote to stderr, and checks
 * that it ended with SIGABRT. */
static void expect_abort(void (*misuse)(void), const char *message) {
  int fds[2];
  assert_int_equal(pipe(fds), 0);
  fflush(stdout);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    dup2(fds[1], 2);
    close(fds[0]);
    misuse();
    _exit(0); /* not reached when the check works */
  }
  close(fds[1]);
  static char out[4096];
  size_t n = 0;
  ssize_t r;
  while (n < sizeof out - 1 && (r = read(fds[0], out + n, sizeof out - 1 - n)) > 0) n += (size_t)r;
  out[n] = '\0';
  close(fds[0]);
  int status;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  assert_true(WIFSIGNALED(status));
  assert_int_equal(WTERMSIG(status), SIGABRT);
  if (!strstr(out, message)) fail_msg("stderr was: %s", out);
}

static void freed_socket_write(void) {
  cnet_socket_t *s = cnet_socket_new(NULL, NULL);
  cnet_socket_destroy(s, NULL);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT); /* `close`, then freed */
  cnet_socket_write(s, "x", 1, NULL, NULL);
}

static void freed_socket_listener(void) {
  cnet_socket_t *s = cnet_socket_new(NULL, NULL);
  cnet_socket_destroy(s, NULL);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  cnet_remove_all_listeners(s, CNET_EV_DATA);
}

static void freed_server_close(void) {
  cnet_server_t *srv = cnet_create_server(NULL, NULL, NULL, NULL);
  cnet_server_close(srv, NULL, NULL);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  cnet_server_close(srv, NULL, NULL);
}

static void say(void *ctx) { (void)ctx; }
static void freed_timer_clear(void) {
  cnet_timer_t *t = cnet_set_timeout(NULL, 1, say, NULL);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT); /* ran, then freed */
  cnet_clear_timeout(t);
}

static void stale_pointers_abort(void **state) {
  (void)state;
  expect_abort(freed_socket_write, "cnet_socket_write() was given a socket that has been freed");
  expect_abort(freed_socket_listener, "cnet_remove_all_listeners() was given a socket or server that has been freed");
  expect_abort(freed_server_close, "cnet_server_close() was given a server that has been freed");
  expect_abort(freed_timer_clear, "cnet_clear_timeout() was given a timer that has been freed");
}

/* Live objects pass the check: the same calls before the objects go. */
static void live_objects_pass(void **state) {
  (void)state;
  cnet_socket_t *s = cnet_socket_new(NULL, NULL);
  assert_int_equal(cnet_remove_all_listeners(s, CNET_EV_DATA), 0);
  cnet_socket_destroy(s, NULL);
  cnet_timer_t *t = cnet_set_timeout(NULL, 1, say, NULL);
  cnet_clear_timeout(t);
  cnet_server_t *srv = cnet_create_server(NULL, NULL, NULL, NULL);
  assert_int_equal(cnet_server_close(srv, NULL, NULL), 0);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  assert_int_equal(uv_loop_close(uv_default_loop()), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(stale_pointers_abort),
    cmocka_unit_test(live_objects_pass),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
