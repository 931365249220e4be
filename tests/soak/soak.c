/* The soak: a cnet server in this process, cnet clients in a forked one
 * (each process has its own descriptor limit), holding many connections at
 * once. Each end of each connection streams seeded bytes with random chunk
 * sizes, pauses, idle timeouts and half-closes (endpoint.c); clients that
 * end early are replaced by new connections. At the end the clients send
 * their account of every connection to the server process, which checks
 * that for every connection and direction the bytes written equal the
 * bytes read and their checksums agree, that every connection closed
 * without an error, that all were open at once, and that every "sleepy"
 * connection's idle timeout fired on both ends. Both processes sample their
 * resident memory and the server prints the figures.
 *
 * Sizes: 1,000 connections streaming for 3 s; 100 under valgrind;
 * CNET_SOAK=1: 10,000 for CNET_SOAK_SECONDS (default 60).
 * CNET_SOAK_CONNECTIONS overrides the count. Linux: it reads /proc. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sampler.h"
#include "soak.h"

#if defined(__has_include) && __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#else
#define RUNNING_ON_VALGRIND 0
#endif

#define MAX_CONNECTING 256 /* connects under way at once while ramping up */
#define GRACE_MS 60000     /* past the streaming phase: a hang, reported */

soak_config_t soak_cfg;

/* Every connection's record, in the order they closed. */
typedef struct {
  soak_record_t *v;
  size_t n, cap;
} records_t;

static void records_add(records_t *r, const soak_record_t *rec) {
  if (r->n == r->cap) {
    r->cap = r->cap ? r->cap * 2 : 1024;
    r->v = realloc(r->v, r->cap * sizeof *r->v);
  }
  r->v[r->n++] = *rec;
}

static void fail(const char *what) {
  fprintf(stderr, "soak: %s\n", what);
  exit(1);
}

/* A watchdog: a run that has not ended long after its streaming phase
 * hangs; say what is still open and fail. */
static const char *watchdog_side;
static int *watchdog_open;
static void watchdog(void *ctx) {
  (void)ctx;
  fprintf(stderr, "soak: %s: %d connections still open %d ms after the streaming phase\n",
          watchdog_side, *watchdog_open, GRACE_MS);
  exit(1);
}
static cnet_timer_t *watch(const char *side, int *open) {
  watchdog_side = side;
  watchdog_open = open;
  cnet_timer_t *t = cnet_timer_unref(cnet_set_timeout(NULL, soak_cfg.duration_ms + GRACE_MS, watchdog, NULL));
  return cnet_timer_retain(t);
}
static void unwatch(cnet_timer_t *t) {
  cnet_clear_timeout(t);
  cnet_timer_release(t);
}

static void write_all(int fd, const void *p, size_t n) {
  for (const char *c = p; n;) {
    ssize_t w = write(fd, c, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) fail("writing the report");
    c += w, n -= (size_t)w;
  }
}

/* ======================= the clients' process ======================= */

static struct {
  int port, opened, connecting, open;
  uint64_t next_id, run_end;
  bool started;
  cnet_socket_t **ramp; /* held until the streaming starts */
  records_t recs;
  cnet_timer_t *watchdog;
} C;

/* When a client's end half-closes: by the end of the streaming phase (the
 * last 300 ms of it), or, for a tenth, earlier, then replaced by a new
 * connection. */
static uint64_t client_stop_at(uint64_t id) {
  uint64_t x = id * 7919, at_end = C.run_end - x % 300;
  uint64_t early = soak_now_ms() + x % soak_cfg.duration_ms;
  return id % 10 == 3 && early < at_end ? early : at_end;
}

static void open_one(void);

static void client_closed(const soak_record_t *rec, void *ctx) {
  (void)ctx;
  records_add(&C.recs, rec);
  C.open--;
  if (C.started && soak_now_ms() + 1000 < C.run_end) open_one();
  if (C.open == 0 && C.connecting == 0 && C.started) unwatch(C.watchdog);
}

