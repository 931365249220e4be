/* A server out of descriptors (EMFILE on accept) behaves as Node v23.5.0's:
 * no `error`, the peers it cannot take are closed (libuv's reserve-fd
 * trick), the loop does not spin, and connections are accepted again once
 * descriptors are free. The clients are plain blocking sockets of this same
 * process, opened before RLIMIT_NOFILE is lowered. */
#include <errno.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cnet.h"

#define CLIENTS 10
#define ROOM 3 /* descriptors left for the server to accept with */

typedef struct {
  uv_loop_t loop;
  cnet_server_t *srv;
  cnet_socket_t *accepted[CLIENTS + 1];
  int listening, connections, errors, closed_sockets, closed;
  unsigned long iterations;
} state_t;

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  ((state_t *)ctx)->listening++;
}
static void on_socket_close(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  ((state_t *)ctx)->closed_sockets++;
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  state_t *st = ctx;
  st->accepted[st->connections++] = ev->u.connection;
  cnet_on(ev->u.connection, CNET_EV_CLOSE, on_socket_close, st);
}
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  ((state_t *)ctx)->errors++;
}
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  ((state_t *)ctx)->closed++;
}
static void count_iteration(uv_prepare_t *p) { ((state_t *)p->data)->iterations++; }

static void run_until(state_t *st, const int *counter, int value) {
  for (int i = 0; i < 1000 && *counter < value; i++) uv_run(&st->loop, UV_RUN_ONCE);
  assert_int_equal(*counter, value);
}

static int connect_client(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  assert_true(fd >= 0);
  /* completes from the listen queue, before any accept */
  assert_int_equal(connect(fd, (struct sockaddr *)&sin, sizeof sin), 0);
  return fd;
}

/* The peer closed it: EOF or a reset, without waiting. */
static bool peer_closed(int fd) {
  char c;
  ssize_t n = recv(fd, &c, 1, MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno == ECONNRESET);
}

static void timer_done(uv_timer_t *t) { (*(int *)t->data)++; }

static void emfile_is_survived(void **state) {
  (void)state;
  state_t st = {0};
  assert_int_equal(uv_loop_init(&st.loop), 0);
  uv_prepare_t prepare;
  uv_prepare_init(&st.loop, &prepare);
  prepare.data = &st;
  uv_prepare_start(&prepare, count_iteration);
  uv_unref((uv_handle_t *)&prepare);

  st.srv = cnet_create_server(&st.loop, NULL, on_connection, &st);
  cnet_on(st.srv, CNET_EV_ERROR, on_error, &st);
  cnet_on(st.srv, CNET_EV_CLOSE, on_close, &st);
  cnet_server_listen_port(st.srv, 0, "127.0.0.1", on_listening, &st);
  run_until(&st, &st.listening, 1);
  cnet_address_t a;
  cnet_server_address(st.srv, &a, NULL, NULL);

  int clients[CLIENTS + 1];
  for (int i = 0; i < CLIENTS; i++) clients[i] = connect_client(a.port);

  /* Room for ROOM more descriptors from here. */
  struct rlimit old, low;
  getrlimit(RLIMIT_NOFILE, &old);
  int next_fd = dup(0);
  close(next_fd);
  low = old;
  low.rlim_cur = (rlim_t)(next_fd + ROOM);
  assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);

  /* ROOM are accepted; the rest are closed by the reserve-fd trick. */
  run_until(&st, &st.connections, ROOM);
  int dropped = 0;
  for (int i = 0; i < 1000 && dropped < CLIENTS - ROOM; i++) {
    uv_run(&st.loop, UV_RUN_NOWAIT);
    dropped = 0;
    for (int c = ROOM; c < CLIENTS; c++) dropped += peer_closed(clients[c]);
    if (dropped < CLIENTS - ROOM) usleep(1000);
  }
  assert_int_equal(dropped, CLIENTS - ROOM);
  assert_int_equal(st.connections, ROOM);
  assert_int_equal(st.errors, 0); /* Node emits nothing on the server */

  /* Idle at EMFILE: 200 ms of loop must take a handful of iterations, not
   * the thousands of a listening socket that stays readable. */
  struct rusage before, after;
  getrusage(RUSAGE_SELF, &before);
  int fired = 0;
  uv_timer_t timer;
  uv_timer_init(&st.loop, &timer);
  timer.data = &fired;
  uv_timer_start(&timer, timer_done, 200, 0);
  unsigned long start_iterations = st.iterations;
  run_until(&st, &fired, 1);
  getrusage(RUSAGE_SELF, &after);
  unsigned long idle_iterations = st.iterations - start_iterations;
  long cpu_us = (after.ru_utime.tv_sec - before.ru_utime.tv_sec) * 1000000L +
                (after.ru_utime.tv_usec - before.ru_utime.tv_usec) +
                (after.ru_stime.tv_sec - before.ru_stime.tv_sec) * 1000000L +
                (after.ru_stime.tv_usec - before.ru_stime.tv_usec);
  print_message("idle at EMFILE: %lu loop iterations, %ld us of CPU in 200 ms\n", idle_iterations, cpu_us);
  assert_true(idle_iterations <= 5);

  /* Free two descriptors: one for a new client, one to accept it with. */
  cnet_socket_destroy(st.accepted[0], NULL);
  cnet_socket_destroy(st.accepted[1], NULL);
  run_until(&st, &st.closed_sockets, 2);
  clients[CLIENTS] = connect_client(a.port);
  run_until(&st, &st.connections, ROOM + 1);
  assert_false(peer_closed(clients[CLIENTS]));
  assert_int_equal(st.errors, 0);

  assert_int_equal(setrlimit(RLIMIT_NOFILE, &old), 0);
  for (int i = 0; i <= CLIENTS; i++) close(clients[i]);
  for (int i = 2; i < st.connections; i++) cnet_socket_destroy(st.accepted[i], NULL);
  cnet_server_close(st.srv, NULL, NULL);
  run_until(&st, &st.closed, 1);
  uv_close((uv_handle_t *)&prepare, NULL);
  uv_close((uv_handle_t *)&timer, NULL);
  uv_run(&st.loop, UV_RUN_DEFAULT);
  assert_int_equal(uv_loop_close(&st.loop), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(emfile_is_survived),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
