/* net.Socket: creation, lifetime, destroy, options and properties. */
#include "socket.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <netinet/in.h>
#include <netinet/tcp.h>
#endif

#include "abort.h"
#include "alloc.h"
#include "blocklist.h"
#include "debug.h"
#include "error.h"
#include "poison.h"

#define DEFAULT_HIGH_WATER_MARK 65536

static uv_loop_t *socket_uv_loop(const cnet_emitter_t *em) {
  return ((const cnet_socket_t *)em)->loop->uv;
}

const cnet_emitter_class cnet__socket_class = {
  .magic = 0x534f434b, /* "SOCK" */
  .name = "socket",
  .on_listener_added = cnet__socket_on_listener_added,
  .uv_loop = socket_uv_loop,
};

int cnet__not_a_socket(void) {
  return cnet__throw(CNET_ERR_INVALID_ARG_TYPE, "The \"socket\" argument must be a cnet socket.");
}

cnet_socket_ext_t *cnet__socket_ext(cnet_socket_t *s) {
  if (!s->ext) {
    s->ext = cnet__calloc(1, sizeof *s->ext);
    s->ext->timeout_ms = -1;
    s->ext->socket = s;
  }
  return s->ext;
}

/* ---- references ---- */

static void free_ext(cnet_socket_t *s) {
  cnet_socket_ext_t *x = s->ext;
  if (!x) return;
  if (x->signal) cnet__abort_signal_unref(x->signal);
  for (size_t i = 0; i < x->attempted_len; i++) free(x->attempted[i]);
  free(x->attempted);
  free(x->end_cbs);
  free(x->held);
  free(x);
}

/* Out of line: cnet__socket_drop() is on every event's path. */
__attribute__((noinline, cold)) static void socket_free(cnet_socket_t *s) {
  cnet_loop_t *loop = s->loop;
  cnet_server_t *srv = s->server;
  void *data = s->data;
  cnet_free_cb free_data = s->free_data;
  cnet_write_queue_t *q = s->wq;
  for (uint32_t i = 0; q && i < q->len; i++)
    cnet__write_entry_release(&q->ring[(q->head + i) % q->cap]);
  if (q) free(q->ring);
  free(q);
  cnet_error_unref(s->errored);
  free_ext(s);
  cnet__emitter_dispose(&s->em);
  cnet__poison_free(s, sizeof *s);
  if (free_data) free_data(data);
  if (srv) cnet__server_socket_freed(srv);
  cnet__loop_release(loop);
}

void cnet_socket_set_data(cnet_socket_t *s, void *data, cnet_free_cb free_data) {
  if (!cnet__socket_cast(s)) return;
  if (s->free_data && s->data != data) s->free_data(s->data);
  s->data = data;
  s->free_data = free_data;
}

void *cnet_socket_get_data(const cnet_socket_t *s) { return cnet__socket_cast(s) ? s->data : NULL; }

void cnet__socket_hold(cnet_socket_t *s) { s->refs++; }

void cnet__socket_drop(cnet_socket_t *s) {
  if (--s->refs == 0) socket_free(s);
}

cnet_socket_t *cnet_socket_retain(cnet_socket_t *s) {
  if (cnet__socket_cast(s)) s->refs++;
  return s;
}

void cnet_socket_release(cnet_socket_t *s) {
  if (cnet__socket_cast(s)) cnet__socket_drop(s);
}

void cnet__socket_emit(cnet_socket_t *s, cnet_event_t *ev) {
  cnet__socket_hold(s);
  cnet__emit(&s->em, ev);
  cnet__socket_drop(s);
}

void cnet__socket_emit_simple(cnet_socket_t *s, cnet_event_type type) {
  cnet_event_t ev = {.type = type};
  cnet__socket_emit(s, &ev);
}

void cnet__socket_tick(cnet_socket_t *s, cnet__tick_fn fn, void *b, cnet__fnptr f) {
  cnet__socket_hold(s);
  cnet__next_tick(s->loop, fn, s, b, f);
}

/* ---- creation ---- */

cnet_stream_handle_t *cnet__pipe_new(uv_loop_t *uv, bool ipc) {
  cnet_stream_handle_t *h = cnet__malloc(sizeof(uv_pipe_t));
  uv_pipe_init(uv, &h->pipe, ipc);
  h->handle.data = NULL;
  return h;
}

