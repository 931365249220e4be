/* cnetcat's stdin and stdout on the libuv loop, whatever they are: pipes,
 * sockets and terminals as libuv streams, regular files and devices through
 * uv_fs (one request at a time, so that bytes keep their order). */
#ifndef CNETCAT_IO_H
#define CNETCAT_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

typedef struct io_in io_in;
typedef struct io_out io_out;

/* err is 0 at end of input, else libuv's code of the read error. */
typedef void (*io_data_cb)(io_in *in, const char *bytes, size_t len);
typedef void (*io_end_cb)(io_in *in, int err);

/* A descriptor as libuv sees it: a stream (pipe, terminal, TCP socket), or
 * a file or device (is_file: no handle, only its loop, for uv_fs). */
typedef struct io_fd {
  int fd;
  bool is_file;
  union {
    uv_handle_t handle;
    uv_stream_t stream;
    uv_pipe_t pipe;
    uv_tty_t tty;
    uv_tcp_t tcp;
  } h;
} io_fd;

struct io_in {
  void *data; /* the caller's */
  io_fd d;
  uv_fs_t req;
  bool reading;   /* resumed: data is wanted */
  bool in_flight; /* a file read is under way */
  bool done;      /* ended or closed: no more callbacks */
  bool closed;
  io_data_cb on_data;
  io_end_cb on_end;
  char buf[64 * 1024]; /* each read's bytes, handed to on_data before the next read */
};

/* Opens fd for reading, paused. A negative libuv code when fd cannot be read
 * on the loop (a closed descriptor counts as empty input, not an error). */
int io_in_open(io_in *in, uv_loop_t *loop, int fd, io_data_cb on_data, io_end_cb on_end);
void io_in_resume(io_in *in);
void io_in_pause(io_in *in);
/* No more callbacks; releases the handle (the loop needs a turn for it). */
void io_in_close(io_in *in);

typedef struct io_chunk io_chunk;
typedef void (*io_drain_cb)(io_out *out);
typedef void (*io_error_cb)(io_out *out, int err);

struct io_out {
  void *data; /* the caller's */
  io_fd d;
  uv_fs_t req;
  io_chunk *head, *tail; /* a file's chunks not yet written, head in flight */
  size_t pending;        /* bytes taken but not yet written out */
  size_t high_water_mark;
  bool ending;           /* close once everything is written */
  bool closed;
  bool failed;
  io_drain_cb on_drain;  /* pending went to 0 after a write returned false */
  io_error_cb on_error;  /* a write failed; later writes are dropped */
  bool need_drain;
};

int io_out_open(io_out *out, uv_loop_t *loop, int fd, io_drain_cb on_drain, io_error_cb on_error);
/* Copies bytes and writes them in order. false when pending is at or above
 * the high-water mark: stop producing until on_drain. */
bool io_out_write(io_out *out, const char *bytes, size_t len);
/* Closes the descriptor once everything written before is out (the reader
 * then sees end of file). */
void io_out_end(io_out *out);

#endif
