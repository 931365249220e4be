/* The worker pool (Node's cluster, made of threads): the shared listener's
 * round-robin, reusePort, exclusive, maxConnections with and without
 * dropMaxConnection, a Unix socket path, and closing with a grace period.
 * Clients run on the main loop; each step waits for the event before it.
 * Labelled `threads`: it also runs under ThreadSanitizer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cnet.h"

#define MAX_CLIENTS 64

typedef struct fixture fixture;

typedef struct {
  fixture *f;
  cnet_socket_t *s;
  char got[32];
  bool closed;
} client;

struct fixture {
  uv_loop_t loop;
  cnet_workers_t *pool;
  cnet_workers_opts opts;
  const cnet_error_t *listen_err; /* valid during the listening callback only */
  char listen_code[64];
  int listened, closed;
  client clients[MAX_CLIENTS];
  int nclients;
  bool hold_connections; /* workers keep connections open instead of ending them */
  /* set on the workers' threads */
  atomic_int inits, finis, drops, served[4], conns_closed;
};

typedef struct {
  fixture *f;
  unsigned index;
} worker_ctx;

/* ---- the workers' side (their threads) ---- */

static void on_drop(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  worker_ctx *w = ctx;
  atomic_fetch_add(&w->f->drops, 1);
}

static void *w_init(uv_loop_t *loop, cnet_server_t *srv, unsigned index, void *ctx) {
  (void)loop;
  fixture *f = ctx;
  worker_ctx *w = malloc(sizeof *w);
  *w = (worker_ctx){f, index};
  cnet_on(srv, CNET_EV_DROP, on_drop, w);
  atomic_fetch_add(&f->inits, 1);
  return w;
}

static void w_fini(uv_loop_t *loop, unsigned index, void *worker_ctx_, void *ctx) {
  (void)loop;
  worker_ctx *w = worker_ctx_;
  fixture *f = ctx;
  if (w->index == index) atomic_fetch_add(&f->finis, 1);
  free(w);
}

/* ctx is the fixture: a connection's `close` may come after its server's,
 * and so after w_fini. */
static void w_conn_closed(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  atomic_fetch_add(&((fixture *)ctx)->conns_closed, 1);
}

/* Each connection is told which worker took it. */
static void w_connection(const cnet_event_t *ev, void *ctx) {
  worker_ctx *w = ctx;
  cnet_on(ev->u.connection, CNET_EV_CLOSE, w_conn_closed, w->f);
  char name[8];
  snprintf(name, sizeof name, "w%u", w->index);
  atomic_fetch_add(&w->f->served[w->index], 1);
  if (w->f->hold_connections)
    cnet_socket_write_string(ev->u.connection, name, NULL, NULL, NULL);
  else
    cnet_socket_end_string(ev->u.connection, name, NULL, NULL, NULL);
  cnet_socket_resume(ev->u.connection);
}

/* ---- the main loop's side ---- */

static void on_listening(cnet_workers_t *pool, const cnet_error_t *err, void *ctx) {
  (void)pool;
  fixture *f = ctx;
  f->listened++;
  f->listen_err = err;
  if (err) snprintf(f->listen_code, sizeof f->listen_code, "%s", err->code);
}

static void on_pool_closed(cnet_workers_t *pool, const cnet_error_t *err, void *ctx) {
  (void)pool;
  assert_null(err);
  ((fixture *)ctx)->closed++;
}

static void run_until(fixture *f, const int *counter, int value) {
  for (int i = 0; i < 100000 && *counter < value; i++) uv_run(&f->loop, UV_RUN_ONCE);
  assert_int_equal(*counter, value);
}

static void setup(fixture *f, unsigned count) {
  memset(f, 0, sizeof *f);
  assert_int_equal(uv_loop_init(&f->loop), 0);
  f->opts = (cnet_workers_opts){
    .count = count,
    .listen = {.host = "127.0.0.1"},
    .init = w_init,
    .connection = w_connection,
    .fini = w_fini,
    .listening = on_listening,
    .ctx = f,
  };
}