cnet_stream_handle_t *cnet__handle_new(uv_loop_t *uv, uv_handle_type type) {
  if (type == UV_NAMED_PIPE) return cnet__pipe_new(uv, false);
  cnet_stream_handle_t *h = cnet__malloc(sizeof(uv_tcp_t));
  uv_tcp_init(uv, &h->tcp);
  h->handle.data = NULL;
  return h;
}

static void on_abort(cnet_abort_signal_t *signal, void *ctx);

static void abort_nt(void *a, void *b, cnet__fnptr f) {
  (void)f;
  on_abort(b, a);
  cnet__socket_drop(a);
}

static cnet_socket_t *socket_alloc(cnet_loop_t *loop) {
  cnet_socket_t *s = cnet__calloc(1, sizeof *s);
  cnet__emitter_init(&s->em, &cnet__socket_class);
  cnet__loop_hold(loop);
  s->loop = loop;
  s->refs = 1; /* the reference that `close` releases */
  s->flags = S_READABLE | S_WRITABLE;
  s->flowing = -1;
  s->readable_hwm = s->writable_hwm = DEFAULT_HIGH_WATER_MARK;
  return s;
}

/* Node's ~~(ms / 1000); what the kernel refuses (over 32767 s) leaves the
 * system's timings, as a negative delay does. */
static uint16_t delay_seconds(int64_t ms) {
  int64_t secs = ms > 0 ? ms / 1000 : 0;
  return (uint16_t)(secs > UINT16_MAX ? UINT16_MAX : secs);
}

/* A high-water mark option: 0 is the default; what a uint32_t cannot hold
 * is its largest value. */
static uint32_t hwm_option(size_t hwm) {
  if (!hwm) return DEFAULT_HIGH_WATER_MARK;
  return hwm > UINT32_MAX ? UINT32_MAX : (uint32_t)hwm;
}

/* As Node's Duplex, highWaterMark sets both marks, and wins over the two. */
static void apply_common_opts(cnet_socket_t *s, bool allow_half_open, size_t hwm, size_t readable_hwm,
                              size_t writable_hwm, bool no_delay, bool keep_alive,
                              int64_t keep_alive_delay) {
  if (allow_half_open) s->flags |= S_ALLOW_HALF_OPEN;
  s->readable_hwm = hwm_option(hwm ? hwm : readable_hwm);
  s->writable_hwm = hwm_option(hwm ? hwm : writable_hwm);
  if (no_delay) s->flags |= S_NO_DELAY;
  if (keep_alive) s->flags |= S_KEEP_ALIVE;
  s->keep_alive_delay_s = delay_seconds(keep_alive_delay);
}

void cnet__socket_set_handle(cnet_socket_t *s, cnet_stream_handle_t *h, bool is_pipe) {
  s->handle = h;
  s->is_pipe = is_pipe;
  h->handle.data = s;
  if (s->flags & S_REF_ON_CONNECT) {
    if (s->flags & S_UNREF) uv_unref(&h->handle);
    s->flags &= ~S_REF_ON_CONNECT;
  }
}

static int open_fd(cnet_socket_t *s, int fd) {
  uv_handle_type type = fd >= 0 ? uv_guess_handle(fd) : UV_UNKNOWN_HANDLE;
  if (type != UV_TCP && type != UV_NAMED_PIPE) {
    static const char *const names[] = {[UV_FILE] = "FILE", [UV_TTY] = "TTY", [UV_UDP] = "UDP"};
    const char *name = (type == UV_FILE || type == UV_TTY || type == UV_UDP) ? names[type] : "UNKNOWN";
    return cnet__throw(CNET_ERR_INVALID_FD_TYPE, "Unsupported fd type: %s", name);
  }
  cnet_stream_handle_t *h = type == UV_TCP ? cnet__handle_new(s->loop->uv, type)
                                           : cnet__pipe_new(s->loop->uv, s->flags & S_FD_PASSING);
  int err = type == UV_TCP ? uv_tcp_open(&h->tcp, fd) : uv_pipe_open(&h->pipe, fd);
  cnet__socket_set_handle(s, h, type == UV_NAMED_PIPE);
  if (err) {
    cnet__socket_close_handle(s, h);
    s->handle = NULL;
    cnet_error_t *e = cnet__error_uv(err, "open", NULL, -1, false);
    int code = cnet__throw(err, "%s", e->message);
    cnet_error_unref(e);
    return code;
  }
  return 0;
}

