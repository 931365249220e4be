/* What the conformance pairs cannot see: cork() keeps writes out of the
 * kernel until the last uncork sends them in one go (also when the kernel
 * takes only part, and past one writev's batch); the corked count's bound;
 * onread's buffer function without a first buffer, and over a fixed buffer;
 * the high-water marks' bounds and the readable mark stopping the reads;
 * net.connect()'s fd option. Sockets sit on socketpairs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "cnet.h"
#include "socket.h" /* S_READING: whether the socket reads */

static uv_loop_t *loop;
static int sv[2];

static int setup(void **state) {
  (void)state;
  loop = uv_default_loop();
  assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
  return 0;
}

/* sv[0] belongs to the socket made on it, which closed it. */
static int teardown(void **state) {
  (void)state;
  close(sv[1]);
  uv_run(loop, UV_RUN_DEFAULT);
  assert_int_equal(uv_loop_close(loop), 0);
  return 0;
}

static cnet_socket_t *on_fd(int fd, const cnet_socket_opts *extra) {
  cnet_socket_opts o = extra ? *extra : (cnet_socket_opts){0};
  o.has_fd = true;
  o.fd = fd;
  cnet_socket_t *s = cnet_socket_new(loop, &o);
  assert_non_null(s);
  return cnet_socket_retain(s);
}

static void set_flag(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  *(bool *)ctx = true;
}
static void run_until(bool *flag) {
  while (!*flag) uv_run(loop, UV_RUN_ONCE);
}

/* Write callbacks record their order: ctx is the write's index. */
static int done[256], ndone, errors;
static void record(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  (void)s;
  if (err) errors++;
  done[ndone++] = (int)(intptr_t)ctx;
}

static bool nothing_to_read(int fd) {
  char c;
  return recv(fd, &c, 1, MSG_DONTWAIT) < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

static void corked_writes_wait_for_the_last_uncork(void **state) {
  (void)state;
  ndone = errors = 0;
  cnet_socket_t *s = on_fd(sv[0], NULL);
  static const char lent[] = "def";
  cnet_socket_cork(s);
  cnet_socket_cork(s);
  assert_int_equal(cnet_socket_write(s, "abc", 3, record, (void *)0), 1);
  assert_int_equal(cnet_socket_write_nocopy(s, lent, 3, record, (void *)1), 1);
  assert_int_equal(cnet_socket_writable_length(s), 6);
  assert_int_equal(cnet_socket_bytes_written(s), 6);
  assert_true(nothing_to_read(sv[1]));
  cnet_socket_uncork(s);
  assert_true(nothing_to_read(sv[1])); /* still corked once */
  cnet_socket_uncork(s);
  /* the kernel took them at once; the callbacks come on the next tick */
  assert_int_equal(cnet_socket_writable_length(s), 0);
  assert_int_equal(ndone, 0);
  char buf[16];
  assert_int_equal(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), 6);
  assert_memory_equal(buf, "abcdef", 6);
  uv_run(loop, UV_RUN_NOWAIT);
  assert_int_equal(ndone, 2);
  assert_int_equal(done[0], 0);
  assert_int_equal(done[1], 1);
  assert_int_equal(errors, 0);
  /* uncork without cork changes nothing; a write goes straight out again */
  cnet_socket_uncork(s);
  assert_int_equal(cnet_socket_writable_corked(s), 0);
  assert_int_equal(cnet_socket_write(s, "g", 1, NULL, NULL), 1);
  assert_int_equal(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), 1);
  cnet_socket_destroy(s, NULL);
  cnet_socket_release(s);
}

/* More than one uv_write carries (64 entries) and more than the kernel
 * takes at once: a rest goes out after, every callback in order. */
#define PIECES 100
#define PIECE (32 * 1024)
static uint64_t received;
static void count(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  received += ev->u.data.len;
}
static void a_big_corked_writev_goes_out_in_parts(void **state) {
  (void)state;
  ndone = errors = 0;
  received = 0;
  int small = 4096;
  setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
  cnet_socket_t *s = on_fd(sv[0], NULL);
  cnet_socket_t *peer = on_fd(sv[1], NULL);
  sv[1] = -1; /* the peer socket owns it now */
  cnet_on(peer, CNET_EV_DATA, count, NULL);
  char *piece = malloc(PIECE);
  memset(piece, 'p', PIECE);
  cnet_socket_cork(s);
  int last = 1;
  for (int i = 0; i < PIECES; i++) last = cnet_socket_write(s, piece, PIECE, record, (void *)(intptr_t)i);
  free(piece);
  assert_int_equal(last, 0); /* past the mark, corked */
  assert_true(cnet_socket_writable_need_drain(s));
  bool drained = false;
  cnet_on(s, CNET_EV_DRAIN, set_flag, &drained);
  cnet_socket_uncork(s);
  assert_true(cnet_socket_writable_length(s) > 0); /* the kernel took a part */
  run_until(&drained);
  while (ndone < PIECES || received < (uint64_t)PIECES * PIECE) uv_run(loop, UV_RUN_ONCE);
  assert_int_equal(errors, 0);
  for (int i = 0; i < PIECES; i++) assert_int_equal(done[i], i);
  assert_int_equal(received, (uint64_t)PIECES * PIECE);
  assert_int_equal(cnet_socket_writable_length(s), 0);
  cnet_socket_destroy(s, NULL);
  cnet_socket_release(s);
  cnet_socket_destroy(peer, NULL);
  cnet_socket_release(peer);
}

