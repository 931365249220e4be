/* net.Socket's readable side: reading into the loop's buffer, `data`,
 * pause/resume, setEncoding and `end`. */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "socket.h"

#define READABLE_HIGH_WATER_MARK 65536

static cnet_socket_t *cast(const void *p) {
  return (cnet_socket_t *)cnet__emitter_cast(p, &cnet__socket_class);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  (void)suggested;
  cnet_socket_t *s = h->data;
  if (s->flags & S_ONREAD) {
    *buf = uv_buf_init(s->ext->onread.buffer, (unsigned)s->ext->onread.len);
    return;
  }
  cnet_loop_t *loop = s->loop;
  if (!loop->read_buf) loop->read_buf = cnet__malloc(CNET_READ_BUF_SIZE);
  *buf = uv_buf_init(loop->read_buf, CNET_READ_BUF_SIZE);
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf);

void cnet__socket_read_start(cnet_socket_t *s) {
  if (!s->handle || (s->flags & (S_CONNECTING | S_READING | S_READ_EOF | S_DESTROYED)) ||
      s->flowing == 0)
    return;
  int err = uv_read_start(&s->handle->stream, on_alloc, on_read);
  if (err) {
    cnet__socket_destroy_owned(s, cnet__error_uv(err, "read", NULL, -1, false));
    return;
  }
  s->flags |= S_READING;
}

void cnet__socket_read_stop(cnet_socket_t *s) {
  if (!(s->flags & S_READING)) return;
  s->flags &= ~S_READING;
  if (s->handle) uv_read_stop(&s->handle->stream);
}

/* Data nobody consumes yet (readableFlowing null or false) is kept, as
 * Node's Readable buffer keeps it, and reading stops at its high-water mark. */
static void hold(cnet_socket_t *s, const char *data, size_t len) {
  cnet_socket_ext_t *x = cnet__socket_ext(s);
  if (x->held_len + len > x->held_cap) {
    size_t cap = x->held_cap ? x->held_cap : 4096;
    while (cap < x->held_len + len) cap *= 2;
    x->held = cnet__realloc(x->held, cap);
    x->held_cap = cap;
  }
  memcpy(x->held + x->held_len, data, len);
  x->held_len += len;
  if (x->held_len >= READABLE_HIGH_WATER_MARK) cnet__socket_read_stop(s);
}

static size_t held_len(const cnet_socket_t *s) { return s->ext ? s->ext->held_len : 0; }

static void emit_data(cnet_socket_t *s, const char *bytes, size_t len) {
  cnet_event_t ev = {.type = CNET_EV_DATA};
  ev.u.data.bytes = bytes;
  ev.u.data.len = len;
  ev.u.data.is_string = s->decoder.enc != CNET_ENC_BUFFER;
  cnet__socket_emit(s, &ev);
}

/* Node's push(chunk): decode, then emit when flowing, else keep. */
static void push(cnet_socket_t *s, const char *data, size_t len) {
  if (s->decoder.enc != CNET_ENC_BUFFER) {
    char *text = cnet__loop_scratch(s->loop, cnet__decoder_max_output(&s->decoder, len) + 1);
    len = cnet__decoder_write(&s->decoder, (const uint8_t *)data, len, text);
    if (len == 0) return; /* a character split across reads is held back */
    data = text;
  }
  if (s->flowing == 1 && held_len(s) == 0)
    emit_data(s, data, len);
  else
    hold(s, data, len);
}

static void end_nt(void *a, void *b, cnet__fnptr f);

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
  if (!s->errored && !(s->flags & (S_CLOSE_EMITTED | S_END_EMITTED)) && held_len(s) == 0) {
    s->flags |= S_END_EMITTED;
    /* net.Socket's own first `end` listener: writes after our end() now
     * fail with EPIPE when the socket does not allow half-open. */
    if (!(s->flags & S_ALLOW_HALF_OPEN)) s->flags |= S_WRITE_AFTER_FIN;
    cnet__socket_emit_simple(s, CNET_EV_END);
    if (cnet_socket_writable(s) && !(s->flags & S_ALLOW_HALF_OPEN))
      cnet__socket_tick(s, end_writable_nt, NULL, NULL);
    else if ((s->flags & S_FINISHED) || !(s->flags & S_WRITABLE))
      cnet_socket_destroy(s, NULL);
  }
  cnet__socket_drop(s);
}

