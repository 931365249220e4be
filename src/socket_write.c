/* net.Socket's writable side: write, the write queue, cork, end, finish.
 *
 * A write first tries the kernel (uv_try_write); only what it does not take
 * is copied into the queue, so the steady state allocates nothing. One
 * uv_write at a time carries the queue's head entries, as Node's Writable
 * has one write under way and sends the rest as a writev after it. While
 * corked, writes only join the queue; the last uncork sends it as one
 * writev. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "debug.h"
#include "error.h"
#include "socket.h"

#define BATCH 64 /* entries a uv_write carries at most */

typedef struct {
  cnet_write_cb cb;
  void *ctx;
} done_cb;

/* Entry i of the queue, which exists. */
static cnet_write_entry_t *entry(cnet_socket_t *s, uint32_t i) {
  cnet_write_queue_t *q = s->wq;
  return &q->ring[(q->head + i) % q->cap];
}

static void queue_grow(cnet_socket_t *s) {
  if (!s->wq) s->wq = cnet__calloc(1, sizeof *s->wq);
  cnet_write_queue_t *q = s->wq;
  uint32_t cap = q->cap ? q->cap * 2 : 8;
  cnet_write_entry_t *ring = cnet__malloc(cap * sizeof *ring);
  for (uint32_t i = 0; i < q->len; i++) ring[i] = *entry(s, i);
  free(q->ring);
  q->ring = ring;
  q->cap = cap;
  q->head = 0;
}

/* Queues the bytes data[done..len): copied, unless the caller lends them. */
static void enqueue(cnet_socket_t *s, const char *data, size_t len, size_t done, bool copy,
                    cnet_write_cb cb, void *ctx) {
  if (!s->wq || s->wq->len == s->wq->cap) queue_grow(s);
  cnet_write_entry_t *e = entry(s, s->wq->len++);
  *e = (cnet_write_entry_t){.data = data + done, .left = len - done, .len = len, .cb = cb, .ctx = ctx};
  if (copy && e->left) {
    e->owned = cnet__malloc(e->left);
    memcpy(e->owned, e->data, e->left);
    e->data = e->owned;
  }
}

void cnet__write_entry_release(cnet_write_entry_t *e) {
  free(e->owned);
  e->owned = NULL;
  if (e->send) uv_close((uv_handle_t *)e->send, (uv_close_cb)free); /* closes our copy of it */
  e->send = NULL;
}

/* Takes the head entry off the queue; its callback goes into done. */
static void pop(cnet_socket_t *s, done_cb *done, size_t *ndone) {
  cnet_write_entry_t *e = entry(s, 0);
  s->writable_length -= e->len;
  if (e->cb) done[(*ndone)++] = (done_cb){e->cb, e->ctx};
  cnet__write_entry_release(e);
  s->wq->head = (s->wq->head + 1) % s->wq->cap;
  s->wq->len--;
}

static bool need_finish(const cnet_socket_t *s) {
  return (s->flags & (S_ENDING | S_DESTROYED | S_FINISHED | S_ERROR_EMITTED | S_CLOSE_EMITTED)) ==
             S_ENDING &&
         !s->errored && s->writable_length == 0 && cnet__wq_len(s) == 0;
}

/* Node's afterWrite: `drain` first, then the callbacks, then maybe `finish`. */
static void after_write(cnet_socket_t *s, done_cb *done, size_t ndone) {
  if ((s->flags & (S_ENDING | S_DESTROYED | S_NEED_DRAIN)) == S_NEED_DRAIN &&
      s->writable_length == 0) {
    s->flags &= ~S_NEED_DRAIN;
    cnet__socket_emit_simple(s, CNET_EV_DRAIN);
  }
  for (size_t i = 0; i < ndone; i++) done[i].cb(s, NULL, done[i].ctx);
  cnet__socket_finish_maybe(s, false);
}

/* Calls the end() callbacks with err (NULL at `finish`), once each; they
 * leave the socket first, since a callback may call end() again. */