static void the_corked_count_stops_at_its_bound(void **state) {
  (void)state;
  cnet_socket_t *s = cnet_socket_new(loop, NULL);
  for (int i = 0; i < 70000; i++) cnet_socket_cork(s);
  assert_int_equal(cnet_socket_writable_corked(s), 65535);
  for (int i = 0; i < 65534; i++) cnet_socket_uncork(s);
  assert_int_equal(cnet_socket_writable_corked(s), 1);
  cnet_socket_destroy(s, NULL);
  close(sv[0]);
}

/* ---- onread's buffer function ---- */

static char fixed[8], given[8];
/* ctx counts the calls */
static char *no_buffer(cnet_socket_t *s, size_t *len, void *ctx) {
  (void)s;
  (void)len;
  (*(int *)ctx)++;
  return NULL;
}
static char *empty_buffer(cnet_socket_t *s, size_t *len, void *ctx) { /* as NULL */
  (void)s;
  (*(int *)ctx)++;
  *len = 0;
  return given;
}
static bool read_cb(cnet_socket_t *s, size_t nread, char *buf, void *ctx) {
  (void)s;
  (void)nread;
  *(char **)ctx = buf;
  return true;
}
static char last_message[256];
static void keep_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  snprintf(last_message, sizeof last_message, "%s %s", ev->u.error->code, ev->u.error->message);
}

static void a_buffer_function_without_a_first_buffer(void **state) {
  (void)state;
  int calls = 0;
  /* new Socket({fd}): destroyed as it is made */
  cnet_socket_t *s = on_fd(sv[0], &(cnet_socket_opts){
      .onread = {.buffer_fn = empty_buffer, .callback = read_cb, .ctx = &calls}});
  assert_int_equal(calls, 1);
  assert_true(cnet_socket_destroyed(s));
  bool closed = false;
  cnet_on(s, CNET_EV_ERROR, keep_error, NULL);
  cnet_on(s, CNET_EV_CLOSE, set_flag, &closed);
  last_message[0] = '\0';
  run_until(&closed);
  assert_string_equal(last_message,
                      "ERR_INVALID_ARG_TYPE The return value of \"options.onread.buffer\" must be "
                      "an instance of Buffer, TypedArray, or DataView. Received null");
  cnet_socket_release(s);

  /* net.connect(): destroyed before any attempt */
  calls = 0;
  cnet_socket_t *c = cnet_connect(loop, &(cnet_connect_opts){
      .path = "/nonexistent/cnet.sock",
      .onread = {.buffer_fn = no_buffer, .callback = read_cb, .ctx = &calls}}, NULL, NULL);
  assert_non_null(c);
  assert_int_equal(calls, 1);
  assert_true(cnet_socket_destroyed(c));
  bool attempted = false;
  closed = false;
  cnet_on(c, CNET_EV_CONNECTION_ATTEMPT, set_flag, &attempted);
  cnet_on(c, CNET_EV_ERROR, keep_error, NULL);
  cnet_on(c, CNET_EV_CLOSE, set_flag, &closed);
  cnet_socket_retain(c);
  last_message[0] = '\0';
  run_until(&closed);
  assert_false(attempted);
  assert_true(strncmp(last_message, "ERR_INVALID_ARG_TYPE ", 21) == 0);
  cnet_socket_release(c);
}

static char *give(cnet_socket_t *s, size_t *len, void *ctx) {
  (void)s;
  (void)ctx;
  *len = sizeof given;
  return given;
}
static void a_buffer_function_wins_over_a_buffer(void **state) {
  (void)state;
  char *into = NULL;
  cnet_socket_t *s = on_fd(sv[0], &(cnet_socket_opts){
      .onread = {.buffer = fixed, .len = sizeof fixed, .buffer_fn = give, .callback = read_cb, .ctx = &into}});
  assert_int_equal(write(sv[1], "hi", 2), 2);
  while (!into) uv_run(loop, UV_RUN_ONCE);
  assert_ptr_equal(into, given);
  assert_memory_equal(given, "hi", 2);
  cnet_socket_destroy(s, NULL);
  cnet_socket_release(s);
}

