/* loadgen: the load generator of the echo benchmarks (bench/run drives it).
 *
 *   loadgen MODE TARGET [-c conns] [-m bytes] [-d secs] [-W secs] [-w bytes]
 *                       [-n conns] [-p server-pid]
 *
 * One thread, epoll, non-blocking sockets; every byte that comes back is
 * checked against the byte sent at that place of that connection's stream.
 * TARGET is a TCP port on 127.0.0.1 or the path of a Unix socket. Modes:
 *
 *   pingpong  -c connections (1), each with one -m byte message (64) in
 *             flight: messages a second, p50 and p99 round trips
 *   stream    -c connections (1) writing 64 KiB writes while reading the
 *             echo, at most -w bytes (1 MiB) unechoed each: MB a second
 *   cec       connect, echo -m bytes, close, -c (64) at a time:
 *             connections a second, p50 and p99 of a whole connection
 *   idle      -n connections (10000), each echoes -m bytes (1) and stays
 *             open: the server's RSS growth per connection (needs -p)
 *
 * The measured window lasts -d seconds (3) after a -W second warm-up (0.5);
 * idle must finish within -d seconds. With -p, the server's CPU time over
 * the window (utime + stime of /proc/PID/stat, all its threads) is reported,
 * with the machine's busy and stolen time from /proc/stat, so that a driver
 * can tell a run that other load disturbed.
 *
 * Prints one line of key=value pairs; on any error, a message on stderr and
 * status 1. */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "target.h"

enum mode { PINGPONG, STREAM, CEC, IDLE };
static const char *const mode_names[] = {"pingpong", "stream", "cec", "idle"};

#define CHUNK 65536             /* stream's write size */
#define PERIOD 251              /* the byte pattern repeats every PERIOD bytes */
#define BIN_NS 100              /* latency histogram: 100 ns bins ... */
#define BINS 500000             /* ... up to 50 ms */

static struct {
  enum mode mode;
  int port;                     /* -1: Unix socket */
  struct sockaddr_storage addr;
  socklen_t addrlen;
  int conns;
  size_t msg, window;
  long idle_conns;
  double secs, warmup;
  pid_t server;
} opt = {.conns = -1, .msg = 0, .window = 1 << 20, .idle_conns = 10000, .secs = 3, .warmup = 0.5};

typedef struct conn {
  int fd;
  unsigned id;                  /* picks the pattern's phase */
  uint64_t sent, echoed, goal;  /* bytes of this connection's stream */
  uint64_t started;             /* ns: the message (pingpong) or connection (cec) began */
} conn_t;

static int ep;
static char pattern[PERIOD + CHUNK];
static char inbuf[4 * CHUNK];
static conn_t *conns;
static unsigned next_id;
static int measuring;           /* inside the measured window */
static uint64_t ops, bytes, opened, done_conns;
static uint32_t hist[BINS];

__attribute__((noreturn, format(printf, 1, 2))) static void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("loadgen: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(1);
}

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- bytes: connection `id` sends pattern[(id * 29 + offset) % PERIOD] ---- */

static void pattern_init(void) {
  for (size_t i = 0; i < sizeof pattern; i++) pattern[i] = (char)(i % PERIOD * 97 % 256);
}

static const char *pattern_at(const conn_t *c, uint64_t offset) {
  return pattern + (c->id * 29u + offset) % PERIOD;
}

/* ---- connections ---- */

/* Once the local ports toward the server are all in TIME_WAIT (cec makes
 * tens of thousands of connections a second), connections come from other
 * loopback addresses too, 127.0.0.2-9, each with its own ports. */
static int spread_sources;

static void bind_spread_source(int fd) {
  struct sockaddr_in src = {.sin_family = AF_INET,
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK + 1 + next_id % 8)};
  setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &(int){1}, sizeof(int));
  if (bind(fd, (struct sockaddr *)&src, sizeof src) != 0) die("bind: %s", strerror(errno));
}