static void call_end_cbs(cnet_socket_t *s, const cnet_error_t *err) {
  cnet_socket_ext_t *x = s->ext;
  if (!x || !x->end_cbs_len) return;
  size_t n = x->end_cbs_len;
  cnet_end_cb_t *ends = x->end_cbs;
  x->end_cbs = NULL;
  x->end_cbs_len = 0;
  for (size_t i = 0; i < n; i++) ends[i].cb(s, err, ends[i].ctx);
  free(ends);
}

/* ---- errors ---- */

/* Calls the write callback f(s, NULL, ctx = b). */
static void call_cb_nt(void *a, void *b, cnet__fnptr f) {
  cnet_socket_t *s = a;
  ((cnet_write_cb)f)(s, NULL, b);
  cnet__socket_drop(s);
}

typedef struct {
  cnet_write_cb cb;
  void *ctx;
  cnet_error_t *err;
} failed_cb;

static void call_failed_nt(void *a, void *b, cnet__fnptr f) {
  (void)f;
  cnet_socket_t *s = a;
  failed_cb *fc = b;
  fc->cb(s, fc->err, fc->ctx);
  cnet_error_unref(fc->err);
  free(fc);
  cnet__socket_drop(s);
}

/* Calls cb(err) on the next tick; takes a reference to err. */
static void fail_cb_later(cnet_socket_t *s, cnet_write_cb cb, void *ctx, cnet_error_t *err) {
  if (!cb) {
    cnet_error_unref(err);
    return;
  }
  failed_cb *fc = cnet__malloc(sizeof *fc);
  *fc = (failed_cb){cb, ctx, err};
  cnet__socket_tick(s, call_failed_nt, fc, NULL);
}

/* A write failed in the kernel: its callback gets the error, then the
 * socket is destroyed with it (Node's onwriteError). */
static void write_failed(cnet_socket_t *s, int status) {
  cnet_error_t *err = cnet__error_uv(status, "write", NULL, -1, false);
  for (uint32_t i = 0; i < cnet__wq_len(s); i++) {
    cnet_write_entry_t *e = entry(s, i);
    if (e->cb) fail_cb_later(s, e->cb, e->ctx, cnet_error_ref(err));
    e->cb = NULL;
  }
  cnet__socket_destroy_owned(s, err);
}

/* Fails what never reached the kernel, in order, and the end() callbacks,
 * with the socket's error; the first one with first_err when it is given.
 * The entries leave the queue first: a callback may connect and write again. */
static void fail_queue(cnet_socket_t *s, bool now, const cnet_error_t *first_err) {
  uint32_t first = cnet__wq_inflight(s), n = cnet__wq_len(s) - first;
  cnet_write_entry_t *failed = n ? cnet__malloc(n * sizeof *failed) : NULL;
  for (uint32_t i = 0; i < n; i++) failed[i] = *entry(s, first + i);
  if (n) s->wq->len = first;
  for (uint32_t i = 0; i < n; i++) {
    cnet_write_entry_t e = failed[i];
    cnet_error_t *err = i == 0 && first_err ? cnet_error_ref(first_err)
                        : s->errored        ? cnet_error_ref(s->errored)
                                            : cnet__error_code(CNET_ERR_STREAM_DESTROYED,
                                                               "Cannot call write after a stream was destroyed");
    s->writable_length -= e.len;
    cnet__write_entry_release(&e);
    if (now && e.cb) e.cb(s, err, e.ctx);
    if (now) cnet_error_unref(err); else fail_cb_later(s, e.cb, e.ctx, err);
  }
  free(failed);
  cnet_error_t *err = s->errored ? cnet_error_ref(s->errored)
                                 : cnet__error_code(CNET_ERR_STREAM_DESTROYED,
                                                    "Cannot call end after a stream was destroyed");
  if (now) {
    call_end_cbs(s, err);
  } else {
    cnet_socket_ext_t *x = s->ext;
    for (size_t i = 0; x && i < x->end_cbs_len; i++)
      fail_cb_later(s, x->end_cbs[i].cb, x->end_cbs[i].ctx, cnet_error_ref(err));
    if (x) x->end_cbs_len = 0;
  }
  cnet_error_unref(err);
}

