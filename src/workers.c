/* Workers: threads, each with its own loop and server for the same listen
 * options, as Node's cluster makes processes. The pool belongs to the main
 * loop; a worker's server, connections and context to its own thread. The
 * two sides talk only through posts (post.c), and share only what is
 * written before a thread starts or before the post that announces it,
 * plus two atomic counters of the shared mode. */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "alloc.h"
#include "blocklist.h"
#include "error.h"
#include "loop.h"
#include "sockfile.h"
#include "socket.h"

#define MAX_WORKERS 1024
#define ACCEPT_BATCH 64 /* accepts per readiness, so that posts go out meanwhile */

typedef enum { MODE_SHARED, MODE_REUSE_PORT, MODE_EXCLUSIVE } pool_mode;

typedef struct worker worker_t;

/* A connection of a worker, for the grace period's end. */
typedef struct conn_node {
  struct conn_node *prev, *next;
  cnet_socket_t *s;
  worker_t *w;
} conn_node;

struct worker {
  cnet_workers_t *pool;
  unsigned index;
  uv_thread_t thread;
  /* main loop only */
  bool started, reported, listening, close_sent;
  /* shared mode: connections handed to it and not over yet (main adds,
   * the worker takes away) */
  atomic_size_t live;
  /* written by the worker before it posts its report, read by main after */
  cnet_loop_t *state;
  cnet_error_t *error;
  cnet_address_t address;
  char *path; /* a Unix socket's name (an abstract one starts with NUL) */
  size_t path_len;
  bool has_address;
  /* the worker's thread only */
  uv_loop_t loop;
  cnet_server_t *srv;
  void *ctx;
  conn_node *conns;
  cnet_timer_t *grace;
  bool report_sent;
};

struct cnet_workers_s {
  cnet_loop_t *main;
  cnet_workers_opts opts; /* listen.host and listen.path are the pool's copies */
  pool_mode mode;
  unsigned count, started, reported, exited;
  worker_t *workers;
  int port;               /* reuse_port on port 0: the first worker's, for the rest */
  /* shared mode, main loop only */
  cnet_server_t *binder;  /* binds the shared socket, then hands it over */
  int listen_fd;
  uv_poll_t *poll;
  int reserve_fd;         /* given up to accept and drop when out of descriptors */
  unsigned next;          /* round-robin */
  int *parked;            /* connections no worker has room for yet */
  size_t parked_len, parked_cap;
  atomic_size_t parked_count;
  cnet_sockfile_t socket_file; /* what the binder bound, unlinked at close if still there */
  cnet_error_t *error;    /* the first listen error */
  bool closing, finished;
  int64_t grace_ms;
  cnet_workers_cb close_cb;
  void *close_ctx;
};

static void start_worker(cnet_workers_t *pool, worker_t *w);

/* ======================================================================== */
/* The worker's thread                                                      */
/* ======================================================================== */

static void on_room(void *a, void *b, cnet__fnptr f);

/* Shared mode: a connection handed to w is over, so w has room again;
 * main hears of it when connections wait for room. */
static void conn_over(worker_t *w) {
  cnet_workers_t *pool = w->pool;
  if (pool->mode != MODE_SHARED) return;
  atomic_fetch_sub(&w->live, 1);
  if (atomic_load(&pool->parked_count) > 0) cnet__post(pool->main, on_room, pool, NULL, NULL);
}

static void on_conn_close(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  conn_node *n = ctx;
  worker_t *w = n->w;
  if (n->prev) n->prev->next = n->next; else w->conns = n->next;
  if (n->next) n->next->prev = n->prev;
  free(n);
  conn_over(w);
}

static void on_worker_connection(const cnet_event_t *ev, void *ctx) {
  worker_t *w = ctx;
  conn_node *n = cnet__malloc(sizeof *n);
  *n = (conn_node){.next = w->conns, .s = ev->u.connection, .w = w};
  if (w->conns) w->conns->prev = n;
  w->conns = n;
  cnet_on(n->s, CNET_EV_CLOSE, on_conn_close, n);
  if (w->pool->opts.connection) w->pool->opts.connection(ev, w->ctx);
}