static void start_streaming(void) {
  C.started = true;
  C.run_end = soak_now_ms() + soak_cfg.duration_ms;
  for (int i = 0; i < C.opened; i++) {
    cnet_socket_t *s = C.ramp[i];
    endpoint_t *e = cnet_socket_get_data(s);
    if (!cnet_socket_destroyed(s)) endpoint_start(e, client_stop_at((uint64_t)i + 1));
    cnet_socket_release(s);
  }
  free(C.ramp);
  C.ramp = NULL;
}

static void on_connected(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *s = ev->emitter;
  C.connecting--;
  C.open++;
  if (C.started) {
    endpoint_t *e = cnet_socket_get_data(s);
    endpoint_start(e, client_stop_at(C.next_id));
  } else if (C.open == soak_cfg.connections) {
    start_streaming();
  } else {
    while (C.connecting < MAX_CONNECTING && C.opened < soak_cfg.connections) open_one();
  }
}

static void open_one(void) {
  uint64_t id = C.next_id++;
  /* a third with a small write queue: write() says wait, `drain` follows */
  cnet_connect_opts o = {.port = C.port, .host = "127.0.0.1", .allow_half_open = true,
                         .writable_high_water_mark = id % 3 ? 0 : 1024};
  cnet_socket_t *s = cnet_connect(NULL, &o, on_connected, NULL);
  endpoint_new(s, true, id, client_closed, NULL);
  if (!C.started) C.ramp[C.opened++] = cnet_socket_retain(s);
  C.connecting++;
}

static int run_clients(int fd) {
  if (read(fd, &C.port, sizeof C.port) != sizeof C.port) fail("no port from the server");
  C.next_id = 1;
  C.ramp = calloc((size_t)soak_cfg.connections, sizeof *C.ramp);
  sampler_start(&C.open);
  C.watchdog = watch("clients", &C.open);
  while (C.connecting < MAX_CONNECTING && C.opened < soak_cfg.connections) open_one();
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  sampler_stop();
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  if (uv_loop_close(uv_default_loop()) != 0) fail("clients: the loop did not close clean");
  uint32_t head[2] = {(uint32_t)C.recs.n, (uint32_t)sampler.n};
  write_all(fd, head, sizeof head);
  write_all(fd, sampler.v, sampler.n * sizeof *sampler.v);
  write_all(fd, C.recs.v, C.recs.n * sizeof *C.recs.v);
  close(fd);
  free(C.recs.v);
  sampler_free();
  return 0;
}

/* ======================= the server's process ======================= */

static struct {
  cnet_server_t *server;
  int open, held;
  uint64_t all_open_at, last_close_at;
  records_t recs;
  uv_pipe_t report_pipe;
  char *report;
  size_t report_len, report_cap;
  bool report_done;
  cnet_timer_t *watchdog;
} S;

static void maybe_finish(void) {
  if (!S.report_done || S.open) return;
  unwatch(S.watchdog);
  sampler_stop();
  cnet_server_close(S.server, NULL, NULL);
}

static void server_closed(const soak_record_t *rec, void *ctx) {
  (void)ctx;
  records_add(&S.recs, rec);
  S.open--;
  S.last_close_at = soak_now_ms();
  maybe_finish();
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  endpoint_new(ev->u.connection, false, 0, server_closed, NULL);
  if (++S.open > S.held) S.held = S.open;
  if (S.held == soak_cfg.connections && !S.all_open_at) S.all_open_at = soak_now_ms();
}

static void report_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  (void)h;
  if (S.report_cap - S.report_len < suggested) {
    S.report_cap = S.report_cap * 2 + suggested;
    S.report = realloc(S.report, S.report_cap);
  }
  *buf = uv_buf_init(S.report + S.report_len, (unsigned)(S.report_cap - S.report_len));
}