/* On destroy: what never reached the kernel fails with the socket's error or
 * ERR_STREAM_DESTROYED on the next tick, or, while a write is under way,
 * once libuv has cancelled it. Writes made while connecting wait for `close`
 * instead, where Node fails them with ERR_SOCKET_CLOSED_BEFORE_CONNECTION. */
void cnet__socket_fail_writes(cnet_socket_t *s, bool was_connecting) {
  if (was_connecting && (s->flags & S_FLUSH_ON_CONNECT)) return;
  /* Node's errorBuffer waits for a write under way: the rest fail when it
   * completes (cancelled by the close), after its own callback. */
  if (cnet__wq_inflight(s)) return;
  fail_queue(s, false, NULL);
}

/* The `close` listener of writes made while connecting (Node's onClose). */
static void fail_on_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *s = ev->emitter;
  s->flags &= ~S_FLUSH_ON_CONNECT;
  if (!cnet__wq_len(s)) return;
  /* the write that waited for `connect` gets this error, as Node's onClose
   * gives it; the rest get the socket's error, which this becomes if none */
  cnet_error_t *err = cnet__error_code(CNET_ERR_SOCKET_CLOSED_BEFORE_CONNECTION, NULL);
  if (!s->errored) s->errored = cnet_error_ref(err);
  fail_queue(s, true, err);
  cnet_error_unref(err);
  /* A connect() made since (a new life) is destroyed by the error, as Node's
   * onwriteError destroys the stream. */
  if (!(s->flags & S_DESTROYED)) cnet__socket_destroy_owned(s, cnet_error_ref(s->errored));
}

/* ---- the queue to the kernel ---- */

static void on_write_done(uv_write_t *req, int status);

/* Hands the queue's head entries to one uv_write (libuv tries the kernel at
 * once and keeps the rest). A descriptor goes with the first byte of a
 * write, so an entry that carries one starts a uv_write2 of its own. */
static void dispatch(cnet_socket_t *s) {
  cnet_write_queue_t *q = s->wq;
  if (!q || q->inflight || !q->len || !s->handle || s->corked ||
      (s->flags & (S_CONNECTING | S_DESTROYED)))
    return;
  uv_buf_t bufs[BATCH];
  uint32_t max = q->len < BATCH ? q->len : BATCH, n = 0;
  for (; n < max && (n == 0 || !entry(s, n)->send); n++) {
    cnet_write_entry_t *e = entry(s, n);
    bufs[n] = cnet__buf(e->data, e->left);
  }
  q->req.data = s;
  uv_stream_t *send = (uv_stream_t *)entry(s, 0)->send;
  int err = uv_write2(&q->req, &s->handle->stream, bufs, n, send, on_write_done);
  if (err) {
    write_failed(s, err);
    return;
  }
  q->inflight = n;
  cnet__socket_hold(s);
}

/* The kernel took the entries under way: they leave the queue, the next
 * write starts, then `drain` and their callbacks. */
static void write_done(cnet_socket_t *s) {
  done_cb done[BATCH];
  size_t ndone = 0;
  uint32_t n = s->wq->inflight;
  s->wq->inflight = 0;
  for (uint32_t i = 0; i < n; i++) pop(s, done, &ndone);
  dispatch(s);
  after_write(s, done, ndone);
  if (s->flags & S_DESTROYED) fail_queue(s, true, NULL); /* what waited behind it */
}

/* The close cancelled the entries under way (status is libuv's ECANCELED):
 * their bytes did not all reach the peer. As Node's onWriteComplete and
 * onwrite, their callbacks get "write ECANCELED", which becomes the
 * socket's error when it had none, and what waited behind them fails with
 * the socket's error. They leave the queue first: a callback may connect
 * and write again. */
static void write_cancelled(cnet_socket_t *s, int status) {
  done_cb done[BATCH];
  size_t ndone = 0;
  uint32_t n = s->wq->inflight;
  s->wq->inflight = 0;
  cnet_error_t *err = cnet__error_uv(status, "write", NULL, -1, false);
  if (!s->errored) s->errored = cnet_error_ref(err);
  for (uint32_t i = 0; i < n; i++) pop(s, done, &ndone);
  for (size_t i = 0; i < ndone; i++) done[i].cb(s, err, done[i].ctx);
  cnet_error_unref(err);
  fail_queue(s, true, NULL); /* then what waited behind it, as Node's errorBuffer */
}

