/* net.Socket's readable side: reading into the loop's buffer (or the
 * caller's, with onread), `data`, Node's readableFlowing states,
 * pause/resume, setEncoding and `end`.
 *
 * As Node's Readable: data that arrives while nobody consumes it (no `data`
 * listener yet, or paused) is kept chunk by chunk, and reading goes on
 * until the kept bytes reach the high-water mark; then reading stops and
 * the kernel's buffers push back on the peer. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "debug.h"
#include "error.h"
#include "socket.h"

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  (void)suggested;
  cnet_socket_t *s = h->data;
  if (s->flags & S_ONREAD) {
    *buf = cnet__buf(s->ext->onread.buffer, s->ext->onread.len);
    return;
  }
  cnet_loop_t *loop = s->loop;
  if (!loop->read_buf) loop->read_buf = cnet__malloc(CNET_READ_BUF_SIZE);
  *buf = cnet__buf(loop->read_buf, CNET_READ_BUF_SIZE);
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf);

/* ---- onread ---- */

/* Asks onread's buffer function for the buffer of the next read; NULL (or
 * an empty one) keeps the buffer there is. False when there is none. */
static bool next_user_buffer(cnet_socket_t *s) {
  cnet_onread_opts *o = &s->ext->onread;
  size_t len = 0;
  char *buf = o->buffer_fn(s, &len, o->ctx);
  if (buf && len) {
    o->buffer = buf;
    o->len = len;
  }
  return o->buffer != NULL;
}

/* Node's initSocketHandle: a new handle reads into what the buffer function
 * gives. Node reads into a buffer of its own when the function gives none
 * the first time, and hands the callback `true` instead of a buffer; cnet
 * destroys the socket instead. */
bool cnet__socket_user_buffer_init(cnet_socket_t *s) {
  if (!(s->flags & S_ONREAD) || !s->ext->onread.buffer_fn) return true;
  if (!next_user_buffer(s) && !(s->flags & S_DESTROYED))
    cnet__socket_destroy_owned(
        s, cnet__error_code(CNET_ERR_INVALID_ARG_TYPE,
                            "The return value of \"options.onread.buffer\" must be an instance of "
                            "Buffer, TypedArray, or DataView. Received null"));
  return !(s->flags & S_DESTROYED);
}

/* Node's onStreamRead with a user buffer: the callback, then the buffer
 * function for the next read. False stops reading. */
static bool user_read(cnet_socket_t *s, size_t nread, char *buf) {
  cnet_onread_opts *o = &s->ext->onread;
  bool go_on = o->callback(s, nread, buf, o->ctx);
  if (o->buffer_fn) next_user_buffer(s);
  return go_on;
}

/* Node's tryReadStart. */
static void start(cnet_socket_t *s) {
  if (!s->handle || (s->flags & (S_CONNECTING | S_READING | S_READ_EOF | S_DESTROYED))) return;
  NET_DEBUG("Socket._handle.readStart");
  int err = uv_read_start(&s->handle->stream, on_alloc, on_read);
  if (err) {
    cnet__socket_destroy_owned(s, cnet__error_uv(err, "read", NULL, -1, false));
    return;
  }
  s->flags |= S_READING;
}

/* The first read after connect or accept; a paused socket waits for resume(). */
void cnet__socket_read_start(cnet_socket_t *s) {
  if (s->flowing != 0) start(s);
}

void cnet__socket_read_stop(cnet_socket_t *s) {
  if (!(s->flags & S_READING)) return;
  NET_DEBUG("Socket._handle.readStop");
  s->flags &= ~S_READING;
  if (s->handle) uv_read_stop(&s->handle->stream);
}

/* ---- the kept chunks ---- */

/* Node's readableLength: what is kept, as Node counts it. */
static size_t held_length(const cnet_socket_t *s) { return s->ext ? s->ext->held_length : 0; }

/* A chunk's length as Node counts it: a Buffer's bytes, or a string's
 * UTF-16 code units (the decoded text is UTF-8: one unit per character,
 * two for one beyond U+FFFF). */
