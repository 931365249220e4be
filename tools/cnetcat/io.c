/* stdin and stdout on the loop. */
#include "io.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define IO_HIGH_WATER_MARK (64 * 1024)

/* A stream for what libuv can poll, else uv_fs. owner becomes the
 * handle's data. */
static int open_fd(io_fd *d, uv_loop_t *loop, int fd, bool readable, void *owner) {
  d->fd = fd;
  d->is_file = false;
  int err;
  switch (uv_guess_handle(fd)) {
    case UV_TTY:
      err = uv_tty_init(loop, &d->h.tty, fd, readable);
      break;
    case UV_NAMED_PIPE:
      if (!(err = uv_pipe_init(loop, &d->h.pipe, 0)) && (err = uv_pipe_open(&d->h.pipe, fd)) < 0)
        uv_close(&d->h.handle, NULL);
      break;
    case UV_TCP:
      if (!(err = uv_tcp_init(loop, &d->h.tcp)) && (err = uv_tcp_open(&d->h.tcp, fd)) < 0)
        uv_close(&d->h.handle, NULL);
      break;
    case UV_FILE:
      d->is_file = true;
      d->h.handle.loop = loop; /* the only field a file uses */
      err = 0;
      break;
    case UV_UNKNOWN_HANDLE:
      return UV_EBADF;
    default:
      return UV_EINVAL; /* a datagram socket */
  }
  d->h.handle.data = owner;
  return err;
}

/* ---- input ---- */

static void issue_file_read(io_in *in);

static void on_file_read(uv_fs_t *req) {
  io_in *in = req->data;
  ssize_t n = req->result;
  uv_fs_req_cleanup(req);
  in->in_flight = false;
  if (in->done) return;
  if (n > 0) {
    in->on_data(in, in->buf, (size_t)n);
    if (in->reading && !in->done) issue_file_read(in);
    return;
  }
  in->done = true;
  in->on_end(in, (int)n);
}

static void issue_file_read(io_in *in) {
  if (in->in_flight) return;
  uv_buf_t b = uv_buf_init(in->buf, sizeof in->buf);
  in->req.data = in;
  int err = uv_fs_read(in->d.h.handle.loop, &in->req, in->d.fd, &b, 1, -1, on_file_read);
  if (err < 0) {
    in->done = true;
    in->on_end(in, err);
    return;
  }
  in->in_flight = true;
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *b) {
  (void)suggested;
  io_in *in = h->data;
  *b = uv_buf_init(in->buf, sizeof in->buf);
}

static void on_stream_read(uv_stream_t *s, ssize_t n, const uv_buf_t *b) {
  (void)b;
  io_in *in = s->data;
  if (n == 0 || in->done) return;
  if (n > 0) {
    in->on_data(in, in->buf, (size_t)n);
    return;
  }
  in->done = true;
  uv_read_stop(s);
  in->on_end(in, n == UV_EOF ? 0 : (int)n);
}

int io_in_open(io_in *in, uv_loop_t *loop, int fd, io_data_cb on_data, io_end_cb on_end) {
  memset(in, 0, offsetof(io_in, buf));
  in->on_data = on_data;
  in->on_end = on_end;
  int err = open_fd(&in->d, loop, fd, true, in);
  in->closed = in->d.is_file || err < 0; /* nothing to release */
  return err;
}

void io_in_resume(io_in *in) {
  if (in->reading || in->done) return;
  in->reading = true;
  if (in->d.is_file) {
    issue_file_read(in);
    return;
  }
  int err = uv_read_start(&in->d.h.stream, on_alloc, on_stream_read);
  if (err < 0) {
    in->done = true;
    in->on_end(in, err);
  }
}

void io_in_pause(io_in *in) {
  if (!in->reading) return;
  in->reading = false;
  if (!in->d.is_file && !in->done) uv_read_stop(&in->d.h.stream);
}

void io_in_close(io_in *in) {
  in->done = true;
  in->reading = false;
  if (in->closed) return;
  in->closed = true;
  uv_close(&in->d.h.handle, NULL);
}

/* ---- output ---- */