static void on_write_done(uv_write_t *req, int status) {
  cnet_socket_t *s = req->data;
  cnet_loop_t *loop = s->loop;
  cnet__enter(loop);
  if (status == 0) {
    cnet__socket_touch(s);
    write_done(s);
  } else if (s->flags & S_DESTROYED) {
    write_cancelled(s, status);
  } else {
    s->wq->inflight = 0;
    write_failed(s, status);
  }
  cnet__socket_drop(s);
  cnet__leave(loop);
}

/* ---- write ---- */

static void call_done_nt(void *a, void *b, cnet__fnptr f) {
  cnet_socket_t *s = a;
  done_cb d = {(cnet_write_cb)f, b};
  after_write(s, &d, 1);
  cnet__socket_drop(s);
}

static void flush_on_connect(const cnet_event_t *ev, void *ctx);
static void fail_on_close(const cnet_event_t *ev, void *ctx);

/* Writes made while connecting wait for `connect` (or fail at `close`),
 * as Node's _writeGeneric defers its write. */
static void wait_for_connect(cnet_socket_t *s) {
  if (s->flags & S_FLUSH_ON_CONNECT) return;
  s->flags |= S_FLUSH_ON_CONNECT;
  cnet_once(s, CNET_EV_CONNECT, flush_on_connect, NULL);
  cnet_once(s, CNET_EV_CLOSE, fail_on_close, NULL);
}

/* What write() returns: Node's writeOrBuffer, below the high-water mark. */
static int write_result(cnet_socket_t *s) {
  bool ret = s->writable_length < s->writable_hwm || s->writable_length == 0;
  if (!ret) s->flags |= S_NEED_DRAIN;
  return ret && !(s->flags & S_DESTROYED) && !s->errored;
}

/* Node's Writable _write checks: the error of a write that cannot be made, or NULL. */
static cnet_error_t *write_refused(const cnet_socket_t *s) {
  if (s->flags & S_ENDING) return cnet__error_code(CNET_ERR_STREAM_WRITE_AFTER_END, NULL);
  if (s->flags & S_DESTROYED)
    return cnet__error_code(CNET_ERR_STREAM_DESTROYED, "Cannot call write after a stream was destroyed");
  return NULL;
}

/* socket.write: net's writeAfterFIN, Writable's checks, then writeOrBuffer.
 * send: a descriptor to go with the first byte (taken in every case). */
static int write_impl(cnet_socket_t *s, const char *data, size_t len, bool copy, cnet_write_cb cb,
                      void *ctx, uv_pipe_t *send) {
  cnet_error_t *err;
  if ((s->flags & (S_WRITE_AFTER_FIN | S_ENDING)) == (S_WRITE_AFTER_FIN | S_ENDING))
    err = cnet__error_plain("EPIPE", "This socket has been ended by the other party");
  else
    err = write_refused(s);
  if (err) {
    if (send) uv_close((uv_handle_t *)send, (uv_close_cb)free);
    fail_cb_later(s, cb, ctx, cnet_error_ref(err));
    cnet__socket_destroy_owned(s, err); /* nothing more when destroyed already */
    return 0;
  }
  s->writable_length += len;
  s->bytes_written += len;
  if (s->corked) {
    /* Node's Writable keeps it, unchecked, until the last uncork */
    enqueue(s, data, len, 0, copy, cb, ctx);
    entry(s, s->wq->len - 1)->send = send;
    return write_result(s);
  }
  if (!s->handle && !(s->flags & S_CONNECTING)) {
    /* Never connected: Node's _writeGeneric fails the write and the socket. */
    if (send) uv_close((uv_handle_t *)send, (uv_close_cb)free);
    s->writable_length -= len;
    err = cnet__error_code(CNET_ERR_SOCKET_CLOSED, NULL);
    fail_cb_later(s, cb, ctx, cnet_error_ref(err));
    cnet__socket_destroy_owned(s, err);
    return 0;
  }
  cnet__socket_touch(s);
  if (cnet__wq_len(s) || (s->flags & S_CONNECTING) || send) {
    if (s->flags & S_CONNECTING) wait_for_connect(s);
    enqueue(s, data, len, 0, copy, cb, ctx);
    entry(s, s->wq->len - 1)->send = send;
    dispatch(s);
  } else {
    uv_buf_t buf = cnet__buf(data, len);
    int n = len ? uv_try_write(&s->handle->stream, &buf, 1) : 0;
    if (n == UV_EAGAIN || n == UV_ENOSYS) n = 0;
    if (n < 0) {
      enqueue(s, data, len, len, false, cb, ctx); /* failed with the queue, as counted */
      write_failed(s, n);
      return 0;
    }
    if ((size_t)n == len) {
      s->writable_length -= len;
      if (cb) cnet__socket_tick(s, call_done_nt, ctx, (cnet__fnptr)cb);
    } else {
      enqueue(s, data, len, (size_t)n, copy, cb, ctx);
      dispatch(s);
    }
  }
  return write_result(s);
}