/* Shared mode: main's hand-over. */
static void take_conn(void *a, void *b, cnet__fnptr f) {
  (void)f;
  worker_t *w = a;
  if (!cnet__server_take(w->srv, (int)(intptr_t)b)) conn_over(w);
}

static void on_report(void *a, void *b, cnet__fnptr f);

/* The worker's listen result, for main: its address, or a copy of the error. */
static void report(worker_t *w, const cnet_error_t *err) {
  if (w->report_sent) return;
  w->report_sent = true;
  if (err) {
    w->error = cnet__error_clone(err);
  } else {
    const char *path = NULL;
    size_t len = 0;
    w->has_address = cnet_server_address(w->srv, &w->address, &path, &len) == 0 && !path;
    if (path) {
      w->path = cnet__malloc(len + 1);
      memcpy(w->path, path, len + 1);
      w->path_len = len;
    }
  }
  cnet__post(w->pool->main, on_report, w, NULL, NULL);
}

static void on_worker_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  report(ctx, NULL);
}

/* The pool's own `error` listener: a listen error goes to main (and a
 * server with this listener does not end the process). */
static void on_worker_error(const cnet_event_t *ev, void *ctx) { report(ctx, ev->u.error); }

static int worker_listen(worker_t *w) {
  cnet_workers_t *pool = w->pool;
  cnet_listen_opts o = pool->opts.listen;
  switch (pool->mode) {
  case MODE_SHARED:
    return cnet__server_listen_shared(w->srv, pool->listen_fd);
  case MODE_REUSE_PORT:
    o.port = pool->port;
    return cnet_server_listen(w->srv, &o, NULL, NULL);
  case MODE_EXCLUSIVE:
    if (o.has_fd) o.fd = fcntl(o.fd, F_DUPFD_CLOEXEC, 0); /* each worker closes its own */
    return cnet_server_listen(w->srv, &o, NULL, NULL);
  }
  return 0;
}

static void on_grace_over(void *ctx) {
  worker_t *w = ctx;
  w->grace = NULL;
  for (conn_node *n = w->conns; n; n = n->next) cnet_socket_destroy(n->s, NULL);
}

/* The server's `close`: every connection is over. fini, then the loop may
 * run out. */
static void on_worker_closed(cnet_server_t *srv, const cnet_error_t *err, void *ctx) {
  (void)srv;
  (void)err; /* ERR_SERVER_NOT_RUNNING when it never listened */
  worker_t *w = ctx;
  cnet_workers_t *pool = w->pool;
  if (w->grace) cnet_clear_timeout(w->grace);
  w->grace = NULL;
  if (pool->opts.fini) pool->opts.fini(&w->loop, w->index, w->ctx, pool->opts.ctx);
  cnet__post_keep(w->state, false);
}

/* main's close: grace_ms was written before this post. */
static void worker_close(void *a, void *b, cnet__fnptr f) {
  (void)b;
  (void)f;
  worker_t *w = a;
  int64_t grace = w->pool->grace_ms;
  cnet_server_close(w->srv, on_worker_closed, w);
  if (!w->conns || grace < 0) return;
  if (grace == 0)
    on_grace_over(w);
  else
    w->grace = cnet_set_timeout(&w->loop, (uint64_t)grace, on_grace_over, w);
}

static void on_exited(void *a, void *b, cnet__fnptr f);