static void report_read(uv_stream_t *st, ssize_t n, const uv_buf_t *buf) {
  (void)buf;
  if (n > 0) S.report_len += (size_t)n;
  if (n >= 0) return;
  uv_close((uv_handle_t *)st, NULL);
  S.report_done = true;
  maybe_finish();
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  int fd = *(int *)ctx;
  int port = cnet_server_port(ev->emitter);
  write_all(fd, &port, sizeof port);
  uv_pipe_init(uv_default_loop(), &S.report_pipe, 0);
  uv_pipe_open(&S.report_pipe, fd);
  uv_read_start((uv_stream_t *)&S.report_pipe, report_alloc, report_read);
}

static int by_id(const void *a, const void *b) {
  uint64_t x = ((const soak_record_t *)a)->id, y = ((const soak_record_t *)b)->id;
  return x < y ? -1 : x > y;
}

typedef struct {
  uint64_t c2s, s2c, timeouts, pauses, drains, half_open;
  size_t sleepy;
} totals_t;

/* One connection as both ends saw it. */
static bool check_pair(const soak_record_t *c, const soak_record_t *s, totals_t *t) {
  uint64_t cs = soak_sum_value(&c->sent_sum), cr = soak_sum_value(&c->recv_sum),
           ss = soak_sum_value(&s->sent_sum), sr = soak_sum_value(&s->recv_sum);
  bool ok = c->id == s->id && c->sent == s->recv && cs == sr && s->sent == c->recv && ss == cr;
  ok = ok && (c->flags & s->flags & REC_CLOSED) && !((c->flags | s->flags) & REC_ERROR);
  if (soak_sleepy(c->id)) {
    t->sleepy++;
    ok = ok && c->timeouts && s->timeouts; /* see endpoint.c, wake_maybe */
  }
  if (!ok)
    fprintf(stderr,
            "soak: connection %llu: client sent %llu (%016llx) got %llu (%016llx) timeouts %u flags %x; "
            "server got %llu (%016llx) sent %llu (%016llx) timeouts %u flags %x\n",
            (unsigned long long)c->id, (unsigned long long)c->sent, (unsigned long long)cs,
            (unsigned long long)c->recv, (unsigned long long)cr, c->timeouts, c->flags,
            (unsigned long long)s->recv, (unsigned long long)sr, (unsigned long long)s->sent,
            (unsigned long long)ss, s->timeouts, s->flags);
  t->c2s += c->sent;
  t->s2c += s->sent;
  t->timeouts += c->timeouts + s->timeouts;
  t->pauses += c->pauses + s->pauses;
  t->drains += c->drains + s->drains;
  t->half_open += ((c->flags | s->flags) & REC_END_FIRST) != 0;
  return ok;
}

static int verify(const soak_record_t *crecs, size_t nc, const sample_t *csamples, size_t ns) {
  int bad = 0;
  if (nc != S.recs.n) {
    fprintf(stderr, "soak: the clients closed %zu connections, the server %zu\n", nc, S.recs.n);
    return 1;
  }
  soak_record_t *c = malloc(nc * sizeof *c);
  memcpy(c, crecs, nc * sizeof *c);
  qsort(c, nc, sizeof *c, by_id);
  qsort(S.recs.v, nc, sizeof *c, by_id);
  totals_t t = {0};
  for (size_t i = 0; i < nc; i++) bad += !check_pair(&c[i], &S.recs.v[i], &t);
  free(c);
  if (S.held < soak_cfg.connections) {
    fprintf(stderr, "soak: %d connections open at once, not %d\n", S.held, soak_cfg.connections);
    bad++;
  }
  printf("soak: %d connections held at once, %zu in all; %d mismatched\n", S.held, nc, bad);
  printf("soak: bytes checked: %llu client->server, %llu server->client (count and checksum equal per "
         "connection and direction)\n",
         (unsigned long long)t.c2s, (unsigned long long)t.s2c);
  printf("soak: %llu idle timeouts (both ends of all %zu sleepy connections), %llu read pauses, %llu "
         "drains, %llu connections half-open for a while\n",
         (unsigned long long)t.timeouts, t.sleepy, (unsigned long long)t.pauses,
         (unsigned long long)t.drains, (unsigned long long)t.half_open);
  printf("soak: all open after %llu ms of ramp; streaming %llu ms; closed %llu ms after that\n",
         (unsigned long long)(S.all_open_at - sampler.start_ms), (unsigned long long)soak_cfg.duration_ms,
         (unsigned long long)(S.last_close_at - S.all_open_at - soak_cfg.duration_ms));
  bad += !sampler_report("server", sampler.v, sampler.n, S.all_open_at, soak_cfg.duration_ms);
  bad += !sampler_report("clients", csamples, ns, S.all_open_at, soak_cfg.duration_ms);
  return bad != 0;
}