static size_t node_length(const cnet_socket_t *s, const char *data, size_t len) {
  if (s->decoder.enc == CNET_ENC_BUFFER) return len;
  size_t units = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)data[i];
    units += (c & 0xc0) != 0x80; /* not a continuation byte */
    units += c >= 0xf0;
  }
  return units;
}

/* Each kept chunk is its header, its bytes and a NUL, so that text comes
 * out NUL-terminated as `data` promises. */
typedef struct {
  size_t len;    /* bytes */
  size_t length; /* as Node counts it, when it was kept */
} chunk_header;

static void hold(cnet_socket_t *s, const char *data, size_t len) {
  cnet_socket_ext_t *x = cnet__socket_ext(s);
  chunk_header h = {len, node_length(s, data, len)};
  size_t need = sizeof h + len + 1;
  if (x->held_off && x->held_len + need > x->held_cap) { /* reuse the consumed front */
    memmove(x->held, x->held + x->held_off, x->held_len - x->held_off);
    x->held_len -= x->held_off;
    x->held_off = 0;
  }
  if (x->held_len + need > x->held_cap) {
    size_t cap = x->held_cap ? x->held_cap : 4096;
    while (cap < x->held_len + need) cap *= 2;
    x->held = cnet__realloc(x->held, cap);
    x->held_cap = cap;
  }
  memcpy(x->held + x->held_len, &h, sizeof h);
  memcpy(x->held + x->held_len + sizeof h, data, len);
  x->held[x->held_len + sizeof h + len] = '\0';
  x->held_len += need;
  x->held_length += h.length;
  /* Node's push() returning false: stop reading until consumed */
  if (x->held_length >= s->readable_hwm) cnet__socket_read_stop(s);
}

/* The oldest kept chunk, taken off; its bytes stay valid until the next hold(). */
static const char *take(cnet_socket_t *s, size_t *len) {
  cnet_socket_ext_t *x = s->ext;
  chunk_header h;
  memcpy(&h, x->held + x->held_off, sizeof h);
  const char *bytes = x->held + x->held_off + sizeof h;
  x->held_off += sizeof h + h.len + 1;
  x->held_length -= h.length;
  *len = h.len;
  if (x->held_off == x->held_len) x->held_off = x->held_len = 0;
  return bytes;
}

/* ---- data and end ---- */

/* Its callers (a read, a tick) hold s already. */
static void emit_data(cnet_socket_t *s, const char *bytes, size_t len) {
  cnet_event_t ev = {.type = CNET_EV_DATA};
  ev.u.data.bytes = bytes;
  ev.u.data.len = len;
  ev.u.data.is_string = s->decoder.enc != CNET_ENC_BUFFER;
  cnet__emit(&s->em, &ev);
}

static void end_nt(void *a, void *b, cnet__fnptr f);

/* Node's endReadable. */
static void schedule_end(cnet_socket_t *s) {
  if (s->flags & (S_END_PENDING | S_END_EMITTED)) return;
  s->flags |= S_END_PENDING;
  cnet__socket_tick(s, end_nt, NULL, NULL);
}

static void end_writable_nt(void *a, void *b, cnet__fnptr f) {
  (void)b;
  (void)f;
  cnet_socket_t *s = a;
  if (cnet_socket_writable(s)) cnet_socket_end(s, NULL, NULL);
  cnet__socket_drop(s);
}