/* write(null): a NULL chunk (NULL with no length is an empty one). */
static int null_chunk(void) {
  return cnet__throw(CNET_ERR_STREAM_NULL_VALUES, "May not write null values to stream");
}

static int write_checked(cnet_socket_t *s, const void *data, size_t len, bool copy, cnet_write_cb cb,
                         void *ctx) {
  if (!data && len) return null_chunk();
  return write_impl(s, data, len, copy, cb, ctx, NULL);
}

int cnet_socket_write(cnet_socket_t *s, const void *data, size_t len, cnet_write_cb cb, void *ctx) {
  if (!cnet__socket_cast(s)) return cnet__not_a_socket();
  return write_checked(s, data, len, true, cb, ctx);
}

int cnet_socket_write_nocopy(cnet_socket_t *s, const void *data, size_t len, cnet_write_cb cb,
                             void *ctx) {
  if (!cnet__socket_cast(s)) return cnet__not_a_socket();
  return write_checked(s, data, len, false, cb, ctx);
}

/* Encodes text into the loop's scratch buffer; returns its length or a code. */
static int64_t encode(cnet_socket_t *s, const char *text, const char *encoding, char **out) {
  if (!text) return null_chunk();
  int enc = encoding ? cnet__encoding_parse(encoding) : CNET_ENC_UTF8;
  if (enc < 0) return enc;
  size_t len = strlen(text);
  *out = cnet__loop_scratch(s->loop, cnet__encode_max_output(enc, len) + 1);
  return (int64_t)cnet__encode(enc, text, len, (uint8_t *)*out);
}

int cnet_socket_write_string(cnet_socket_t *s, const char *text, const char *encoding,
                             cnet_write_cb cb, void *ctx) {
  if (!cnet__socket_cast(s)) return cnet__not_a_socket();
  char *bytes = NULL;
  int64_t n = encode(s, text, encoding, &bytes);
  if (n < 0) return (int)n;
  return write_impl(s, bytes, (size_t)n, true, cb, ctx, NULL);
}

static void flush_on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *s = ev->emitter;
  s->flags &= ~S_FLUSH_ON_CONNECT;
  cnet_off(s, CNET_EV_CLOSE, fail_on_close, NULL);
  if (!s->handle || (s->flags & S_DESTROYED)) return;
  /* What the kernel takes now completes now, as Node's first write after
   * connect does, before the application's own `connect` listeners. Corked
   * since, only that first write goes; the rest wait for the uncork. */
  done_cb done[BATCH];
  size_t ndone = 0;
  for (uint32_t sent = 0; cnet__wq_len(s) && ndone < BATCH && (!s->corked || sent < 1); sent++) {
    cnet_write_entry_t *e = entry(s, 0);
    uv_buf_t buf = cnet__buf(e->data, e->left);
    int n = e->left ? uv_try_write(&s->handle->stream, &buf, 1) : 0;
    if (n == UV_EAGAIN || n == UV_ENOSYS) n = 0;
    if (n < 0) {
      after_write(s, done, ndone); /* the writes that went out succeeded */
      write_failed(s, n);
      return;
    }
    e->data += n;
    e->left -= (size_t)n;
    if (e->left) break;
    pop(s, done, &ndone);
  }
  dispatch(s);
  after_write(s, done, ndone);
}