static void worker_main(void *arg) {
  worker_t *w = arg;
  cnet_workers_t *pool = w->pool;
  uv_loop_init(&w->loop);
  w->srv = cnet_create_server(&w->loop, &pool->opts.server, on_worker_connection, w);
  w->state = cnet__loop_get(&w->loop);
  cnet__post_keep(w->state, true); /* until the pool closes this worker */
  cnet__enter(w->state);
  if (pool->opts.max_connections > 0) cnet_server_set_max_connections(w->srv, pool->opts.max_connections);
  cnet_server_set_drop_max_connection(w->srv, pool->opts.drop_max_connection);
  cnet_on(w->srv, CNET_EV_ERROR, on_worker_error, w);
  cnet_once(w->srv, CNET_EV_LISTENING, on_worker_listening, w);
  if (pool->opts.init) w->ctx = pool->opts.init(&w->loop, w->srv, w->index, pool->opts.ctx);
  if (worker_listen(w) < 0) report(w, cnet_last_error());
  cnet__leave(w->state);
  uv_run(&w->loop, UV_RUN_DEFAULT);
  uv_loop_close(&w->loop);
  cnet__post(pool->main, on_exited, w, NULL, NULL);
}

/* ======================================================================== */
/* The main loop: distribution (shared mode)                                */
/* ======================================================================== */

static bool has_room(const cnet_workers_t *pool, worker_t *w) {
  int64_t max = pool->opts.max_connections;
  return max <= 0 || pool->opts.drop_max_connection || (int64_t)atomic_load(&w->live) < max;
}

/* The next worker in turn that listens and has room, or NULL. */
static worker_t *pick(cnet_workers_t *pool) {
  if (pool->closing) return NULL;
  for (unsigned i = 0; i < pool->count; i++) {
    worker_t *w = &pool->workers[(pool->next + i) % pool->count];
    if (w->listening && has_room(pool, w)) {
      pool->next = (w->index + 1) % pool->count;
      return w;
    }
  }
  return NULL;
}

static void deliver(worker_t *w, int fd) {
  atomic_fetch_add(&w->live, 1);
  cnet__post(w->state, take_conn, w, (void *)(intptr_t)fd, NULL);
}

/* Hands the waiting connections, oldest first, to workers that have room. */
static void unpark(cnet_workers_t *pool) {
  size_t done = 0;
  worker_t *w;
  while (done < pool->parked_len && (w = pick(pool))) {
    atomic_fetch_sub(&pool->parked_count, 1);
    deliver(w, pool->parked[done++]);
  }
  if (!done) return;
  memmove(pool->parked, pool->parked + done, (pool->parked_len - done) * sizeof *pool->parked);
  pool->parked_len -= done;
}

/* Oldest first, as Node's round-robin handle: while connections wait, a
 * new one waits behind them, even when a worker has room before main has
 * heard of it (the worker's on_room is still on its way).
 * The count goes up before the workers are looked at again, and a worker
 * lowers its own before it looks at the count: one of the two sees the
 * other, so no connection waits while a worker has room. */
static void hand_off(cnet_workers_t *pool, int fd) {
  worker_t *w = pool->parked_len ? NULL : pick(pool);
  if (w) {
    deliver(w, fd);
    return;
  }
  if (pool->parked_len == pool->parked_cap) {
    pool->parked_cap = pool->parked_cap ? pool->parked_cap * 2 : 64;
    pool->parked = cnet__realloc(pool->parked, pool->parked_cap * sizeof *pool->parked);
  }
  pool->parked[pool->parked_len++] = fd;
  atomic_fetch_add(&pool->parked_count, 1);
  unpark(pool);
}

static void on_room(void *a, void *b, cnet__fnptr f) {
  (void)b;
  (void)f;
  unpark(a);
}

/* Out of descriptors: as libuv does, accept with the reserve one and close
 * it, so that the pending connection does not keep the socket readable. */
static bool drop_one(cnet_workers_t *pool) {
  if (pool->reserve_fd < 0) return false;
  close(pool->reserve_fd);
  int fd = accept(pool->listen_fd, NULL, NULL);
  if (fd >= 0) close(fd);
  pool->reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  return fd >= 0;
}