/* Starts c's connection: 0 when under way or made, -1 when a Unix server's
 * backlog is full (try again later). Edge-triggered for reading and
 * writing, so a connection is registered once and never modified. */
static int conn_open(conn_t *c) {
  c->fd = socket(opt.addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (c->fd < 0) die("socket: %s", strerror(errno));
  if (opt.port >= 0) {
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &(int){1}, sizeof(int));
    if (spread_sources) bind_spread_source(c->fd);
  }
  if (connect(c->fd, (struct sockaddr *)&opt.addr, opt.addrlen) != 0 && errno != EINPROGRESS) {
    if (errno == EAGAIN && opt.port < 0) {
      close(c->fd);
      c->fd = -1;
      return -1;
    }
    if (errno == EADDRNOTAVAIL && opt.port >= 0 && !spread_sources) {
      close(c->fd);
      spread_sources = 1;
      return conn_open(c);
    }
    die("connect: %s", strerror(errno));
  }
  struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLET, .data.ptr = c};
  if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) != 0) die("epoll_ctl: %s", strerror(errno));
  c->id = next_id++;
  c->sent = c->echoed = c->goal = 0;
  opened++;
  return 0;
}

/* Writes toward c->goal, at most `max` bytes a write; false on EAGAIN. */
static int conn_flush(conn_t *c, size_t max) {
  while (c->sent < c->goal) {
    size_t n = c->goal - c->sent;
    if (n > max) n = max;
    ssize_t w = write(c->fd, pattern_at(c, c->sent), n);
    if (w < 0) {
      if (errno == EAGAIN) return 0;
      die("write: %s", strerror(errno));
    }
    c->sent += (uint64_t)w;
  }
  return 1;
}

/* Reads and checks up to `max` bytes; the count, or -1 on EAGAIN. */
static ssize_t conn_read(conn_t *c, size_t max) {
  if (max > sizeof inbuf) max = sizeof inbuf;
  ssize_t n = read(c->fd, inbuf, max);
  if (n < 0) {
    if (errno == EAGAIN) return -1;
    die("read: %s", strerror(errno));
  }
  if (n == 0) die("the server closed connection %u", c->id);
  if ((uint64_t)n > c->sent - c->echoed) die("connection %u: more bytes than were sent", c->id);
  for (ssize_t done = 0; done < n;) { /* the pattern is contiguous for PERIOD + CHUNK bytes */
    size_t k = (size_t)(n - done) > CHUNK ? CHUNK : (size_t)(n - done);
    if (memcmp(inbuf + done, pattern_at(c, c->echoed + (uint64_t)done), k) != 0)
      die("connection %u: wrong byte near offset %llu", c->id,
          (unsigned long long)(c->echoed + (uint64_t)done));
    done += (ssize_t)k;
  }
  c->echoed += (uint64_t)n;
  return n;
}

/* Reads until the echo reaches c->goal; true when it has. A complete
 * message is not followed by a read that would find nothing. */
static int conn_await_echo(conn_t *c) {
  while (c->echoed < c->goal)
    if (conn_read(c, c->goal - c->echoed) < 0) return 0;
  return 1;
}

static void record(uint64_t started) {
  if (!measuring) return;
  uint64_t bin = (now_ns() - started) / BIN_NS;
  hist[bin < BINS ? bin : BINS - 1]++;
  ops++;
}

static double percentile_us(double p) {
  uint64_t total = 0, seen = 0;
  for (size_t i = 0; i < BINS; i++) total += hist[i];
  if (!total) return 0;
  for (size_t i = 0; i < BINS; i++)
    if ((seen += hist[i]) >= (uint64_t)(p * (double)total + 0.5)) return (i + 0.5) * BIN_NS / 1e3;
  return BINS * BIN_NS / 1e3;
}

/* ---- modes: each handles one readiness event of a connection ---- */