/* Node's endReadableNT. */
static void end_nt(void *a, void *b, cnet__fnptr f) {
  (void)b;
  (void)f;
  cnet_socket_t *s = a;
  s->flags &= ~S_END_PENDING;
  if (!s->errored && !(s->flags & (S_CLOSE_EMITTED | S_END_EMITTED)) && held_length(s) == 0) {
    NET_DEBUG("emit end");
    s->flags |= S_END_EMITTED;
    /* net.Socket's own first `end` listener: once our side has ended too,
     * writes fail with EPIPE unless the socket allows half-open. */
    if (!(s->flags & S_ALLOW_HALF_OPEN)) s->flags |= S_WRITE_AFTER_FIN;
    cnet__socket_emit_simple(s, CNET_EV_END);
    if (cnet_socket_writable(s) && !(s->flags & S_ALLOW_HALF_OPEN))
      cnet__socket_tick(s, end_writable_nt, NULL, NULL);
    else if ((s->flags & S_FINISHED) || !(s->flags & S_WRITABLE))
      cnet_socket_destroy(s, NULL);
  }
  cnet__socket_drop(s);
}

/* Nothing is kept: the buffer goes back, as Node's consumed Buffers do, so
 * that a socket that was paused once does not keep up to the high-water
 * mark and a read's worth of memory for the rest of its life. */
static void release_held(cnet_socket_t *s) {
  cnet_socket_ext_t *x = s->ext;
  if (!x || !x->held || x->held_len) return;
  free(x->held);
  x->held = NULL;
  x->held_cap = 0;
}

/* Node's flow(): one `data` per kept chunk while flowing, then more reading,
 * or `end` once everything was consumed after EOF. */
static void flow(cnet_socket_t *s) {
  while (s->flowing == 1 && held_length(s) &&
         !(s->flags & (S_ERROR_EMITTED | S_CLOSE_EMITTED))) {
    size_t len;
    const char *bytes = take(s, &len);
    emit_data(s, bytes, len);
  }
  release_held(s);
  if (s->flowing != 1) return;
  if (held_length(s) < s->readable_hwm) start(s);
  if ((s->flags & S_READ_EOF) && held_length(s) == 0) schedule_end(s);
}

/* Node's push(chunk): decode, then emit when flowing, else keep. */
static void push(cnet_socket_t *s, const char *data, size_t len) {
  if (s->decoder.enc != CNET_ENC_BUFFER) {
    char *text = cnet__loop_scratch(s->loop, cnet__decoder_max_output(&s->decoder, len) + 1);
    len = cnet__decoder_write(&s->decoder, (const uint8_t *)data, len, text);
    if (len == 0) return; /* a character split across reads is held back */
    data = text;
  }
  if (s->flowing == 1 && held_length(s) == 0)
    emit_data(s, data, len);
  else
    hold(s, data, len);
}

/* Node's push(null): what the decoder still holds is kept; `end` follows
 * now if nothing is kept, else once it has been consumed. */
static void on_eof(cnet_socket_t *s) {
  NET_DEBUG("read EOF: the peer ended");
  cnet__socket_read_stop(s);
  if (s->flags & S_READ_EOF) return;
  s->flags |= S_READ_EOF;
  if (s->decoder.enc != CNET_ENC_BUFFER) {
    char *text = cnet__loop_scratch(s->loop, cnet__decoder_max_output(&s->decoder, 0) + 1);
    size_t n = cnet__decoder_end(&s->decoder, text);
    if (n) hold(s, text, n);
  }
  flow(s);
  if (held_length(s) == 0) schedule_end(s);
}

/* The next descriptor libuv received on an IPC pipe, as a descriptor of our
 * own (uv_accept wants a handle to put it in), or -1. */
static int take_pending_fd(uv_pipe_t *pipe) {
  uv_pipe_t *tmp = cnet__malloc(sizeof *tmp);
  uv_pipe_init(pipe->loop, tmp, 0);
  uv_os_fd_t fd = -1;
  int copy = -1;
  if (uv_accept((uv_stream_t *)pipe, (uv_stream_t *)tmp) == 0 && uv_fileno((uv_handle_t *)tmp, &fd) == 0)
    copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  uv_close((uv_handle_t *)tmp, (uv_close_cb)free);
  return copy;
}

/* fd_passing: each descriptor that came with this read, before its bytes;
 * one nobody listens for is closed, as the kernel discards it otherwise. */
