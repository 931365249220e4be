/* A process whose stdin is closed, as a daemon's often is: cnet's first call
 * puts /dev/null on descriptor 0, as Node does at startup, so neither the
 * loop nor a socket gets it. libuv takes 0-2 for stdio and asserts that it
 * never closes them: a loop whose epoll descriptor was 0 aborted the process
 * in uv_loop_close(), and so did closing a server listening on descriptor 0.
 * Its own program: the setup runs once per process. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <errno.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cnet.h"

static int port;

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  port = cnet_server_port(ev->emitter);
  cnet_server_close(ev->emitter, NULL, NULL);
}

static void closed_stdin_is_dev_null(void **state) {
  (void)state;
  close(0);
  cnet_server_t *srv = cnet_create_server(NULL, NULL, NULL, NULL);
  struct stat st;
  assert_int_equal(fstat(0, &st), 0);
  assert_true(S_ISCHR(st.st_mode)); /* /dev/null, not a socket */
  assert_int_equal(cnet_server_listen_port(srv, 0, "127.0.0.1", on_listening, NULL), 0);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  assert_int_equal(uv_loop_close(uv_default_loop()), 0);
  assert_true(port > 0);

  /* The closed server's port refuses connections: its socket was closed. */
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), -1);
  assert_int_equal(errno, ECONNREFUSED);
  close(fd);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(closed_stdin_is_dev_null),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