static void on_eof(cnet_socket_t *s) {
  cnet__socket_read_stop(s);
  if (s->flags & S_READ_EOF) return;
  s->flags |= S_READ_EOF;
  if (s->decoder.enc != CNET_ENC_BUFFER) {
    char *text = cnet__loop_scratch(s->loop, cnet__decoder_max_output(&s->decoder, 0) + 1);
    size_t n = cnet__decoder_end(&s->decoder, text);
    if (n) {
      if (s->flowing == 1 && held_len(s) == 0) emit_data(s, text, n); else hold(s, text, n);
    }
  }
  if (held_len(s) == 0) schedule_end(s);
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf) {
  cnet_socket_t *s = stream->data;
  cnet_loop_t *loop = s->loop;
  cnet__enter(loop);
  cnet__socket_hold(s);
  cnet__socket_touch(s);
  if (nread > 0 && !(s->flags & S_DESTROYED)) {
    s->bytes_read += (uint64_t)nread;
    if (s->flags & S_ONREAD) {
      cnet_onread_opts *o = &s->ext->onread;
      if (!o->callback(s, (size_t)nread, buf->base, o->ctx)) cnet_socket_pause(s);
    } else {
      push(s, buf->base, (size_t)nread);
    }
  } else if (nread == UV_EOF) {
    on_eof(s);
  } else if (nread < 0) {
    cnet__socket_destroy_owned(s, cnet__error_uv((int)nread, "read", NULL, -1, false));
  }
  cnet__socket_drop(s);
  cnet__leave(loop);
}

/* Node's resume_: what was kept is emitted on the next tick, then `end`. */
static void resume_nt(void *a, void *b, cnet__fnptr f) {
  (void)b;
  (void)f;
  cnet_socket_t *s = a;
  cnet_socket_ext_t *x = s->ext;
  if (s->flowing == 1 && x && x->held_len && !(s->flags & S_DESTROYED)) {
    /* Hand the listeners the kept bytes, then let them go. */
    char *held = x->held;
    size_t len = x->held_len;
    x->held = NULL;
    x->held_len = x->held_cap = 0;
    emit_data(s, held, len);
    free(held);
  }
  if (s->flowing == 1 && (s->flags & S_READ_EOF) && held_len(s) == 0) schedule_end(s);
  if (s->flowing == 1) cnet__socket_read_start(s);
  cnet__socket_drop(s);
}

void cnet_socket_resume(cnet_socket_t *s) {
  if (!cast(s)) return;
  bool was = s->flowing == 1;
  s->flowing = 1;
  if (!was) cnet__socket_tick(s, resume_nt, NULL, NULL);
  cnet__socket_read_start(s);
}

void cnet_socket_pause(cnet_socket_t *s) {
  if (!cast(s)) return;
  s->flowing = 0;
  cnet__socket_read_stop(s);
}

bool cnet_socket_is_paused(const cnet_socket_t *s) { return cast(s) && s->flowing == 0; }

/* Adding a `data` listener makes a socket flow unless it was paused. */
void cnet__socket_on_listener_added(cnet_emitter_t *em, cnet_event_type type) {
  cnet_socket_t *s = (cnet_socket_t *)em;
  if (type == CNET_EV_DATA && s->flowing != 0 && s->flowing != 1) cnet_socket_resume(s);
}

int cnet_socket_set_encoding(cnet_socket_t *s, const char *encoding) {
  if (!cast(s)) return cnet__throw(CNET_ERR_INVALID_ARG_TYPE, "The \"socket\" argument must be a cnet socket.");
  int enc = encoding ? cnet__encoding_parse(encoding) : CNET_ENC_UTF8;
  if (enc < 0) return enc;
  cnet__decoder_init(&s->decoder, enc);
  return 0;
}