static void on_acceptable(uv_poll_t *p, int status, int events) {
  (void)events;
  cnet_workers_t *pool = p->data;
  if (status < 0) return;
  for (int i = 0; i < ACCEPT_BATCH; i++) {
    int fd = accept4(pool->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      hand_off(pool, fd);
    } else if (errno == EINTR || errno == ECONNABORTED) {
      continue;
    } else if ((errno == EMFILE || errno == ENFILE) && drop_one(pool)) {
      continue;
    } else {
      break; /* EAGAIN: all taken */
    }
  }
}

/* ======================================================================== */
/* The main loop: starting, reports, closing                                */
/* ======================================================================== */

static void listening_done(cnet_workers_t *pool) {
  if (pool->opts.listening) pool->opts.listening(pool, pool->error, pool->opts.ctx);
}

static void release_listen_fd(cnet_workers_t *pool) {
  if (pool->listen_fd >= 0) close(pool->listen_fd);
  pool->listen_fd = -1;
  if (pool->mode == MODE_EXCLUSIVE && pool->opts.listen.has_fd && pool->opts.listen.fd >= 0) {
    close(pool->opts.listen.fd); /* listen({ fd }) takes it: each worker closed its copy */
    pool->opts.listen.fd = -1;
  }
  cnet__sockfile_remove(&pool->socket_file);
}

static void pool_free(cnet_workers_t *pool) {
  for (unsigned i = 0; i < pool->count; i++) {
    cnet_error_unref(pool->workers[i].error);
    free(pool->workers[i].path);
  }
  free(pool->workers);
  cnet_error_unref(pool->error);
  free(pool->parked);
  free((char *)pool->opts.listen.host);
  free((char *)pool->opts.listen.path);
  if (pool->reserve_fd >= 0) close(pool->reserve_fd);
  cnet__post_keep(pool->main, false);
  free(pool);
}

static void finish_nt(void *a, void *b, cnet__fnptr f) {
  (void)b;
  (void)f;
  cnet_workers_t *pool = a;
  if (pool->close_cb) pool->close_cb(pool, NULL, pool->close_ctx);
  pool_free(pool);
}

/* Closing, and every thread joined: the callback on a later tick. */
static void maybe_finish(cnet_workers_t *pool) {
  if (!pool->closing || pool->finished || pool->binder || pool->exited < pool->started) return;
  if (pool->reported < pool->count) return;
  pool->finished = true;
  release_listen_fd(pool);
  cnet__next_tick(pool->main, finish_nt, pool, NULL, NULL);
}

static void send_close(worker_t *w) {
  if (w->close_sent || !w->started || !w->reported) return;
  w->close_sent = true;
  cnet__post(w->state, worker_close, w, NULL, NULL);
}

/* Workers that will not start now count as reported. */
static void skip_unstarted(cnet_workers_t *pool) {
  for (unsigned i = 0; i < pool->count; i++) {
    worker_t *w = &pool->workers[i];
    if (w->started || w->reported) continue;
    w->reported = true;
    pool->reported++;
  }
}

static void on_report(void *a, void *b, cnet__fnptr f) {
  (void)b;
  (void)f;
  worker_t *w = a;
  cnet_workers_t *pool = w->pool;
  w->reported = true;
  pool->reported++;
  if (w->error && !pool->error) pool->error = cnet_error_ref(w->error);
  w->listening = !w->error;
  if (pool->mode == MODE_REUSE_PORT && pool->port == 0) {
    /* the first worker chose the port: the others bind it too */
    if (w->listening && !pool->closing) {
      pool->port = w->address.port;
      for (unsigned i = 1; i < pool->count; i++) start_worker(pool, &pool->workers[i]);
    } else {
      skip_unstarted(pool);
    }
  }
  if (pool->closing) {
    send_close(w);
  } else {
    unpark(pool);
  }
  if (pool->reported == pool->count && !pool->closing) listening_done(pool);
  maybe_finish(pool);
}

static void on_exited(void *a, void *b, cnet__fnptr f) {
  (void)b;
  (void)f;
  worker_t *w = a;
  cnet_workers_t *pool = w->pool;
  uv_thread_join(&w->thread);
  pool->exited++;
  maybe_finish(pool);
}

