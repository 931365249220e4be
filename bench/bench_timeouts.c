/* The cost of idle-timeout bookkeeping on the data path: 100,000 cnet
 * sockets, echo traffic on some of them, with and without setTimeout() on
 * every one.
 *
 * One process cannot hold 100,000 descriptors here (the hard limit is
 * 20,000), so 10,000 of the sockets are connected (5,000 Unix socket pairs,
 * both ends wrapped by cnet sockets through the `fd` option) and 90,000 are
 * made with new net.Socket() and never connected. With timeouts, every one
 * of the 100,000 has socket.setTimeout(60000), so all of them are in the
 * loop's timeout list while the connected ones ping-pong 64-byte messages,
 * each read and write moving its socket in that list. Both runs make the
 * same 100,000 sockets; only setTimeout differs. The figure is process CPU
 * time per read+write (one `data` event and the write that answers it),
 * median of 3 alternating runs each. */
#include <cnet.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "target.h"

#define SOCKETS 100000
#define PAIRS 5000
#define ROUNDS 40 /* round trips per pair */
#define MSG 64
#define TIMEOUT_MS 60000
#define REPEATS 3

static uv_loop_t *loop;
static cnet_socket_t *all[SOCKETS];
static long echoes, trips_left;
static const char msg[MSG];

static double cpu_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The answering end: writes back what it reads. */
static void on_echo_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  echoes++;
  cnet_socket_write(ev->emitter, ev->u.data.bytes, ev->u.data.len, NULL, NULL);
}

/* The asking end: sends the next message until its rounds are done. The
 * messages are 64 bytes and one is in flight, so each is read whole. */
static void on_reply_data(const cnet_event_t *ev, void *rounds) {
  echoes++;
  if (--*(int *)rounds > 0) cnet_socket_write(ev->emitter, msg, MSG, NULL, NULL);
  else trips_left--;
}

/* Runs one measurement: returns CPU nanoseconds per read+write. */
static double run(int with_timeouts) {
  static int rounds[PAIRS];
  int sv[2];
  for (int i = 0; i < PAIRS; i++) {
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
      perror("socketpair (raise the descriptor limit to 10,100)");
      exit(1);
    }
    all[2 * i] = cnet_socket_new(loop, &(cnet_socket_opts){.has_fd = true, .fd = sv[0]});
    all[2 * i + 1] = cnet_socket_new(loop, &(cnet_socket_opts){.has_fd = true, .fd = sv[1]});
    rounds[i] = ROUNDS;
    cnet_on(all[2 * i], CNET_EV_DATA, on_reply_data, &rounds[i]);
    cnet_on(all[2 * i + 1], CNET_EV_DATA, on_echo_data, NULL);
  }
  for (int i = 2 * PAIRS; i < SOCKETS; i++) all[i] = cnet_socket_new(loop, NULL);
  if (with_timeouts)
    for (int i = 0; i < SOCKETS; i++) cnet_socket_set_timeout(all[i], TIMEOUT_MS, NULL, NULL);
  echoes = 0;
  trips_left = PAIRS;
  double t0 = cpu_seconds();
  for (int i = 0; i < PAIRS; i++) cnet_socket_write(all[2 * i], msg, MSG, NULL, NULL);
  while (trips_left > 0) uv_run(loop, UV_RUN_ONCE);
  double cpu = cpu_seconds() - t0;
  for (int i = 0; i < SOCKETS; i++) cnet_socket_destroy(all[i], NULL);
  uv_run(loop, UV_RUN_DEFAULT); /* the closes */
  if (echoes != 2L * PAIRS * ROUNDS) {
    fprintf(stderr, "bench_timeouts: %ld reads, expected %ld\n", echoes, 2L * PAIRS * ROUNDS);
    exit(1);
  }
  return cpu * 1e9 / (double)echoes;
}

static double median3(double *v) {
  double a = v[0], b = v[1], c = v[2];
  return a > b ? (b > c ? b : (a > c ? c : a)) : (a > c ? a : (b > c ? c : b));
}

int main(void) {
  target_process_init(); /* 10,000 descriptors */
  loop = uv_default_loop();
  double plain[REPEATS], timed[REPEATS];
  run(0); /* warm-up: the allocator's free lists and the loop's arrays grow once */
  for (int r = 0; r < REPEATS; r++) {
    plain[r] = run(0);
    timed[r] = run(1);
  }
  double p = median3(plain), t = median3(timed);
  printf("idle-timeout bookkeeping, %d sockets (%d connected in Unix pairs, the rest never "
         "connected), %d-byte ping-pong, %d round trips a pair, median of %d\n",
         SOCKETS, 2 * PAIRS, MSG, ROUNDS, REPEATS);
  printf("  without setTimeout:          %7.1f ns CPU per read+write\n", p);
  printf("  setTimeout(%d) on all:    %7.1f ns CPU per read+write\n", TIMEOUT_MS, t);
  printf("  cost of the bookkeeping:     %7.1f ns (%+.1f%%)\n", t - p, (t - p) / p * 100);
  return 0;
}