static void pingpong_send(conn_t *c) {
  c->started = now_ns();
  c->goal += opt.msg;
  conn_flush(c, opt.msg);
}

/* The next echo comes with an edge of its own: no read after a send. */
static void pingpong_event(conn_t *c) {
  if (!conn_flush(c, opt.msg) || !conn_await_echo(c)) return;
  record(c->started);
  pingpong_send(c);
}

static void stream_event(conn_t *c) {
  for (int progress = 1; progress;) {
    progress = 0;
    ssize_t n;
    while ((n = conn_read(c, sizeof inbuf)) > 0) {
      if (measuring) bytes += (uint64_t)n;
      progress = 1;
    }
    uint64_t before = c->sent;
    while (c->sent - c->echoed + CHUNK <= opt.window) {
      c->goal = c->sent + CHUNK;
      if (!conn_flush(c, CHUNK)) break;
    }
    if (c->sent != before) progress = 1;
  }
}

/* cec and idle: a connection is opened, echoes opt.msg bytes, then closes
 * (cec) or stays (idle). Unix connects refused for a full backlog wait in
 * `pending` for the next turn of the loop. */
static long pending;
static int idle_complete;

static void cec_start(conn_t *c) {
  if (conn_open(c) != 0) {
    pending++;
    return;
  }
  c->started = now_ns();
  c->goal = opt.msg;
  conn_flush(c, opt.msg);
}

static void cec_event(conn_t *c) {
  if (!conn_flush(c, opt.msg) || !conn_await_echo(c)) return;
  close(c->fd);
  record(c->started);
  cec_start(c);
}

/* idle opens its connections in order: the next is always conns[opened]. */
static void idle_event(conn_t *c) {
  if (c->echoed == c->goal || !conn_flush(c, opt.msg) || !conn_await_echo(c)) return;
  idle_complete = ++done_conns == (uint64_t)opt.idle_conns;
  if (opened + (uint64_t)pending < (uint64_t)opt.idle_conns) cec_start(&conns[opened]);
}

/* ---- CPU and memory of the server and the machine ---- */

typedef struct {
  uint64_t t;
  double server, client;        /* seconds of CPU */
  double busy, steal, softirq;  /* seconds, whole machine */
  double ksoftirqd;             /* seconds: softirqs deferred to their threads */
} sample_t;

static pid_t ksoftirqd[64];
static int nksoftirqd;

static double ticks(unsigned long long n) { return (double)n / (double)sysconf(_SC_CLK_TCK); }

/* utime + stime of a process, all its threads. */
static double proc_cpu(pid_t pid) {
  char path[64], line[1024];
  snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
  FILE *f = fopen(path, "r");
  if (!f || !fgets(line, sizeof line, f)) die("cannot read %s (is the server running?)", path);
  fclose(f);
  unsigned long long utime, stime;
  char *p = strrchr(line, ')'); /* fields after the command name; utime is field 14 */
  if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime,
                   &stime) != 2)
    die("cannot parse %s", path);
  return ticks(utime + stime);
}

/* The loopback traffic's own softirqs may run in ksoftirqd/N, which is
 * neither side's time but not other load either. */
static void find_ksoftirqd(void) {
  char path[64], comm[32];
  for (pid_t pid = 1; pid < 1000 && nksoftirqd < 64; pid++) { /* kernel threads come first */
    snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) continue;
    if (fgets(comm, sizeof comm, f) && strncmp(comm, "ksoftirqd/", 10) == 0)
      ksoftirqd[nksoftirqd++] = pid;
    fclose(f);
  }
}

static void machine_cpu(sample_t *s) {
  unsigned long long u, n, sy, idle, io, irq, sirq, st;
  FILE *f = fopen("/proc/stat", "r");
  if (!f || fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &u, &n, &sy, &idle, &io,
                   &irq, &sirq, &st) != 8)
    die("cannot read /proc/stat");
  fclose(f);
  s->busy = ticks(u + n + sy + irq + sirq);
  s->softirq = ticks(irq + sirq);
  s->steal = ticks(st);
}