static int watch_signal(cnet_socket_t *s, cnet_abort_signal_t *signal) {
  cnet_socket_ext_t *x = cnet__socket_ext(s);
  x->signal = signal;
  cnet__abort_signal_ref(signal);
  /* Already aborted: Node destroys the socket a tick after making it. */
  if (cnet__abort_signal_add(signal, on_abort, s) == CNET_ERR_ABORT)
    cnet__socket_tick(s, abort_nt, signal, NULL);
  return 0;
}

cnet_socket_t *cnet_socket_new(uv_loop_t *uv, const cnet_socket_opts *opts) {
  static const cnet_socket_opts defaults = {0};
  const cnet_socket_opts *o = opts ? opts : &defaults;
  if (cnet__check_block_list_option(o->block_list)) return NULL;
  cnet_loop_t *loop = cnet__loop_get(uv);
  cnet_socket_t *s = socket_alloc(loop);
  apply_common_opts(s, o->allow_half_open, o->high_water_mark, o->readable_high_water_mark,
                    o->writable_high_water_mark, o->no_delay, o->keep_alive,
                    o->keep_alive_initial_delay);
  if (o->onread.callback && (o->onread.buffer_fn || (o->onread.buffer && o->onread.len))) {
    cnet_onread_opts *onread = &cnet__socket_ext(s)->onread;
    *onread = o->onread;
    if (onread->buffer_fn) { /* the function gives every buffer */
      onread->buffer = NULL;
      onread->len = 0;
    }
    s->flags |= S_ONREAD;
  }
  if (o->block_list) cnet__socket_ext(s)->block_list = o->block_list;
  if (o->fd_passing) s->flags |= S_FD_PASSING;
  if (o->has_fd) {
    if (o->fd < 0) {
      cnet__throw(CNET_ERR_OUT_OF_RANGE,
                  "The value of \"fd\" is out of range. It must be >= 0 && <= 2147483647. "
                  "Received %d", o->fd);
      cnet__socket_drop(s);
      return NULL;
    }
    if (open_fd(s, o->fd) < 0) {
      cnet__socket_drop(s);
      return NULL;
    }
    if (!cnet__socket_user_buffer_init(s)) return s; /* destroyed: `error` follows */
    if (o->readable == CNET_FALSE) s->flags &= ~S_READABLE;
    if (o->writable == CNET_FALSE) s->flags &= ~S_WRITABLE;
    if (s->flags & S_READABLE) cnet__socket_read_start(s);
  }
  if (o->signal) watch_signal(s, o->signal);
  return s;
}

cnet_socket_t *cnet__socket_accepted(cnet_loop_t *loop, cnet_stream_handle_t *h, cnet_server_t *srv,
                                     const cnet_server_opts *o) {
  cnet_socket_t *s = socket_alloc(loop);
  apply_common_opts(s, o->allow_half_open, o->high_water_mark, 0, 0, o->no_delay, o->keep_alive,
                    o->keep_alive_initial_delay);
  cnet__socket_set_handle(s, h, h->handle.type == UV_NAMED_PIPE);
  if (s->is_pipe && h->pipe.ipc) s->flags |= S_FD_PASSING;
  s->server = srv;
  if (!s->is_pipe) {
    if (o->no_delay) uv_tcp_nodelay(&h->tcp, 1);
    if (o->keep_alive) cnet__tcp_keep_alive(&h->tcp, true, s->keep_alive_delay_s);
  }
  if (o->pause_on_connect) {
    s->flowing = 0;
  } else {
    cnet__socket_read_start(s);
  }
  return s;
}

/* ---- destroy and close ---- */

/* Each life of a socket (from creation, or from a connect() after destroy)
 * holds a reference that its `close` releases. A connect() made before the
 * previous life's `close` came leaves that `close` due: it is still emitted,
 * as Node emits it, but it no longer marks the socket closed. */
static void emit_close(cnet_socket_t *s, bool had_error, bool given) {
  if (s->stale_closes) {
    s->stale_closes--;
  } else {
    s->flags &= ~(S_CLOSE_HAD_ERROR | S_CLOSE_PENDING);
    s->flags |= S_CLOSE_EMITTED;
  }
  NET_DEBUG("emit close");
  cnet_event_t ev = {.type = CNET_EV_CLOSE, .u.close = {had_error, given}};
  cnet__socket_emit(s, &ev);
  cnet__socket_drop(s); /* the life's reference */
}

void cnet__socket_new_life(cnet_socket_t *s) {
  if (!(s->flags & S_DESTROYED)) return;
  if (s->flags & S_CLOSE_PENDING) s->stale_closes++;
  s->refs++;
}