/* ---- high-water marks ---- */

static void high_water_marks(void **state) {
  (void)state;
  cnet_socket_t *s = cnet_socket_new(loop, &(cnet_socket_opts){.readable_high_water_mark = 7});
  assert_int_equal(cnet_socket_readable_high_water_mark(s), 7);
  assert_int_equal(cnet_socket_writable_high_water_mark(s), 65536);
  cnet_socket_destroy(s, NULL);
  if (SIZE_MAX > UINT32_MAX) { /* what a uint32_t cannot hold is its largest value */
    s = cnet_socket_new(loop, &(cnet_socket_opts){.high_water_mark = (size_t)UINT32_MAX + 5});
    assert_int_equal(cnet_socket_readable_high_water_mark(s), UINT32_MAX);
    assert_int_equal(cnet_socket_writable_high_water_mark(s), UINT32_MAX);
    cnet_socket_destroy(s, NULL);
  }
  close(sv[0]);
}

/* Kept data reaching the readable mark stops the reads until consumed. */
static void the_readable_mark_stops_reading(void **state) {
  (void)state;
  cnet_socket_t *s = on_fd(sv[0], &(cnet_socket_opts){.readable_high_water_mark = 16});
  assert_true(s->flags & S_READING);
  char data[100];
  memset(data, 'd', sizeof data);
  assert_int_equal(write(sv[1], data, sizeof data), (ssize_t)sizeof data);
  while (cnet_socket_readable_length(s) < sizeof data) uv_run(loop, UV_RUN_ONCE);
  assert_false(s->flags & S_READING);
  received = 0;
  cnet_on(s, CNET_EV_DATA, count, NULL); /* flows, and reads again */
  while (received < sizeof data) uv_run(loop, UV_RUN_ONCE);
  assert_int_equal(cnet_socket_readable_length(s), 0);
  assert_true(s->flags & S_READING);
  cnet_socket_destroy(s, NULL);
  cnet_socket_release(s);
}

/* ---- net.connect()'s socket options ---- */

/* connect({fd, path, readable: false}): the socket is made on fd, a
 * connected socketpair, so the kernel refuses to connect it to a listening
 * path with EISCONN (a fresh socket would connect). */
static void connect_options_reach_the_socket(void **state) {
  (void)state;
  char dir[] = "/tmp/cnet-XXXXXX", path[64];
  assert_non_null(mkdtemp(dir));
  snprintf(path, sizeof path, "%s/s", dir);
  struct sockaddr_un sun = {.sun_family = AF_UNIX};
  snprintf(sun.sun_path, sizeof sun.sun_path, "%s", path);
  int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  assert_int_equal(bind(listener, (struct sockaddr *)&sun, sizeof sun), 0);
  assert_int_equal(listen(listener, 1), 0);
  cnet_socket_t *c = cnet_connect(loop, &(cnet_connect_opts){
      .has_fd = true, .fd = sv[0], .readable = CNET_FALSE, .path = path,
      .allow_half_open = true, .writable_high_water_mark = 9}, NULL, NULL);
  assert_non_null(c);
  cnet_socket_retain(c);
  assert_false(cnet_socket_readable(c));
  assert_true(cnet_socket_allow_half_open(c));
  assert_int_equal(cnet_socket_writable_high_water_mark(c), 9);
  bool closed = false;
  cnet_on(c, CNET_EV_ERROR, keep_error, NULL);
  cnet_on(c, CNET_EV_CLOSE, set_flag, &closed);
  last_message[0] = '\0';
  run_until(&closed);
  assert_true(strncmp(last_message, "EISCONN ", 8) == 0);
  cnet_socket_release(c);
  close(listener);
  unlink(path);
  rmdir(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(corked_writes_wait_for_the_last_uncork, setup, teardown),
    cmocka_unit_test_setup_teardown(a_big_corked_writev_goes_out_in_parts, setup, teardown),
    cmocka_unit_test_setup_teardown(the_corked_count_stops_at_its_bound, setup, teardown),
    cmocka_unit_test_setup_teardown(a_buffer_function_without_a_first_buffer, setup, teardown),
    cmocka_unit_test_setup_teardown(a_buffer_function_wins_over_a_buffer, setup, teardown),
    cmocka_unit_test_setup_teardown(high_water_marks, setup, teardown),
    cmocka_unit_test_setup_teardown(the_readable_mark_stops_reading, setup, teardown),
    cmocka_unit_test_setup_teardown(connect_options_reach_the_socket, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