static void emit_fds(cnet_socket_t *s) {
  while (s->handle && uv_pipe_pending_count(&s->handle->pipe) > 0) {
    int fd = take_pending_fd(&s->handle->pipe);
    if (fd < 0) continue;
    if (!cnet__has_listeners(&s->em, CNET_EV_FD)) {
      close(fd);
      continue;
    }
    cnet_event_t ev = {.type = CNET_EV_FD, .u.fd = fd};
    cnet__socket_emit(s, &ev);
  }
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf) {
  cnet_socket_t *s = stream->data;
  cnet_loop_t *loop = s->loop;
  cnet__socket_hold(s);
  cnet__enter(loop);
  /* Destroyed by a tick queued outside any callback, which Node runs before
   * its poll: it would not have read this. */
  if (!(s->flags & S_DESTROYED)) {
    cnet__socket_touch(s);
    if (nread > 0 && (s->flags & S_FD_PASSING) && s->is_pipe) emit_fds(s);
    if (nread > 0 && !(s->flags & S_DESTROYED)) {
      s->bytes_read += (uint64_t)nread;
      if (s->flags & S_ONREAD) {
        /* false stops reading (Node's handle.readStop), without pausing */
        if (!user_read(s, (size_t)nread, buf->base)) cnet__socket_read_stop(s);
      } else {
        push(s, buf->base, (size_t)nread);
      }
    } else if (nread == UV_EOF) {
      on_eof(s);
    } else if (nread < 0) {
      cnet__socket_destroy_owned(s, cnet__error_uv((int)nread, "read", NULL, -1, false));
    }
  }
  cnet__socket_drop(s);
  cnet__leave(loop);
}

/* ---- pause and resume ---- */

/* Node's resume_: read again, then hand over what was kept. */
static void resume_nt(void *a, void *b, cnet__fnptr f) {
  (void)b;
  (void)f;
  cnet_socket_t *s = a;
  s->flags &= ~S_RESUME_PENDING;
  if ((s->flags & S_READ_EOF) && held_length(s) == 0)
    schedule_end(s);
  else if (held_length(s) < s->readable_hwm)
    start(s);
  flow(s);
  cnet__socket_drop(s);
}

void cnet_socket_resume(cnet_socket_t *s) {
  if (!cnet__socket_cast(s)) return;
  /* with onread, reading stopped by the callback's false starts again */
  if (s->flags & S_ONREAD) start(s);
  if (s->flowing == 1) return;
  NET_DEBUG("resume");
  s->flowing = 1;
  if (!(s->flags & S_RESUME_PENDING)) {
    s->flags |= S_RESUME_PENDING;
    cnet__socket_tick(s, resume_nt, NULL, NULL);
  }
}

/* Only reading into the caller's buffer stops at once; otherwise data goes
 * on being kept until the high-water mark, as Node's. */
void cnet_socket_pause(cnet_socket_t *s) {
  if (!cnet__socket_cast(s)) return;
  if (s->flowing != 0) NET_DEBUG("pause");
  if ((s->flags & S_ONREAD) && !(s->flags & S_CONNECTING)) cnet__socket_read_stop(s);
  s->flowing = 0;
}

bool cnet_socket_is_paused(const cnet_socket_t *s) { return cnet__socket_cast(s) && s->flowing == 0; }

/* Adding a `data` listener makes a socket flow unless it was paused. */
void cnet__socket_on_listener_added(cnet_emitter_t *em, cnet_event_type type) {
  cnet_socket_t *s = (cnet_socket_t *)em;
  if (type == CNET_EV_DATA && s->flowing != 0) cnet_socket_resume(s);
}

int cnet_socket_set_encoding(cnet_socket_t *s, const char *encoding) {
  if (!cnet__socket_cast(s)) return cnet__not_a_socket();
  int enc = encoding ? cnet__encoding_parse(encoding) : CNET_ENC_UTF8;
  if (enc < 0) return enc;
  cnet__decoder_init(&s->decoder, enc);
  return 0;
}