static void start(fixture *f) {
  f->pool = cnet_workers_new(&f->loop, &f->opts);
  assert_non_null(f->pool);
  run_until(f, &f->listened, 1);
}

static void finish(fixture *f, int64_t grace_ms) {
  unsigned n = cnet_workers_count(f->pool);
  assert_int_equal(cnet_workers_close(f->pool, grace_ms, on_pool_closed, f), 0);
  run_until(f, &f->closed, 1);
  uv_run(&f->loop, UV_RUN_DEFAULT);
  assert_int_equal(uv_loop_close(&f->loop), 0);
  assert_int_equal(atomic_load(&f->inits), (int)n);
  assert_int_equal(atomic_load(&f->finis), (int)n);
}

static int port_of(fixture *f, unsigned index) {
  cnet_address_t a;
  assert_int_equal(cnet_workers_address(f->pool, index, &a, NULL, NULL), 0);
  return a.port;
}

static void on_client_data(const cnet_event_t *ev, void *ctx) {
  client *c = ctx;
  size_t n = strlen(c->got);
  if (n + ev->u.data.len < sizeof c->got) memcpy(c->got + n, ev->u.data.bytes, ev->u.data.len);
}
static void on_client_close(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  ((client *)ctx)->closed = true;
}
static void on_client_error(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  (void)ctx; /* a dropped connection may be reset */
}

static client *connect_client(fixture *f, int port, const char *path) {
  client *c = &f->clients[f->nclients++];
  *c = (client){.f = f};
  c->s = path ? cnet_connect_path(&f->loop, path, NULL, NULL)
              : cnet_connect_port(&f->loop, port, "127.0.0.1", NULL, NULL);
  assert_non_null(c->s);
  cnet_on(c->s, CNET_EV_DATA, on_client_data, c);
  cnet_on(c->s, CNET_EV_CLOSE, on_client_close, c);
  cnet_on(c->s, CNET_EV_ERROR, on_client_error, c);
  return c;
}

static void wait_closed(fixture *f, client *c) {
  for (int i = 0; i < 100000 && !c->closed; i++) uv_run(&f->loop, UV_RUN_ONCE);
  assert_true(c->closed);
}

static void wait_got(fixture *f, client *c) {
  for (int i = 0; i < 100000 && !c->got[0] && !c->closed; i++) uv_run(&f->loop, UV_RUN_ONCE);
  assert_true(c->got[0] != '\0');
}

/* One connection after the other: the primary's turns, w0 w1 w0 w1 ... */
static void shared_listener_round_robin(void **state) {
  (void)state;
  static fixture f;
  setup(&f, 2);
  start(&f);
  assert_null(f.listen_err);
  int port = port_of(&f, 0);
  assert_true(port > 0);
  assert_int_equal(port_of(&f, 1), port); /* one socket, one address */
  const char *expect[] = {"w0", "w1", "w0", "w1", "w0", "w1"};
  for (int i = 0; i < 6; i++) {
    client *c = connect_client(&f, port, NULL);
    wait_closed(&f, c);
    assert_string_equal(c->got, expect[i]);
  }
  finish(&f, 0);
  assert_int_equal(atomic_load(&f.served[0]), 3);
  assert_int_equal(atomic_load(&f.served[1]), 3);
}

/* SO_REUSEPORT: the first worker's port is taken by both; the kernel
 * spreads 64 connections over the two sockets (all 64 to one would happen
 * with probability 2^-63). */
static void reuse_port_spreads_over_workers(void **state) {
  (void)state;
  static fixture f;
  setup(&f, 2);
  f.opts.listen.reuse_port = true;
  start(&f);
  assert_null(f.listen_err);
  int port = port_of(&f, 0);
  assert_true(port > 0);
  assert_int_equal(port_of(&f, 1), port);
  for (int i = 0; i < MAX_CLIENTS; i++) connect_client(&f, port, NULL);
  for (int i = 0; i < MAX_CLIENTS; i++) {
    wait_closed(&f, &f.clients[i]);
    assert_true(strcmp(f.clients[i].got, "w0") == 0 || strcmp(f.clients[i].got, "w1") == 0);
  }
  finish(&f, 0);
  assert_int_equal(atomic_load(&f.served[0]) + atomic_load(&f.served[1]), MAX_CLIENTS);
  assert_true(atomic_load(&f.served[0]) > 0);
  assert_true(atomic_load(&f.served[1]) > 0);
}