/* ---- cork ---- */

void cnet_socket_cork(cnet_socket_t *s) {
  if (cnet__socket_cast(s) && s->corked < UINT16_MAX) s->corked++;
}

/* The kernel took the whole writev at once: the callbacks follow on the
 * next tick, as Node's afterWriteTick. */
static void writev_done_nt(void *a, void *b, cnet__fnptr f) {
  (void)b;
  (void)f;
  cnet_socket_t *s = a;
  write_done(s);
  cnet__socket_drop(s);
}

/* Node's clearBuffer after the last uncork: the queued writes as one
 * writev. What the kernel takes at once leaves writableLength now; a rest
 * goes on as one uv_write, and the callbacks follow it. */
static void flush_corked(cnet_socket_t *s) {
  uv_buf_t bufs[BATCH];
  uint32_t n = s->wq->len < BATCH ? s->wq->len : BATCH; /* uncork found it not empty */
  size_t total = 0;
  for (uint32_t i = 0; i < n; i++) {
    cnet_write_entry_t *e = entry(s, i);
    bufs[i] = cnet__buf(e->data, e->left);
    total += e->left;
  }
  cnet__socket_touch(s);
  int w = total ? uv_try_write(&s->handle->stream, bufs, n) : 0;
  if (w == UV_EAGAIN || w == UV_ENOSYS) w = 0;
  if (w < 0) {
    write_failed(s, w);
    return;
  }
  if ((size_t)w < total) {
    for (uint32_t i = 0; w > 0; i++) {
      cnet_write_entry_t *e = entry(s, i);
      size_t k = (size_t)w < e->left ? (size_t)w : e->left;
      e->data += k;
      e->left -= k;
      w -= (int)k;
    }
    dispatch(s);
    return;
  }
  /* under way until the tick, which takes them off the queue */
  for (uint32_t i = 0; i < n; i++) {
    cnet_write_entry_t *e = entry(s, i);
    s->writable_length -= e->len;
    e->len = e->left = 0;
  }
  s->wq->inflight = n;
  cnet__socket_tick(s, writev_done_nt, NULL, NULL);
}

static void destroy_errored_nt(void *a, void *b, cnet__fnptr f) {
  (void)b;
  (void)f;
  cnet_socket_t *s = a;
  if (s->errored && !(s->flags & S_DESTROYED)) cnet__socket_destroy_owned(s, cnet_error_ref(s->errored));
  cnet__socket_drop(s);
}

/* The writev of a socket that never connected: Node's _writeGeneric fails
 * it at once (the socket is errored, the writes leave writableLength), and
 * its onwriteError calls back and destroys on the next tick. */
static void fail_unconnected(cnet_socket_t *s) {
  cnet_error_t *err = cnet__error_code(CNET_ERR_SOCKET_CLOSED, NULL);
  while (s->wq->len) { /* uncork found it not empty */
    cnet_write_entry_t *e = entry(s, 0);
    if (e->cb) fail_cb_later(s, e->cb, e->ctx, cnet_error_ref(err));
    e->cb = NULL;
    pop(s, NULL, NULL);
  }
  if (!s->errored) s->errored = cnet_error_ref(err);
  cnet_error_unref(err);
  cnet__socket_tick(s, destroy_errored_nt, NULL, NULL);
}

void cnet_socket_uncork(cnet_socket_t *s) {
  if (!cnet__socket_cast(s) || !s->corked) return;
  if (--s->corked || cnet__wq_inflight(s) || !cnet__wq_len(s) || (s->flags & S_DESTROYED)) return;
  if (s->flags & S_CONNECTING)
    wait_for_connect(s);
  else if (!s->handle)
    fail_unconnected(s);
  else
    flush_corked(s);
}

