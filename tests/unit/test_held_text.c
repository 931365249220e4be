/* Text kept while a socket with an encoding is paused comes out as the
 * header promises `data` text: NUL-terminated, chunk by chunk (a kept
 * chunk was followed by the next one's bytes, so strlen() ran past it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cnet.h"

static int chunks;

static void on_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  assert_true(ev->u.data.is_string);
  assert_int_equal(ev->u.data.len, 3);
  assert_int_equal(strlen(ev->u.data.bytes), ev->u.data.len);
  assert_memory_equal(ev->u.data.bytes, chunks++ == 0 ? "abc" : "def", 3);
}

/* Runs the loop until the socket has read `n` bytes in all. */
static void read_until(cnet_socket_t *s, uint64_t n) {
  while (cnet_socket_bytes_read(s) < n) uv_run(uv_default_loop(), UV_RUN_ONCE);
}

static void kept_chunks_are_terminated(void **state) {
  (void)state;
  int fds[2];
  assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
  cnet_socket_t *s = cnet_socket_new(NULL, &(cnet_socket_opts){.has_fd = true, .fd = fds[0]});
  assert_non_null(s);
  assert_int_equal(cnet_socket_set_encoding(s, "latin1"), 0);
  cnet_on(s, CNET_EV_DATA, on_data, NULL);
  cnet_socket_pause(s);
  /* two reads, kept one after the other */
  assert_int_equal(write(fds[1], "abc", 3), 3);
  read_until(s, 3);
  assert_int_equal(write(fds[1], "def", 3), 3);
  read_until(s, 6);
  assert_int_equal(chunks, 0);
  cnet_socket_resume(s); /* on the next tick, as Node's */
  while (chunks < 2) uv_run(uv_default_loop(), UV_RUN_ONCE);
  cnet_socket_destroy(s, NULL);
  close(fds[1]);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  assert_int_equal(uv_loop_close(uv_default_loop()), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(kept_chunks_are_terminated),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