/* A port nobody listens on now (bound, then released). */
static int free_port(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof a;
  assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
  assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
  close(fd);
  return ntohs(a.sin_port);
}

/* exclusive refuses to share: on one fixed port the second worker gets
 * EADDRINUSE, as in Node; on port 0 each worker binds a port of its own. */
static void exclusive_refuses_to_share(void **state) {
  (void)state;
  static fixture f;
  setup(&f, 2);
  f.opts.listen.exclusive = true;
  f.opts.listen.port = free_port();
  start(&f);
  assert_string_equal(f.listen_code, "EADDRINUSE");
  cnet_address_t a;
  int ok0 = cnet_workers_address(f.pool, 0, &a, NULL, NULL) == 0;
  int ok1 = cnet_workers_address(f.pool, 1, &a, NULL, NULL) == 0;
  assert_int_equal(ok0 + ok1, 1); /* one of the two listens */
  assert_int_equal(a.port, f.opts.listen.port);
  finish(&f, 0);

  setup(&f, 2);
  f.opts.listen.exclusive = true;
  start(&f);
  assert_null(f.listen_err);
  assert_true(port_of(&f, 0) > 0);
  assert_true(port_of(&f, 1) > 0);
  assert_int_not_equal(port_of(&f, 0), port_of(&f, 1));
  client *c = connect_client(&f, port_of(&f, 1), NULL);
  wait_closed(&f, c);
  assert_string_equal(c->got, "w1");
  finish(&f, 0);
}

/* dropMaxConnection: the worker at its limit drops the next connection
 * (`drop` on its server) instead of holding it. */
static void drop_max_connection_drops(void **state) {
  (void)state;
  static fixture f;
  setup(&f, 1);
  f.hold_connections = true;
  f.opts.max_connections = 1;
  f.opts.drop_max_connection = true;
  start(&f);
  int port = port_of(&f, 0);
  client *a = connect_client(&f, port, NULL);
  wait_got(&f, a);
  assert_string_equal(a->got, "w0");
  client *b = connect_client(&f, port, NULL);
  wait_closed(&f, b); /* dropped: closed with nothing said */
  assert_string_equal(b->got, "");
  assert_int_equal(atomic_load(&f.drops), 1);
  cnet_socket_end(a->s, NULL, NULL);
  wait_closed(&f, a);
  finish(&f, -1);
  assert_int_equal(atomic_load(&f.served[0]), 1);
}

/* Without dropMaxConnection a full worker is skipped, and a connection no
 * worker has room for waits in the main loop until one has. */
static void full_workers_hold_connections(void **state) {
  (void)state;
  static fixture f;
  setup(&f, 2);
  f.hold_connections = true;
  f.opts.max_connections = 1;
  start(&f);
  int port = port_of(&f, 0);
  client *a = connect_client(&f, port, NULL);
  wait_got(&f, a);
  client *b = connect_client(&f, port, NULL);
  wait_got(&f, b);
  assert_string_equal(a->got, "w0");
  assert_string_equal(b->got, "w1");
  /* both full: c waits; each turn of the loop that ends with c unserved
   * shows it waiting (it is served only once a's connection is over) */
  client *c = connect_client(&f, port, NULL);
  client *d = connect_client(&f, port, NULL);
  cnet_socket_end(a->s, NULL, NULL);
  wait_closed(&f, a);
  wait_got(&f, c);
  assert_string_equal(c->got, "w0"); /* a's worker had room again; d still waits */
  assert_string_equal(d->got, "");
  cnet_socket_end(b->s, NULL, NULL);
  wait_got(&f, d);
  assert_string_equal(d->got, "w1");
  assert_int_equal(atomic_load(&f.drops), 0);
  cnet_socket_end(c->s, NULL, NULL);
  cnet_socket_end(d->s, NULL, NULL);
  for (int i = 0; i < f.nclients; i++) wait_closed(&f, &f.clients[i]);
  finish(&f, -1);
}