/* ---- end, final, finish ---- */

static void finish_nt(void *a, void *b, cnet__fnptr f) {
  (void)b;
  (void)f;
  cnet_socket_t *s = a;
  s->flags &= ~S_FINISH_PENDING;
  if (need_finish(s)) {
    s->flags |= S_FINISHED;
    call_end_cbs(s, NULL);
    cnet__socket_emit_simple(s, CNET_EV_FINISH);
    if ((s->flags & S_END_EMITTED) || !(s->flags & S_READABLE)) cnet_socket_destroy(s, NULL);
  }
  cnet__socket_drop(s);
}

/* Node's onFinish: the shutdown is done (or failed). */
static void on_final_done(cnet_socket_t *s, cnet_error_t *err) {
  if (err) {
    call_end_cbs(s, err);
    cnet__socket_destroy_owned(s, err);
    return;
  }
  if (need_finish(s) && !(s->flags & S_FINISH_PENDING)) {
    s->flags |= S_FINISH_PENDING;
    cnet__socket_tick(s, finish_nt, NULL, NULL);
  }
}

static void on_shutdown(uv_shutdown_t *req, int status) {
  (void)status; /* Node's afterShutdown ignores it: a failure shows in reads and writes */
  cnet_socket_t *s = req->data;
  NET_DEBUG("afterShutdown destroyed=%s", s->flags & S_DESTROYED ? "true" : "false");
  free(req);
  cnet_loop_t *loop = s->loop;
  cnet__enter(loop);
  on_final_done(s, NULL);
  cnet__socket_drop(s);
  cnet__leave(loop);
}

/* Node's Socket._final: half-close with a shutdown once the queue is empty. */
static void final(cnet_socket_t *s) {
  if (s->flags & S_CONNECTING) {
    NET_DEBUG("_final: not yet connected");
    s->flags |= S_FINAL_ON_CONNECT;
    return;
  }
  if (!s->handle) {
    on_final_done(s, NULL);
    return;
  }
  NET_DEBUG("_final: not ended, call shutdown()");
  uv_shutdown_t *req = cnet__malloc(sizeof *req);
  req->data = s;
  int err = uv_shutdown(req, &s->handle->stream, on_shutdown);
  if (err) {
    free(req);
    on_final_done(s, err == UV_ENOTCONN ? NULL : cnet__error_uv(err, "shutdown", NULL, -1, false));
    return;
  }
  cnet__socket_hold(s);
}

void cnet__socket_final_after_connect(cnet_socket_t *s) {
  if (!(s->flags & S_FINAL_ON_CONNECT)) return;
  s->flags &= ~S_FINAL_ON_CONNECT;
  final(s);
}

void cnet__socket_finish_maybe(cnet_socket_t *s, bool sync) {
  (void)sync;
  if (!need_finish(s) || (s->flags & S_FINAL_CALLED)) return;
  s->flags |= S_FINAL_CALLED;
  final(s);
}

void cnet__socket_flush(cnet_socket_t *s) { dispatch(s); }

static void add_end_cb(cnet_socket_t *s, cnet_write_cb cb, void *ctx) {
  cnet_socket_ext_t *x = cnet__socket_ext(s);
  x->end_cbs = cnet__realloc(x->end_cbs, (x->end_cbs_len + 1) * sizeof *x->end_cbs);
  x->end_cbs[x->end_cbs_len].cb = cb;
  x->end_cbs[x->end_cbs_len++].ctx = ctx;
}

/* Node's Writable.end; takes write_err, the error of end(data)'s write,
 * which then reaches the callback. */