static void on_handle_closed(uv_handle_t *h) {
  cnet_socket_t *s = h->data;
  free(h);
  if (!s) return; /* an abandoned connection attempt */
  cnet_loop_t *loop = s->loop;
  cnet__enter(loop);
  emit_close(s, s->flags & S_CLOSE_HAD_ERROR, true);
  cnet__leave(loop);
}

void cnet__socket_close_handle(cnet_socket_t *s, cnet_stream_handle_t *h) {
  (void)s;
  uv_close(&h->handle, on_handle_closed);
}

static void emit_close_nt(void *a, void *b, cnet__fnptr f) {
  (void)b;
  (void)f;
  cnet_socket_t *s = a;
  emit_close(s, false, false); /* Node's emitCloseNT: emit('close') */
  cnet__socket_drop(s); /* the tick's */
}

static void emit_error_nt(void *a, void *b, cnet__fnptr f) {
  (void)f;
  cnet_socket_t *s = a;
  cnet_error_t *err = b;
  if (!(s->flags & S_ERROR_EMITTED)) {
    s->flags |= S_ERROR_EMITTED;
    cnet__emit_error(&s->em, err);
  }
  cnet_error_unref(err);
  cnet__socket_drop(s);
}

void cnet__socket_destroy_owned(cnet_socket_t *s, cnet_error_t *err) {
  if (s->flags & S_DESTROYED) {
    cnet_error_unref(err);
    return;
  }
  NET_DEBUG("destroy");
  bool was_connecting = s->flags & S_CONNECTING;
  s->flags |= S_DESTROYED | S_CLOSE_PENDING;
  s->flags &= ~S_CONNECTING;
  if (err && !s->errored) s->errored = cnet_error_ref(err);
  if (s->flags & S_TIMEOUT_SET) cnet__timeout_unenroll(&s->loop->timeouts, &s->ext->timeout);
  s->flags &= ~S_TIMEOUT_FIRED;
  cnet__connect_cancel(s);
  if (s->ext && s->ext->signal) cnet__abort_signal_remove(s->ext->signal, on_abort, s);
  /* Node's order: the write queue's errors, then `error`, then `close`. */
  cnet__socket_fail_writes(s, was_connecting);
  if (err) cnet__socket_tick(s, emit_error_nt, err, NULL);
  if (s->handle) {
    NET_DEBUG("close handle");
    cnet_stream_handle_t *h = s->handle;
    s->handle = NULL;
    if (err) s->flags |= S_CLOSE_HAD_ERROR;
    /* A reset is refused while a shutdown is pending; then it is a plain close. */
    if (!(s->flags & S_RESET_ON_CLOSE) || s->is_pipe ||
        uv_tcp_close_reset(&h->tcp, on_handle_closed) != 0)
      uv_close(&h->handle, on_handle_closed);
  } else {
    cnet__socket_tick(s, emit_close_nt, NULL, NULL);
  }
  if (s->server) cnet__server_connection_closed(s->server);
}

void cnet_socket_destroy(cnet_socket_t *s, const cnet_error_t *err) {
  if (!cnet__socket_cast(s)) return;
  cnet__socket_destroy_owned(s, err ? cnet__error_keep(err) : NULL);
}

static void destroy_on_finish(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_destroy(ev->emitter, NULL);
}

void cnet_socket_destroy_soon(cnet_socket_t *s) {
  if (!cnet__socket_cast(s)) return;
  if (cnet_socket_writable(s)) cnet_socket_end(s, NULL, NULL);
  NET_DEBUG("destroySoon");
  if (s->flags & S_FINISHED)
    cnet_socket_destroy(s, NULL);
  else
    cnet_once(s, CNET_EV_FINISH, destroy_on_finish, NULL);
}

static void reset_on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *s = ev->emitter;
  s->flags |= S_RESET_ON_CLOSE;
  cnet_socket_destroy(s, NULL);
}

int cnet_socket_reset_and_destroy(cnet_socket_t *s) {
  if (!cnet__socket_cast(s)) return cnet__not_a_socket();
  if (!s->handle && !(s->flags & S_CONNECTING)) {
    cnet__socket_destroy_owned(s, cnet__error_code(CNET_ERR_SOCKET_CLOSED, NULL));
    return 0;
  }
  if (s->is_pipe)
    return cnet__throw(CNET_ERR_INVALID_HANDLE_TYPE, "This handle type cannot be sent");
  if (s->flags & S_CONNECTING) {
    cnet_once(s, CNET_EV_CONNECT, reset_on_connect, NULL);
    return 0;
  }
  s->flags |= S_RESET_ON_CLOSE;
  cnet_socket_destroy(s, NULL);
  return 0;
}