/* ---- plain sockets, which need no turn of the main loop ---- */

static int raw_connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  assert_true(fd >= 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
  return fd;
}

/* The listening socket's accept queue on 127.0.0.1:port (rx_queue of the
 * LISTEN row in /proc/net/tcp), or -1 when there is no such row. */
static int accept_queue(int port) {
  FILE *f = fopen("/proc/net/tcp", "r");
  if (!f) return -1;
  char line[256];
  int found = -1;
  while (found < 0 && fgets(line, sizeof line, f)) {
    unsigned lport, st, rx;
    if (sscanf(line, " %*d: %*8s:%4X %*8s:%*4X %2X %*8X:%8X", &lport, &st, &rx) == 3 &&
        (int)lport == port && st == 0x0A)
      found = (int)rx;
  }
  fclose(f);
  return found;
}

/* Turns of the main loop, each waiting at most 1 ms for one of fds to be
 * readable; the index of the first that is, or -1 after about 10 s. */
static int serve_until_readable(fixture *f, const int *fds, int n) {
  for (int i = 0; i < 10000; i++) {
    uv_run(&f->loop, UV_RUN_NOWAIT);
    struct pollfd p[4];
    for (int k = 0; k < n; k++) p[k] = (struct pollfd){.fd = fds[k], .events = POLLIN};
    if (poll(p, (nfds_t)n, 1) > 0)
      for (int k = 0; k < n; k++)
        if (p[k].revents) return k;
  }
  return -1;
}

/* The main loop's turns until it has accepted what waits on port. */
static void serve_until_accepted(fixture *f, int port) {
  for (int i = 0; i < 10000 && accept_queue(port) != 0; i++) {
    uv_run(&f->loop, UV_RUN_NOWAIT);
    usleep(1000);
  }
  assert_int_equal(accept_queue(port), 0);
}

static void wait_conns_closed(fixture *f, int n) {
  for (int i = 0; i < 10000 && atomic_load(&f->conns_closed) < n; i++) usleep(1000);
  assert_int_equal(atomic_load(&f->conns_closed), n);
}

/* Connections that wait for room are served oldest first, as by Node's
 * round-robin handle, even when a newer one is accepted after a worker made
 * room and before main has heard of it: c waits; then e arrives and a's
 * connection ends in the worker (which tells main), both while main does
 * not run, so that main's next turn sees e's arrival before the worker's
 * message. The worker's room must go to c. */
static void waiting_connections_go_first(void **state) {
  (void)state;
  static fixture f;
  setup(&f, 1);
  f.hold_connections = true;
  f.opts.max_connections = 1;
  start(&f);
  int port = port_of(&f, 0);
  int a = raw_connect(port);
  assert_int_equal(serve_until_readable(&f, &a, 1), 0);
  char name[8] = {0};
  assert_int_equal(read(a, name, sizeof name - 1), 2); /* read: a's close is a FIN, not a reset */
  int c = raw_connect(port);
  serve_until_accepted(&f, port); /* c waits: the worker is full */
  int e = raw_connect(port);
  close(a);
  wait_conns_closed(&f, 1);
  int fds[] = {c, e};
  assert_int_equal(serve_until_readable(&f, fds, 2), 0); /* c, not e */
  memset(name, 0, sizeof name);
  assert_int_equal(read(c, name, sizeof name - 1), 2);
  assert_string_equal(name, "w0");
  close(c);
  close(e);
  finish(&f, 0);
  assert_int_equal(atomic_load(&f.served[0]), 2);
}

/* Closing with connections open: after the grace period they are
 * destroyed, then every thread is joined and the callback comes. */