static void start_worker(cnet_workers_t *pool, worker_t *w) {
  w->started = true;
  pool->started++;
  int err = uv_thread_create(&w->thread, worker_main, w);
  if (err) {
    w->started = false;
    pool->started--;
    w->error = cnet__error_uv(err, "uv_thread_create", NULL, -1, true);
    on_report(w, NULL, NULL);
  }
}

static void start_workers(cnet_workers_t *pool) {
  unsigned n = pool->mode == MODE_REUSE_PORT && pool->port == 0 ? 1 : pool->count;
  for (unsigned i = 0; i < n; i++) start_worker(pool, &pool->workers[i]);
}

/* Shared mode: the binder listens; its socket becomes the pool's. */
static void on_bound(const cnet_event_t *ev, void *ctx) {
  cnet_workers_t *pool = ctx;
  cnet_server_t *binder = ev->emitter;
  const char *path = NULL;
  if (cnet_server_address(binder, NULL, &path, NULL) == 0 && path && path[0])
    cnet__sockfile_record(&pool->socket_file, path);
  pool->binder = NULL;
  pool->listen_fd = cnet_server_detach_fd(binder); /* the binder closes */
  if (pool->listen_fd < 0) {
    pool->error = cnet_error_ref(cnet_last_error());
    skip_unstarted(pool);
    listening_done(pool);
    return;
  }
  pool->poll = cnet__malloc(sizeof *pool->poll);
  uv_poll_init(pool->main->uv, pool->poll, pool->listen_fd);
  pool->poll->data = pool;
  uv_poll_start(pool->poll, UV_READABLE, on_acceptable);
  pool->reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  start_workers(pool);
}

static void on_bind_error(const cnet_event_t *ev, void *ctx) {
  cnet_workers_t *pool = ctx;
  cnet_server_t *binder = pool->binder;
  if (!binder) return;
  pool->binder = NULL;
  pool->error = cnet_error_ref(ev->u.error);
  cnet_server_close(binder, NULL, NULL); /* a server whose listen failed is closed to be freed */
  skip_unstarted(pool);
  listening_done(pool);
  maybe_finish(pool);
}

static int bind_shared(cnet_workers_t *pool) {
  pool->binder = cnet_create_server(pool->main->uv, NULL, NULL, NULL);
  cnet_on(pool->binder, CNET_EV_ERROR, on_bind_error, pool);
  cnet_once(pool->binder, CNET_EV_LISTENING, on_bound, pool);
  cnet_listen_opts o = pool->opts.listen;
  o.exclusive = false;
  int err = cnet_server_listen(pool->binder, &o, NULL, NULL);
  if (err < 0) {
    cnet_server_close(pool->binder, NULL, NULL);
    pool->binder = NULL;
  }
  return err;
}

/* What server.listen() would throw at once. */
static int check_opts(const cnet_workers_opts *o) {
  if (!o)
    return cnet__throw(CNET_ERR_INVALID_ARG_TYPE,
                       "The \"options\" argument must be of type object. Received null");
  if (o->count > MAX_WORKERS)
    return cnet__throw(CNET_ERR_OUT_OF_RANGE,
                       "The value of \"count\" is out of range. It must be <= %d. Received %u",
                       MAX_WORKERS, o->count);
  if (o->max_connections < 0)
    return cnet__throw(CNET_ERR_OUT_OF_RANGE,
                       "The value of \"maxConnections\" is out of range. It must be >= 0. "
                       "Received %lld", (long long)o->max_connections);
  if (o->listen.signal || o->listen.handle)
    return cnet__throw(CNET_ERR_INVALID_ARG_VALUE,
                       "The argument 'options' is invalid: a pool listens without signal or handle");
  const cnet_listen_opts *l = &o->listen;
  if (!l->path && !l->has_fd && (l->port < 0 || l->port > 65535))
    return cnet__throw(CNET_ERR_SOCKET_BAD_PORT,
                       "options.port should be >= 0 and < 65536. Received type number (%d).", l->port);
  return cnet__check_block_list_option(o->server.block_list);
}