/* Why the descriptor cannot leave the socket now, or NULL: what cnet has
 * taken from it or promised to it must not be lost in the move. */
static const char *detach_refused(const cnet_socket_t *s) {
  if (s->flags & S_CONNECTING) return "it is connecting";
  if (s->writable_length || cnet__wq_len(s)) return "writes are pending (detach once their callbacks ran)";
  if ((s->flags & S_FINAL_CALLED) && !(s->flags & S_FINISHED)) return "end() is under way";
  if ((s->ext && s->ext->held_len > s->ext->held_off) || s->decoder.buffered)
    return "it holds data read but not yet consumed";
  return NULL;
}

int cnet_socket_detach_fd(cnet_socket_t *s) {
  if (!cnet__socket_cast(s)) return cnet__not_a_socket();
  const char *why = detach_refused(s);
  if (why) return cnet__throw(UV_EBUSY, "detach EBUSY: %s", why);
  if (!s->handle || (s->flags & S_DESTROYED)) return cnet__throw(CNET_ERR_SOCKET_CLOSED, NULL);
  uv_os_fd_t fd;
  int err = uv_fileno(&s->handle->handle, &fd);
  int copy = err ? -1 : fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (copy < 0) {
    err = err ? err : uv_translate_sys_error(errno);
    return cnet__throw(err, "detach %s: %s", uv_err_name(err), uv_strerror(err));
  }
  NET_DEBUG("detach fd %d", copy);
  /* Closing the handle closes only its own descriptor: the connection lives
   * on in the copy, and what the kernel has not handed over is read there. */
  cnet_socket_destroy(s, NULL);
  return copy;
}

/* Node's AbortError(undefined, { cause: signal.reason }). */
static void on_abort(cnet_abort_signal_t *signal, void *ctx) {
  cnet_socket_t *s = ctx;
  cnet_error_t *err = cnet__error_code(CNET_ERR_ABORT, "The operation was aborted");
  cnet__error_with_cause(err, cnet_error_ref(cnet_abort_signal_reason(signal)));
  cnet__socket_destroy_owned(s, err);
}

/* ---- timeouts ---- */

/* As Node's timers, a duration past 2^31-1 ms is cut to 2^31-1 (with its
 * TimeoutOverflowWarning); socket.timeout keeps the value given. */
static uint32_t idle_ms(int64_t ms) { return ms > INT32_MAX ? INT32_MAX : (uint32_t)ms; }

/* Node's _onTimeout: while a write is under way and libuv's queue has moved
 * since the last look (kLastWriteQueueSize, first the write's whole size),
 * the socket is not idle: it counts again instead of emitting. */
static bool write_progressing(cnet_socket_t *s) {
  cnet_socket_ext_t *x = s->ext;
  if (!cnet__wq_inflight(s) || !s->handle) return false;
  uint64_t flushed = s->bytes_written - s->writable_length; /* moves when a write completes */
  if (x->timeout_write_key != flushed + 1) {
    x->timeout_write_key = flushed + 1;
    x->timeout_write_size = 0;
    cnet_write_queue_t *q = s->wq;
    for (uint32_t i = 0; i < q->inflight; i++)
      x->timeout_write_size += q->ring[(q->head + i) % q->cap].len;
  }
  size_t now = s->handle->stream.write_queue_size;
  if (now == x->timeout_write_size) return false;
  x->timeout_write_size = now;
  return true;
}

static void on_timeout(cnet_timeout_t *t) {
  cnet_socket_ext_t *x = (cnet_socket_ext_t *)((char *)t - offsetof(cnet_socket_ext_t, timeout));
  cnet_socket_t *s = x->socket;
  if (write_progressing(s)) {
    cnet__timeout_enroll(&s->loop->timeouts, t, idle_ms(x->timeout_ms), on_timeout);
    return;
  }
  NET_DEBUG("_onTimeout");
  s->flags |= S_TIMEOUT_FIRED;
  cnet_loop_t *loop = s->loop;
  cnet__socket_hold(s);
  cnet__enter(loop);
  /* unless a tick queued outside any callback changed it (Node runs those first) */
  if (s->flags & S_TIMEOUT_FIRED) cnet__socket_emit_simple(s, CNET_EV_TIMEOUT);
  cnet__socket_drop(s);
  cnet__leave(loop);
}

/* As Node's timer.refresh(): a timeout that fired is not repeated, but
 * activity after it arms it again. */