static void sample(sample_t *s) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  s->t = now_ns();
  s->server = opt.server ? proc_cpu(opt.server) : 0;
  s->ksoftirqd = 0;
  for (int i = 0; i < nksoftirqd; i++) s->ksoftirqd += proc_cpu(ksoftirqd[i]);
  s->client = (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
              ((double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_usec) / 1e6;
  machine_cpu(s);
}

static long server_rss_kb(void) {
  char path[64], line[256];
  long kb = -1;
  snprintf(path, sizeof path, "/proc/%d/status", (int)opt.server);
  FILE *f = fopen(path, "r");
  if (!f) die("cannot read %s", path);
  while (fgets(line, sizeof line, f))
    if (sscanf(line, "VmRSS: %ld kB", &kb) == 1) break;
  fclose(f);
  if (kb < 0) die("no VmRSS in %s", path);
  return kb;
}

/* ---- the loop ---- */

static void dispatch(conn_t *c) {
  switch (opt.mode) {
  case PINGPONG: pingpong_event(c); break;
  case STREAM: stream_event(c); break;
  case CEC: cec_event(c); break;
  case IDLE: idle_event(c); break;
  }
}

/* Runs the loop until `until` (ns) or, with stop set, until *stop is true. */
static void run_until(uint64_t until, const int *stop) {
  struct epoll_event evs[256];
  for (uint64_t t; (t = now_ns()) < until && !(stop && *stop);) {
    int ms = pending ? 1 : (int)((until - t) / 1000000 + 1);
    int n = epoll_wait(ep, evs, 256, ms);
    if (n < 0 && errno != EINTR) die("epoll_wait: %s", strerror(errno));
    for (int i = 0; i < n; i++) dispatch(evs[i].data.ptr);
    for (long retry = pending; retry > 0; retry--) { /* Unix connects that found the backlog full */
      pending--;
      conn_t *c = opt.mode == IDLE ? &conns[opened] : NULL;
      for (int k = 0; !c; k++)
        if (conns[k].fd < 0) c = &conns[k];
      cec_start(c);
    }
  }
}

static void print_common(double secs) {
  printf("mode=%s transport=%s conns=%d msg=%zu secs=%.3f", mode_names[opt.mode],
         opt.port < 0 ? "unix" : "tcp", opt.mode == IDLE ? (int)opt.idle_conns : opt.conns, opt.msg,
         secs);
}

static void measure(void) {
  uint64_t t0 = now_ns(), warm = (uint64_t)(opt.warmup * 1e9), len = (uint64_t)(opt.secs * 1e9);
  int n = opt.conns;
  find_ksoftirqd();
  for (int i = 0; i < n; i++) {
    if (opt.mode == CEC) cec_start(&conns[i]);
    else if (conn_open(&conns[i]) != 0) die("connect: the server's backlog is full");
  }
  if (opt.mode == PINGPONG) for (int i = 0; i < n; i++) pingpong_send(&conns[i]);
  if (opt.mode == STREAM) for (int i = 0; i < n; i++) stream_event(&conns[i]);
  run_until(t0 + warm, NULL);
  sample_t a, b;
  sample(&a);
  measuring = 1;
  run_until(a.t + len, NULL);
  measuring = 0;
  sample(&b);
  double secs = (double)(b.t - a.t) / 1e9, server = b.server - a.server;
  double client = b.client - a.client, busy = b.busy - a.busy;
  double units = opt.mode == STREAM ? (double)bytes / 1e6 : (double)ops;
  print_common(secs);
  printf(" unit=%s ops=%.0f rate=%.1f", opt.mode == STREAM ? "MB" : opt.mode == CEC ? "conn" : "msg",
         units, units / secs);
  if (opt.mode != STREAM) printf(" p50_us=%.1f p99_us=%.1f", percentile_us(0.50), percentile_us(0.99));
  if (opt.server)
    printf(" server_cpu_s=%.3f cpu_per_op_us=%.3f", server, units ? server / units * 1e6 : 0.0);
  /* other_cpu: the machine's busy time that neither side accounts for */
  double ksoft = b.ksoftirqd - a.ksoftirqd;
  printf(" client_cpu_s=%.3f machine_busy_s=%.3f softirq_s=%.3f ksoftirqd_s=%.3f steal_s=%.3f"
         " other_cpu_s=%.3f\n", client, busy, b.softirq - a.softirq, ksoft, b.steal - a.steal,
         busy - server - client - ksoft);
}

static void measure_idle(void) {
  if (!opt.server) die("idle needs -p SERVER_PID");
  uint64_t t0 = now_ns();
  long before = server_rss_kb();
  for (int i = 0; i < opt.conns && i < opt.idle_conns; i++) cec_start(&conns[opened]);
  run_until(t0 + (uint64_t)(opt.secs * 1e9), &idle_complete);
  if (!idle_complete)
    die("idle: %llu of %ld connections echoed within %.1f s", (unsigned long long)done_conns,
        opt.idle_conns, opt.secs);
  usleep(300000); /* the server settles (Node's heap, deferred frees) */
  long after = server_rss_kb();
  print_common((double)(now_ns() - t0) / 1e9);
  printf(" unit=conn rss_before_kb=%ld rss_after_kb=%ld rss_per_conn_b=%.1f\n", before, after,
         (double)(after - before) * 1024.0 / (double)opt.idle_conns);
}

__attribute__((noreturn)) static void usage(void) {
  fputs("usage: loadgen pingpong|stream|cec|idle PORT|PATH [-c conns] [-m bytes] [-d secs]\n"
        "               [-W warmup-secs] [-w window-bytes] [-n idle-conns] [-p server-pid]\n",
        stderr);
  exit(2);
}

int main(int argc, char **argv) {
  for (int o; (o = getopt(argc, argv, "c:m:d:W:w:n:p:")) != -1;) { /* options go anywhere */
    switch (o) {
    case 'c': opt.conns = atoi(optarg); break;
    case 'm': opt.msg = (size_t)atol(optarg); break;
    case 'd': opt.secs = atof(optarg); break;
    case 'W': opt.warmup = atof(optarg); break;
    case 'w': opt.window = (size_t)atol(optarg); break;
    case 'n': opt.idle_conns = atol(optarg); break;
    case 'p': opt.server = (pid_t)atoi(optarg); break;
    default: usage();
    }
  }
  if (argc - optind != 2) usage();
  int m = 0;
  while (m < 4 && strcmp(argv[optind], mode_names[m]) != 0) m++;
  if (m == 4) usage();
  opt.mode = (enum mode)m;
  opt.port = target_port(argv[optind + 1]);
  opt.addrlen = target_sockaddr(argv[optind + 1], &opt.addr);
  if (opt.port == 0) die("port 0: name the server's port");
  if (opt.conns < 0) opt.conns = opt.mode == CEC || opt.mode == IDLE ? 64 : 1;
  if (!opt.msg) opt.msg = opt.mode == IDLE ? 1 : 64;
  if (opt.conns < 1 || opt.msg > CHUNK || opt.window < CHUNK || opt.secs <= 0 || opt.idle_conns < 1)
    die("bad options (1 <= -c, -m <= %d, -w >= %d, -d > 0)", CHUNK, CHUNK);
  target_process_init();
  pattern_init();
  ep = epoll_create1(EPOLL_CLOEXEC);
  size_t n = opt.mode == IDLE ? (size_t)opt.idle_conns : (size_t)opt.conns;
  conns = calloc(n, sizeof *conns);
  if (!conns) die("out of memory");
  for (size_t i = 0; i < n; i++) conns[i].fd = -1;
  if (opt.mode == IDLE) measure_idle();
  else measure();
  return 0;
}