static void close_destroys_after_grace(void **state) {
  (void)state;
  static fixture f;
  setup(&f, 2);
  f.hold_connections = true;
  start(&f);
  int port = port_of(&f, 0);
  client *a = connect_client(&f, port, NULL);
  client *b = connect_client(&f, port, NULL);
  wait_got(&f, a);
  wait_got(&f, b);
  assert_int_equal(cnet_workers_close(f.pool, 20, on_pool_closed, &f), 0);
  assert_int_equal(cnet_workers_close(f.pool, 20, on_pool_closed, &f), CNET_ERR_SERVER_NOT_RUNNING);
  run_until(&f, &f.closed, 1);
  wait_closed(&f, a); /* destroyed by the workers: these clients never end */
  wait_closed(&f, b);
  uv_run(&f.loop, UV_RUN_DEFAULT);
  assert_int_equal(uv_loop_close(&f.loop), 0);
  assert_int_equal(atomic_load(&f.finis), 2);
}

/* A Unix socket path, shared: the workers serve it, and its file goes
 * with the pool. */
static void unix_path_shared(void **state) {
  (void)state;
  static fixture f;
  char dir[] = "/tmp/cnet-workers-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[64];
  snprintf(path, sizeof path, "%s/s", dir);
  setup(&f, 2);
  f.opts.listen = (cnet_listen_opts){.path = path};
  start(&f);
  assert_null(f.listen_err);
  const char *p0 = NULL;
  assert_int_equal(cnet_workers_address(f.pool, 1, NULL, &p0, NULL), 0);
  assert_string_equal(p0, path);
  for (int i = 0; i < 2; i++) {
    client *c = connect_client(&f, 0, path);
    wait_closed(&f, c);
    assert_string_equal(c->got, i == 0 ? "w0" : "w1");
  }
  finish(&f, 0);
  struct stat st;
  assert_int_equal(stat(path, &st), -1);
  rmdir(dir);
}

/* Bind errors come to `listening`; bad options are refused at once. */
static void errors(void **state) {
  (void)state;
  static fixture f;
  setup(&f, 2);
  f.opts.listen.port = 70000;
  assert_null(cnet_workers_new(&f.loop, &f.opts));
  assert_string_equal(cnet_last_error()->code, "ERR_SOCKET_BAD_PORT");
  f.opts.listen.port = 0;
  f.opts.max_connections = -1;
  assert_null(cnet_workers_new(&f.loop, &f.opts));
  assert_string_equal(cnet_last_error()->code, "ERR_OUT_OF_RANGE");
  assert_null(cnet_workers_new(&f.loop, NULL));
  assert_string_equal(cnet_last_error()->code, "ERR_INVALID_ARG_TYPE");

  /* the shared socket cannot be bound: no worker starts */
  f.opts.max_connections = 0;
  f.opts.listen.host = "192.0.2.1"; /* TEST-NET-1: not an address of this machine */
  start(&f);
  assert_string_equal(f.listen_code, "EADDRNOTAVAIL");
  assert_int_equal(cnet_workers_address(f.pool, 0, NULL, NULL, NULL), UV_ENOTCONN);
  assert_int_equal(cnet_workers_close(f.pool, 0, on_pool_closed, &f), 0);
  run_until(&f, &f.closed, 1);
  uv_run(&f.loop, UV_RUN_DEFAULT);
  assert_int_equal(uv_loop_close(&f.loop), 0);
  assert_int_equal(atomic_load(&f.inits), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(shared_listener_round_robin),
    cmocka_unit_test(reuse_port_spreads_over_workers),
    cmocka_unit_test(exclusive_refuses_to_share),
    cmocka_unit_test(drop_max_connection_drops),
    cmocka_unit_test(full_workers_hold_connections),
    cmocka_unit_test(waiting_connections_go_first),
    cmocka_unit_test(close_destroys_after_grace),
    cmocka_unit_test(unix_path_shared),
    cmocka_unit_test(errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