static int end_impl(cnet_socket_t *s, cnet_error_t *write_err, cnet_write_cb cb, void *ctx) {
  cnet_error_t *err = write_err;
  if (s->corked) { /* end() uncorks fully, as Node's */
    s->corked = 1;
    cnet_socket_uncork(s);
  }
  if (err) {
    /* nothing more: the socket is destroyed */
  } else if (!(s->flags & S_ENDING) && !s->errored) {
    s->flags |= S_ENDING;
    cnet__socket_finish_maybe(s, true);
  } else if (s->flags & S_FINISHED) {
    err = cnet__error_code(CNET_ERR_STREAM_ALREADY_FINISHED, NULL);
  } else if (s->flags & S_DESTROYED) {
    err = cnet__error_code(CNET_ERR_STREAM_DESTROYED, "Cannot call end after a stream was destroyed");
  }
  if (!cb) {
    cnet_error_unref(err);
  } else if (err) {
    fail_cb_later(s, cb, ctx, err);
  } else if (s->errored) {
    fail_cb_later(s, cb, ctx, cnet_error_ref(s->errored));
  } else if (s->flags & S_FINISHED) {
    cnet__socket_tick(s, call_cb_nt, ctx, (cnet__fnptr)cb);
  } else {
    add_end_cb(s, cb, ctx);
  }
  return 0;
}

int cnet_socket_end(cnet_socket_t *s, cnet_write_cb cb, void *ctx) {
  if (!cnet__socket_cast(s)) return cnet__not_a_socket();
  return end_impl(s, NULL, cb, ctx);
}

int cnet_socket_end_data(cnet_socket_t *s, const void *data, size_t len, cnet_write_cb cb, void *ctx) {
  if (!cnet__socket_cast(s)) return cnet__not_a_socket();
  if (data) {
    /* Writable.end writes with its own _write: net's EPIPE does not apply */
    cnet_error_t *err = write_refused(s);
    if (err) {
      cnet__socket_destroy_owned(s, cnet_error_ref(err));
      return end_impl(s, err, cb, ctx);
    }
    write_impl(s, data, len, true, NULL, NULL, NULL);
  }
  return end_impl(s, NULL, cb, ctx);
}

int cnet_socket_end_string(cnet_socket_t *s, const char *text, const char *encoding,
                           cnet_write_cb cb, void *ctx) {
  if (!cnet__socket_cast(s)) return cnet__not_a_socket();
  char *bytes = NULL;
  int64_t n = 0;
  if (text) {
    n = encode(s, text, encoding, &bytes);
    if (n < 0) return (int)n;
  }
  return cnet_socket_end_data(s, bytes, (size_t)n, cb, ctx);
}

/* Our own descriptor for fd, in a pipe handle as uv_write2 wants it. */
static int send_handle(cnet_socket_t *s, int fd, uv_pipe_t **out) {
  uv_handle_type type = fd >= 0 ? uv_guess_handle(fd) : UV_UNKNOWN_HANDLE;
  if (type != UV_TCP && type != UV_NAMED_PIPE && type != UV_UDP)
    return cnet__throw(CNET_ERR_INVALID_HANDLE_TYPE, "This handle type cannot be sent");
  int copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (copy < 0) return cnet__throw(uv_translate_sys_error(errno), "send_fd: %s", strerror(errno));
  uv_pipe_t *p = cnet__malloc(sizeof *p);
  uv_pipe_init(s->loop->uv, p, 0);
  int err = uv_pipe_open(p, copy);
  if (err) {
    close(copy);
    uv_close((uv_handle_t *)p, (uv_close_cb)free);
    return cnet__throw(err, "send_fd: %s", uv_strerror(err));
  }
  *out = p;
  return 0;
}

int cnet_socket_send_fd(cnet_socket_t *s, int fd, const void *data, size_t len, cnet_write_cb cb,
                        void *ctx) {
  if (!cnet__socket_cast(s)) return cnet__not_a_socket();
  if (!(s->flags & S_FD_PASSING) || !s->is_pipe)
    return cnet__throw(CNET_ERR_INVALID_ARG_VALUE,
                       "The argument 'socket' is invalid: descriptors pass only over a Unix "
                       "socket made with fd_passing");
  if (!data || !len)
    return cnet__throw(CNET_ERR_INVALID_ARG_VALUE,
                       "The argument 'data' is invalid: a descriptor goes with at least one byte");
  uv_pipe_t *p = NULL;
  int err = send_handle(s, fd, &p);
  if (err) return err;
  return write_impl(s, data, len, true, cb, ctx, p);
}