void cnet__socket_touch_timeout(cnet_socket_t *s) {
  cnet_socket_ext_t *x = s->ext;
  if (x->timeout.list) {
    cnet__timeout_touch(&s->loop->timeouts, &x->timeout);
  } else if (s->flags & S_TIMEOUT_FIRED) {
    s->flags &= ~S_TIMEOUT_FIRED;
    cnet__timeout_enroll(&s->loop->timeouts, &x->timeout, idle_ms(x->timeout_ms), on_timeout);
  }
}

int cnet_socket_set_timeout(cnet_socket_t *s, int64_t ms, cnet_listener_fn callback, void *ctx) {
  if (!cnet__socket_cast(s)) return cnet__not_a_socket();
  if (ms < 0)
    return cnet__throw(CNET_ERR_OUT_OF_RANGE,
                       "The value of \"msecs\" is out of range. It must be a non-negative "
                       "finite number. Received %lld", (long long)ms);
  if (s->flags & S_DESTROYED) return 0;
  cnet_socket_ext_t *x = cnet__socket_ext(s);
  x->timeout_ms = ms;
  s->flags |= S_TIMEOUT_SET;
  s->flags &= ~S_TIMEOUT_FIRED;
  if (ms == 0) {
    cnet__timeout_unenroll(&s->loop->timeouts, &x->timeout);
    if (callback) cnet_off(s, CNET_EV_TIMEOUT, callback, ctx);
    return 0;
  }
  cnet__timeout_enroll(&s->loop->timeouts, &x->timeout, idle_ms(ms), on_timeout);
  if (callback) cnet_once(s, CNET_EV_TIMEOUT, callback, ctx);
  return 0;
}

int64_t cnet_socket_timeout(const cnet_socket_t *s) {
  return cnet__socket_cast(s) && (s->flags & S_TIMEOUT_SET) ? s->ext->timeout_ms : -1;
}

/* ---- TCP options, ref ---- */

/* While connecting, the flags are what connect applies (Node's afterConnect). */
static bool tcp_ready(const cnet_socket_t *s) {
  return s->handle && !s->is_pipe && !(s->flags & S_CONNECTING);
}

void cnet_socket_set_no_delay(cnet_socket_t *s, bool no_delay) {
  if (!cnet__socket_cast(s)) return;
  bool was = s->flags & S_NO_DELAY;
  if (no_delay) s->flags |= S_NO_DELAY; else s->flags &= ~S_NO_DELAY;
  if (tcp_ready(s) && was != no_delay) uv_tcp_nodelay(&s->handle->tcp, no_delay);
}

/* Node 23's handle.setKeepAlive (libuv >= 1.46): SO_KEEPALIVE, then
 * TCP_KEEPIDLE = the delay and TCP_KEEPINTVL 1, TCP_KEEPCNT 10. libuv 1.44
 * sets only the first two, so the rest is done here. A delay under one
 * second fails in libuv after SO_KEEPALIVE, leaving the system's timings. */
void cnet__tcp_keep_alive(uv_tcp_t *tcp, bool enable, unsigned delay_s) {
  if (!enable || delay_s < 1) {
    uv_tcp_keepalive(tcp, enable, 0);
    return;
  }
  if (uv_tcp_keepalive(tcp, 1, delay_s)) return;
#if defined(__linux__)
  uv_os_fd_t fd;
  if (uv_fileno((uv_handle_t *)tcp, &fd)) return;
  int intvl = 1, cnt = 10;
  if (setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl, sizeof intvl) == 0)
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof cnt);
#endif
}

void cnet_socket_set_keep_alive(cnet_socket_t *s, bool enable, int64_t initial_delay_ms) {
  if (!cnet__socket_cast(s)) return;
  uint16_t delay = delay_seconds(initial_delay_ms);
  bool was = s->flags & S_KEEP_ALIVE;
  if (s->handle && (s->is_pipe || (enable == was && (!enable || delay == s->keep_alive_delay_s))))
    return; /* Node changes nothing then */
  if (enable) s->flags |= S_KEEP_ALIVE; else s->flags &= ~S_KEEP_ALIVE;
  s->keep_alive_delay_s = delay;
  if (tcp_ready(s)) cnet__tcp_keep_alive(&s->handle->tcp, enable, delay);
}

void cnet_socket_ref(cnet_socket_t *s) {
  if (!cnet__socket_cast(s)) return;
  s->flags &= ~S_UNREF;
  if (s->handle) uv_ref(&s->handle->handle); else s->flags |= S_REF_ON_CONNECT;
}

