/* Nothing a peer sends makes cnet buffer without limit. A peer floods a
 * socket that is paused (or has no `data` listener yet): cnet reads up to
 * the readable high-water mark, keeps that (plus at most one read), and
 * stops; the kernel's buffers fill and push back on the peer, however long
 * it keeps trying. Resumed, the socket gets every byte, and the memory it
 * kept goes back: a socket that was paused once does not hold a buffer for
 * the rest of its life (it did: 128 to 256 KiB per connection).
 *
 * The peers are plain non-blocking sockets of this process, written
 * whenever the kernel takes more (uv_poll), from one static buffer, so
 * that the only memory that can grow is cnet's. Heap figures come from
 * glibc's mallinfo2(); where there is none (ASan and valgrind answer 0),
 * those checks are said to be skipped and the rest runs. */
#include <errno.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../lib/heap.h"
#include "cnet.h"

#define HWM 65536
#define READ_MAX 65536 /* one read of the loop's buffer */
#define CONNS 200

static uv_loop_t loop;
static char junk[256 * 1024];

/* ---- the peers ---- */

typedef struct {
  int fd;
  uv_poll_t poll;
  size_t sent, limit; /* stops at limit */
  bool blocked;       /* the kernel took no more, last time it was asked */
} peer_t;

static void peer_write(uv_poll_t *p, int status, int events) {
  (void)status;
  (void)events;
  peer_t *pe = p->data;
  pe->blocked = false;
  while (pe->sent < pe->limit) {
    size_t n = pe->limit - pe->sent < sizeof junk ? pe->limit - pe->sent : sizeof junk;
    ssize_t w = send(pe->fd, junk, n, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (w < 0) {
      assert_true(errno == EAGAIN || errno == EWOULDBLOCK);
      pe->blocked = true;
      return;
    }
    pe->sent += (size_t)w;
  }
  uv_poll_stop(p);
  shutdown(pe->fd, SHUT_WR); /* all sent: the socket sees `end` */
}

static void peer_connect(peer_t *pe, int port, size_t limit) {
  struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  pe->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  assert_true(pe->fd >= 0);
  assert_int_equal(connect(pe->fd, (struct sockaddr *)&sin, sizeof sin), 0);
  pe->limit = limit;
  uv_poll_init(&loop, &pe->poll, pe->fd);
  pe->poll.data = pe;
  uv_poll_start(&pe->poll, UV_WRITABLE, peer_write);
}

static void peer_close(peer_t *pe) {
  uv_close((uv_handle_t *)&pe->poll, NULL);
  uv_run(&loop, UV_RUN_NOWAIT);
  close(pe->fd);
}

/* ---- the server's sockets ---- */

typedef struct {
  cnet_socket_t *s[CONNS];
  int n, ended, closed;
  uint64_t got[CONNS];
  bool no_listener; /* leave the socket without a `data` listener instead of pausing it */
} side_t;

static side_t side;

static void count_data(const cnet_event_t *ev, void *ctx) {
  side.got[(intptr_t)ctx] += ev->u.data.len;
}
static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  side.ended++;
  cnet_socket_end(ev->emitter, NULL, NULL);
}
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  (void)ctx;
  side.closed++;
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->u.connection;
  side.s[side.n++] = c;
  cnet_socket_retain(c);
  cnet_on(c, CNET_EV_END, on_end, NULL);
  cnet_on(c, CNET_EV_CLOSE, on_close, NULL);
  if (!side.no_listener) cnet_socket_pause(c);
}

static void consume(int i) {
  cnet_on(side.s[i], CNET_EV_DATA, count_data, (void *)(intptr_t)i);
  cnet_socket_resume(side.s[i]);
}

static cnet_server_t *server;
static int port;

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  (void)ctx;
  port = cnet_server_port(server);
}

static void run_until(bool (*cond)(void)) {
  for (int i = 0; i < 100000 && !cond(); i++) uv_run(&loop, UV_RUN_ONCE);
  assert_true(cond());
}