static int run_server(int fd, pid_t child) {
  sampler_start(&S.open);
  S.watchdog = watch("server", &S.open);
  cnet_server_opts o = {.allow_half_open = true, .high_water_mark = 16384};
  S.server = cnet_create_server(NULL, &o, on_connection, NULL);
  cnet_server_listen(S.server, &(cnet_listen_opts){.host = "127.0.0.1", .backlog = 4096}, on_listening,
                     &fd);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  if (uv_loop_close(uv_default_loop()) != 0) fail("server: the loop did not close clean");
  int status;
  if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    fail("the clients' process failed");
  uint32_t head[2];
  if (S.report_len < sizeof head) fail("no report from the clients");
  memcpy(head, S.report, sizeof head);
  size_t need = sizeof head + head[1] * sizeof(sample_t) + head[0] * sizeof(soak_record_t);
  if (S.report_len != need) fail("a short report from the clients");
  const sample_t *cs = (const sample_t *)(S.report + sizeof head);
  const soak_record_t *cr = (const soak_record_t *)(cs + head[1]);
  int rc = verify(cr, head[0], cs, head[1]);
  free(S.report);
  free(S.recs.v);
  sampler_free();
  return rc;
}

/* ============================== setup ============================== */

static void configure(void) {
  const char *soak = getenv("CNET_SOAK"), *secs = getenv("CNET_SOAK_SECONDS"),
             *conns = getenv("CNET_SOAK_CONNECTIONS");
  bool full = soak && strcmp(soak, "1") == 0;
  soak_cfg.connections = full ? 10000 : RUNNING_ON_VALGRIND ? 100 : 1000;
  soak_cfg.duration_ms = full ? 60000 : 3000;
  if (secs) soak_cfg.duration_ms = strtoull(secs, NULL, 10) * 1000;
  if (conns) soak_cfg.connections = atoi(conns);
  soak_cfg.sleepy_every = 50;
  sampler_flat_check = !RUNNING_ON_VALGRIND && !SOAK_SANITIZED;
}

/* The server and the clients each need a descriptor a connection. */
static void raise_nofile(void) {
  struct rlimit r;
  getrlimit(RLIMIT_NOFILE, &r);
  r.rlim_cur = r.rlim_max;
  setrlimit(RLIMIT_NOFILE, &r);
  if (r.rlim_cur < (rlim_t)soak_cfg.connections + 64) fail("RLIMIT_NOFILE's hard limit is too low");
}

int main(void) {
  configure();
  raise_nofile();
  printf("soak: %d connections, streaming %llu ms%s\n", soak_cfg.connections,
         (unsigned long long)soak_cfg.duration_ms, RUNNING_ON_VALGRIND ? " (under valgrind)" : "");
  fflush(stdout);
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) fail("socketpair");
  pid_t pid = fork();
  if (pid < 0) fail("fork");
  if (pid == 0) {
    close(sv[0]);
    exit(run_clients(sv[1]));
  }
  close(sv[1]);
  return run_server(sv[0], pid);
}