void cnet_socket_unref(cnet_socket_t *s) {
  if (!cnet__socket_cast(s)) return;
  s->flags |= S_UNREF;
  if (s->handle) uv_unref(&s->handle->handle); else s->flags |= S_REF_ON_CONNECT;
}

/* ---- addresses ---- */

int cnet__tcp_name(cnet_stream_handle_t *h, bool peer, cnet_address_t *out) {
  struct sockaddr_storage ss;
  int len = sizeof ss;
  int err = peer ? uv_tcp_getpeername(&h->tcp, (struct sockaddr *)&ss, &len)
                 : uv_tcp_getsockname(&h->tcp, (struct sockaddr *)&ss, &len);
  if (err) return err;
  if (ss.ss_family == AF_INET6) {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
    uv_ip6_name(a, out->address, sizeof out->address);
    out->port = ntohs(a->sin6_port);
    out->family = "IPv6";
  } else {
    struct sockaddr_in *a = (struct sockaddr_in *)&ss;
    uv_ip4_name(a, out->address, sizeof out->address);
    out->port = ntohs(a->sin_port);
    out->family = "IPv4";
  }
  return 0;
}

static int name_of(cnet_socket_t *s, bool peer, cnet_address_t *out) {
  if (!s->handle || s->is_pipe) return UV_EBADF;
  return cnet__tcp_name(s->handle, peer, out);
}

/* Node caches the peer's name once read, and keeps it after close. */
static const cnet_address_t *peer(cnet_socket_t *s) {
  cnet_socket_ext_t *x = s->ext;
  if (x && x->has_peer) return &x->peer;
  if (!s->handle || s->is_pipe || (s->flags & S_CONNECTING)) return NULL;
  cnet_address_t a;
  if (name_of(s, true, &a)) return NULL;
  x = cnet__socket_ext(s);
  x->peer = a;
  x->has_peer = true;
  return &x->peer;
}

/* The local name is cached while the handle lives, as Node's _sockname:
 * even a failure (asked before the socket existed) sticks until connect. */
static const cnet_address_t *local(cnet_socket_t *s) {
  if (!s->handle || s->is_pipe) return NULL;
  cnet_socket_ext_t *x = cnet__socket_ext(s);
  if (!x->has_local) {
    x->local_ok = name_of(s, false, &x->local) == 0;
    x->has_local = true;
  }
  return x->local_ok ? &x->local : NULL;
}

int cnet_socket_address(cnet_socket_t *s, cnet_address_t *out) {
  if (!cnet__socket_cast(s) || !out) return cnet__not_a_socket();
  const cnet_address_t *a = local(s);
  if (!a) return UV_ENOTCONN;
  *out = *a;
  return 0;
}

const char *cnet_socket_local_address(cnet_socket_t *s) {
  const cnet_address_t *a = cnet__socket_cast(s) ? local(s) : NULL;
  return a ? a->address : NULL;
}
int cnet_socket_local_port(cnet_socket_t *s) {
  const cnet_address_t *a = cnet__socket_cast(s) ? local(s) : NULL;
  return a ? a->port : -1;
}
const char *cnet_socket_local_family(cnet_socket_t *s) {
  const cnet_address_t *a = cnet__socket_cast(s) ? local(s) : NULL;
  return a ? a->family : NULL;
}
const char *cnet_socket_remote_address(cnet_socket_t *s) {
  const cnet_address_t *a = cnet__socket_cast(s) ? peer(s) : NULL;
  return a ? a->address : NULL;
}
int cnet_socket_remote_port(cnet_socket_t *s) {
  const cnet_address_t *a = cnet__socket_cast(s) ? peer(s) : NULL;
  return a ? a->port : -1;
}
const char *cnet_socket_remote_family(cnet_socket_t *s) {
  const cnet_address_t *a = cnet__socket_cast(s) ? peer(s) : NULL;
  return a ? a->family : NULL;
}

/* ---- properties ---- */

uint64_t cnet_socket_bytes_read(const cnet_socket_t *s) { return cnet__socket_cast(s) ? s->bytes_read : 0; }
uint64_t cnet_socket_bytes_written(const cnet_socket_t *s) { return cnet__socket_cast(s) ? s->bytes_written : 0; }
size_t cnet_socket_buffer_size(const cnet_socket_t *s) {
  return cnet__socket_cast(s) && s->handle ? s->writable_length : 0;
}
bool cnet_socket_connecting(const cnet_socket_t *s) { return cnet__socket_cast(s) && (s->flags & S_CONNECTING); }
bool cnet_socket_pending(const cnet_socket_t *s) {
  return cnet__socket_cast(s) && (!s->handle || (s->flags & S_CONNECTING));
}
bool cnet_socket_destroyed(const cnet_socket_t *s) { return cnet__socket_cast(s) && (s->flags & S_DESTROYED); }