static void listen_fresh(bool no_listener) {
  side = (side_t){.no_listener = no_listener};
  port = 0;
  server = cnet_create_server(&loop, &(cnet_server_opts){.high_water_mark = HWM}, on_connection, NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", on_listening, NULL);
  while (!port) uv_run(&loop, UV_RUN_ONCE);
}

static int closed_server;
static void server_closed(cnet_server_t *s, const cnet_error_t *e, void *ctx) {
  (void)s; (void)e; (void)ctx;
  closed_server = 1;
}
static void finish(void) {
  closed_server = 0;
  cnet_server_close(server, server_closed, NULL);
  for (int i = 0; i < side.n; i++) cnet_socket_release(side.s[i]);
  while (!closed_server) uv_run(&loop, UV_RUN_ONCE);
  uv_run(&loop, UV_RUN_DEFAULT);
}

/* Waits 200 ms of loop: time for a socket that did not stop to read on. */
static void on_waited(uv_timer_t *t) { *(int *)t->data = 1; }
static void idle_a_while(void) {
  uv_timer_t t;
  int fired = 0;
  uv_timer_init(&loop, &t);
  t.data = &fired;
  uv_timer_start(&t, on_waited, 200, 0);
  while (!fired) uv_run(&loop, UV_RUN_ONCE);
  uv_close((uv_handle_t *)&t, NULL);
  uv_run(&loop, UV_RUN_NOWAIT);
}

/* ---- one connection flooded ---- */

static peer_t peer;
static bool flooded(void) { return side.n == 1 && cnet_socket_readable_length(side.s[0]) >= HWM && peer.blocked; }
static bool all_read(void) { return side.closed == 1; }

static void flood_one(bool no_listener) {
  listen_fresh(no_listener);
  size_t total = 64u << 20;
  peer = (peer_t){0};
  peer_connect(&peer, port, total);
  run_until(flooded);
  uint64_t read_then = cnet_socket_bytes_read(side.s[0]);
  size_t sent_then = peer.sent, heap_then = test_heap_in_use();
  idle_a_while(); /* the peer keeps trying; the kernel takes nothing more */
  print_message("flooded %s: peer wrote %zu KiB before the kernel pushed back; cnet kept %zu bytes "
                "(high-water mark %d), read %llu\n",
                no_listener ? "(no data listener)" : "(paused)", peer.sent / 1024,
                cnet_socket_readable_length(side.s[0]), HWM, (unsigned long long)read_then);
  assert_true(cnet_socket_readable_length(side.s[0]) < HWM + READ_MAX);
  assert_int_equal(cnet_socket_bytes_read(side.s[0]), read_then);
  assert_int_equal(peer.sent, sent_then);
  if (heap_then) assert_true(test_heap_in_use() <= heap_then + 4096);
  consume(0); /* every byte arrives, then `end`, and the socket closes */
  run_until(all_read);
  assert_int_equal(side.got[0], total);
  peer_close(&peer);
  finish();
}

static void paused_socket_stops_reading(void **state) {
  (void)state;
  flood_one(false);
}

static void socket_without_listener_stops_reading(void **state) {
  (void)state;
  flood_one(true);
}

/* ---- many connections: what they kept goes back ---- */

static peer_t peers[CONNS];
static bool all_full(void) {
  if (side.n < CONNS) return false;
  for (int i = 0; i < CONNS; i++)
    if (cnet_socket_readable_length(side.s[i]) < HWM) return false;
  return true;
}
static bool all_closed(void) { return side.closed == CONNS; }

static void paused_sockets_give_their_memory_back(void **state) {
  (void)state;
  listen_fresh(false);
  size_t before = test_heap_in_use();
  for (int i = 0; i < CONNS; i++) {
    peers[i] = (peer_t){0};
    peer_connect(&peers[i], port, 512 * 1024);
  }
  run_until(all_full);
  size_t full = test_heap_in_use();
  for (int i = 0; i < CONNS; i++) consume(i);
  run_until(all_closed);
  for (int i = 0; i < CONNS; i++) assert_int_equal(side.got[i], peers[i].limit);
  size_t after = test_heap_in_use();
  if (before) {
    print_message("heap in use: %zu KiB before, %zu KiB with %d paused connections full, %zu KiB once "
                  "they were read (%d sockets retained)\n",
                  before / 1024, full / 1024, CONNS, after / 1024, CONNS);
    /* what is left is each retained socket's own state, not its kept data */
    assert_true(after < before + CONNS * 4096);
  } else {
    print_message("heap figures: none from this allocator (ASan, valgrind): checked in the plain build\n");
  }
  for (int i = 0; i < CONNS; i++) peer_close(&peers[i]);
  finish();
}

static int setup(void **state) {
  (void)state;
  return uv_loop_init(&loop);
}
static int teardown(void **state) {
  (void)state;
  return uv_loop_close(&loop);
}

int main(void) {
  memset(junk, 'f', sizeof junk);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(paused_socket_stops_reading, setup, teardown),
      cmocka_unit_test_setup_teardown(socket_without_listener_stops_reading, setup, teardown),
      cmocka_unit_test_setup_teardown(paused_sockets_give_their_memory_back, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