static pool_mode mode_of(const cnet_listen_opts *l) {
  if (l->reuse_port && !l->path && !l->has_fd) return MODE_REUSE_PORT;
  if (l->exclusive || l->reuse_port) return MODE_EXCLUSIVE;
  return MODE_SHARED;
}

cnet_workers_t *cnet_workers_new(uv_loop_t *main_loop, const cnet_workers_opts *opts) {
  if (check_opts(opts) < 0) return NULL;
  cnet_workers_t *pool = cnet__calloc(1, sizeof *pool);
  pool->main = cnet__loop_get(main_loop);
  cnet__post_keep(pool->main, true); /* a primary lives while its workers do */
  pool->opts = *opts;
  cnet_listen_opts *l = &pool->opts.listen;
  if (l->host) l->host = cnet__strdup(l->host);
  if (l->path) {
    size_t len = l->path_len ? l->path_len : strlen(l->path);
    char *path = cnet__malloc(len + 1);
    memcpy(path, opts->listen.path, len);
    path[len] = '\0';
    l->path = path;
    l->path_len = len;
  }
  pool->mode = mode_of(l);
  pool->port = l->port;
  pool->count = opts->count ? opts->count : uv_available_parallelism();
  pool->workers = cnet__calloc(pool->count, sizeof *pool->workers);
  for (unsigned i = 0; i < pool->count; i++) {
    pool->workers[i].pool = pool;
    pool->workers[i].index = i;
    atomic_init(&pool->workers[i].live, 0);
  }
  atomic_init(&pool->parked_count, 0);
  pool->listen_fd = pool->reserve_fd = -1;
  if (pool->mode != MODE_SHARED) {
    start_workers(pool);
  } else if (bind_shared(pool) < 0) {
    pool_free(pool); /* cnet_last_error() is the listen's */
    return NULL;
  }
  return pool;
}

unsigned cnet_workers_count(const cnet_workers_t *pool) { return pool ? pool->count : 0; }

int cnet_workers_address(const cnet_workers_t *pool, unsigned index, cnet_address_t *out,
                         const char **path, size_t *path_len) {
  if (!pool || index >= pool->count)
    return cnet__throw(CNET_ERR_OUT_OF_RANGE, "The value of \"index\" is out of range.");
  const worker_t *w = &pool->workers[index];
  if (!w->listening) return UV_ENOTCONN;
  if (w->path) {
    if (path) *path = w->path;
    if (path_len) *path_len = w->path_len;
    return 0;
  }
  if (!w->has_address) return UV_ENOTCONN;
  if (out) *out = w->address;
  return 0;
}

int cnet_workers_close(cnet_workers_t *pool, int64_t grace_ms, cnet_workers_cb cb, void *ctx) {
  if (!pool)
    return cnet__throw(CNET_ERR_INVALID_ARG_TYPE, "The \"pool\" argument must be a cnet worker pool.");
  if (pool->closing) return cnet__throw(CNET_ERR_SERVER_NOT_RUNNING, NULL);
  pool->closing = true;
  pool->grace_ms = grace_ms;
  pool->close_cb = cb;
  pool->close_ctx = ctx;
  if (pool->binder) {
    cnet_server_close(pool->binder, NULL, NULL); /* no `listening` after this */
    pool->binder = NULL;
    skip_unstarted(pool);
  }
  if (pool->poll) {
    uv_close((uv_handle_t *)pool->poll, (uv_close_cb)free);
    pool->poll = NULL;
  }
  for (size_t i = 0; i < pool->parked_len; i++) close(pool->parked[i]);
  pool->parked_len = 0;
  for (unsigned i = 0; i < pool->count; i++) send_close(&pool->workers[i]);
  maybe_finish(pool);
  return 0;
}