/* Duplex's readable: not destroyed, no error emitted, `end` not emitted. */
bool cnet_socket_readable(const cnet_socket_t *s) {
  return cnet__socket_cast(s) && (s->flags & (S_READABLE | S_DESTROYED | S_ERROR_EMITTED | S_END_EMITTED)) ==
                        S_READABLE;
}
/* Duplex's writable: not destroyed, errored or ending. */
bool cnet_socket_writable(const cnet_socket_t *s) {
  return cnet__socket_cast(s) && (s->flags & (S_WRITABLE | S_DESTROYED | S_ENDING)) == S_WRITABLE &&
         !s->errored;
}

const char *cnet_socket_ready_state(const cnet_socket_t *s) {
  if (!cnet__socket_cast(s)) return "closed";
  if (s->flags & S_CONNECTING) return "opening";
  bool r = cnet_socket_readable(s), w = cnet_socket_writable(s);
  if (r && w) return "open";
  if (r) return "readOnly";
  if (w) return "writeOnly";
  return "closed";
}

size_t cnet_socket_writable_length(const cnet_socket_t *s) { return cnet__socket_cast(s) ? s->writable_length : 0; }
size_t cnet_socket_writable_high_water_mark(const cnet_socket_t *s) {
  return cnet__socket_cast(s) ? s->writable_hwm : 0;
}
/* Node's readableEnded is endEmitted, not the arrival of the FIN. */
bool cnet_socket_readable_ended(const cnet_socket_t *s) { return cnet__socket_cast(s) && (s->flags & S_END_EMITTED); }
bool cnet_socket_writable_ended(const cnet_socket_t *s) { return cnet__socket_cast(s) && (s->flags & S_ENDING); }
bool cnet_socket_writable_finished(const cnet_socket_t *s) { return cnet__socket_cast(s) && (s->flags & S_FINISHED); }
bool cnet_socket_allow_half_open(const cnet_socket_t *s) {
  return cnet__socket_cast(s) && (s->flags & S_ALLOW_HALF_OPEN);
}
cnet_server_t *cnet_socket_server(const cnet_socket_t *s) { return cnet__socket_cast(s) ? s->server : NULL; }

int cnet_socket_readable_flowing(const cnet_socket_t *s) { return cnet__socket_cast(s) ? s->flowing : -1; }
const char *cnet_socket_readable_encoding(const cnet_socket_t *s) {
  if (!cnet__socket_cast(s) || s->decoder.enc == CNET_ENC_BUFFER) return NULL;
  return cnet__encoding_name(s->decoder.enc);
}
size_t cnet_socket_readable_high_water_mark(const cnet_socket_t *s) {
  return cnet__socket_cast(s) ? s->readable_hwm : 0;
}
size_t cnet_socket_readable_length(const cnet_socket_t *s) {
  return cnet__socket_cast(s) && s->ext ? s->ext->held_length : 0;
}
bool cnet_socket_writable_need_drain(const cnet_socket_t *s) {
  return cnet__socket_cast(s) && (s->flags & (S_NEED_DRAIN | S_DESTROYED | S_ENDING)) == S_NEED_DRAIN;
}
unsigned cnet_socket_writable_corked(const cnet_socket_t *s) { return cnet__socket_cast(s) ? s->corked : 0; }
const cnet_error_t *cnet_socket_errored(const cnet_socket_t *s) {
  return cnet__socket_cast(s) ? s->errored : NULL;
}
/* Node's Readable closed: set by destroy() (net.Socket's _destroy answers
 * at once), cleared by the reconnect's undestroy. */
bool cnet_socket_closed(const cnet_socket_t *s) { return cnet__socket_cast(s) && (s->flags & S_DESTROYED); }

const char *const *cnet_socket_auto_select_family_attempted_addresses(const cnet_socket_t *s,
                                                                      size_t *count) {
  if (count) *count = cnet__socket_cast(s) && s->ext ? s->ext->attempted_len : 0;
  return cnet__socket_cast(s) && s->ext ? (const char *const *)s->ext->attempted : NULL;
}