struct io_chunk {
  uv_write_t w; /* streams */
  io_out *out;
  io_chunk *next;
  size_t len, off;
  char bytes[];
};

/* The reader sees the end once no descriptor refers to its pipe or file any
 * more. libuv leaves descriptors 0-2 open when it closes their handles, and
 * a closed 1 would be reused by the next socket: /dev/null takes its place. */
static void release_fd(int fd) {
  int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (null < 0) {
    close(fd);
    return;
  }
  dup2(null, fd);
  close(null);
}

static void on_out_closed(uv_handle_t *h) {
  io_out *out = h->data;
  release_fd(out->d.fd);
}

static void out_close(io_out *out) {
  if (out->closed) return;
  out->closed = true;
  if (out->d.is_file) release_fd(out->d.fd);
  else uv_close(&out->d.h.handle, on_out_closed);
}

static void out_fail(io_out *out, int err) {
  if (out->failed) return;
  out->failed = true;
  out_close(out); /* streams: the writes still queued come back cancelled */
  out->on_error(out, err);
}

/* After a write completes: drain and end. */
static void out_settle(io_out *out) {
  if (out->pending || out->failed) return;
  if (out->ending) out_close(out);
  if (out->need_drain) {
    out->need_drain = false;
    out->on_drain(out);
  }
}

static void on_stream_written(uv_write_t *w, int status) {
  io_chunk *c = (io_chunk *)w;
  io_out *out = c->out;
  out->pending -= c->len;
  free(c);
  if (status < 0 && status != UV_ECANCELED) out_fail(out, status);
  out_settle(out);
}

static void issue_file_write(io_out *out);

static void on_file_written(uv_fs_t *req) {
  io_out *out = req->data;
  ssize_t n = req->result;
  uv_fs_req_cleanup(req);
  io_chunk *c = out->head;
  if (n < 0 || out->failed) {
    while ((c = out->head)) {
      out->head = c->next;
      out->pending -= c->len - c->off;
      free(c);
    }
    if (n < 0) out_fail(out, (int)n);
    return;
  }
  c->off += (size_t)n;
  out->pending -= (size_t)n;
  if (c->off == c->len) {
    out->head = c->next;
    if (!out->head) out->tail = NULL;
    free(c);
  }
  if (out->head) issue_file_write(out);
  else out_settle(out);
}

static void issue_file_write(io_out *out) {
  io_chunk *c = out->head;
  uv_buf_t b = uv_buf_init(c->bytes + c->off, (unsigned)(c->len - c->off));
  out->req.data = out;
  int err = uv_fs_write(out->d.h.handle.loop, &out->req, out->d.fd, &b, 1, -1, on_file_written);
  if (err < 0) {
    out->req.result = err;
    on_file_written(&out->req);
  }
}

int io_out_open(io_out *out, uv_loop_t *loop, int fd, io_drain_cb on_drain, io_error_cb on_error) {
  memset(out, 0, sizeof *out);
  out->high_water_mark = IO_HIGH_WATER_MARK;
  out->on_drain = on_drain;
  out->on_error = on_error;
  return open_fd(&out->d, loop, fd, false, out);
}

bool io_out_write(io_out *out, const char *bytes, size_t len) {
  if (out->failed || out->closed || out->ending || !len) return true;
  io_chunk *c = malloc(sizeof *c + len);
  if (!c) abort();
  *c = (io_chunk){.out = out, .len = len};
  memcpy(c->bytes, bytes, len);
  out->pending += len;
  if (out->d.is_file) {
    bool idle = !out->head;
    if (out->tail) out->tail->next = c; else out->head = c;
    out->tail = c;
    if (idle) issue_file_write(out);
  } else {
    uv_buf_t b = uv_buf_init(c->bytes, (unsigned)len);
    int err = uv_write(&c->w, &out->d.h.stream, &b, 1, on_stream_written);
    if (err < 0) {
      out->pending -= len;
      free(c);
      out_fail(out, err);
      return true;
    }
  }
  if (out->pending < out->high_water_mark) return true;
  out->need_drain = true;
  return false;
}

void io_out_end(io_out *out) {
  if (out->ending) return;
  out->ending = true;
  if (!out->failed) out_settle(out);
}
