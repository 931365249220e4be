/* Internal: net.Socket's state, shared by its files (socket.c: lifetime,
 * destroy and properties; socket_read.c; socket_write.c; socket_connect.c). */
#ifndef CNET_SOCKET_H
#define CNET_SOCKET_H

#include "cnet.h"
#include "emitter.h"
#include "encoding.h"
#include "loop.h"
#include "timeouts.h"

typedef union {
  uv_handle_t handle;
  uv_stream_t stream;
  uv_tcp_t tcp;
  uv_pipe_t pipe;
} cnet_stream_handle_t;

/* uv_buf_init() without a call: libuv's is not inline, and it is on every read and write. */
static inline uv_buf_t cnet__buf(const void *base, size_t len) {
  return (uv_buf_t){.base = (char *)base, .len = len};
}

/* One write not yet flushed to the kernel. */
typedef struct {
  const char *data; /* what is left of it */
  size_t left;
  size_t len;       /* its whole length, as counted in writable_length */
  cnet_write_cb cb;
  void *ctx;
  char *owned;      /* our copy, or NULL for a no-copy write */
  uv_pipe_t *send;  /* cnet_socket_send_fd: the descriptor going with the first byte */
} cnet_write_entry_t;

/* Flags. Names follow Node's stream state where there is one. */
enum {
  S_CONNECTING = 1u << 0,
  S_DESTROYED = 1u << 1,
  S_CLOSE_EMITTED = 1u << 2,
  S_READABLE = 1u << 3,        /* Node's socket.readable before end/destroy */
  S_WRITABLE = 1u << 4,
  S_READING = 1u << 5,         /* uv_read_start is on */
  S_READ_EOF = 1u << 6,        /* the peer's FIN arrived (readable ended) */
  S_END_EMITTED = 1u << 7,
  S_ENDING = 1u << 8,          /* end() was called (writableEnded) */
  S_FINAL_CALLED = 1u << 9,
  S_FINISHED = 1u << 10,       /* `finish` emitted (writableFinished) */
  S_ALLOW_HALF_OPEN = 1u << 11,
  S_NEED_DRAIN = 1u << 12,
  S_NO_DELAY = 1u << 13,
  S_KEEP_ALIVE = 1u << 14,
  S_ERROR_EMITTED = 1u << 15,
  S_UNREF = 1u << 16,
  S_WRITE_AFTER_FIN = 1u << 17, /* the peer ended and we do not allow half-open */
  S_RESET_ON_CLOSE = 1u << 18,
  S_CLOSE_PENDING = 1u << 19,  /* this life's `close` is on its way */
  S_TIMEOUT_SET = 1u << 20,    /* setTimeout was called (socket.timeout defined) */
  S_FINISH_PENDING = 1u << 21, /* `finish` queued for the next tick */
  S_END_PENDING = 1u << 22,    /* `end` queued for the next tick */
  S_ONREAD = 1u << 23,
  S_FINAL_ON_CONNECT = 1u << 24,
  S_CLOSE_HAD_ERROR = 1u << 25,
  S_PAUSE_ON_CREATE = 1u << 26,
  S_REF_ON_CONNECT = 1u << 27, /* ref()/unref() asked for before a handle existed */
  S_RESUME_PENDING = 1u << 28, /* Node's resumeScheduled */
  S_TIMEOUT_FIRED = 1u << 29,  /* the idle timeout fired; activity arms it again */
  S_FLUSH_ON_CONNECT = 1u << 30, /* queued writes wait for `connect` (Node's pending _write) */
  S_FD_PASSING = 1u << 31,     /* its Unix socket handle is an IPC pipe (fd_passing) */
};

/* The write queue: a ring of entries, the first `inflight` of them in req
 * (one uv_write at a time). Made the first time the kernel does not take a
 * write at once: idle sockets, and those whose writes the kernel always
 * took, carry none. */
typedef struct {
  cnet_write_entry_t *ring;
  uint32_t head, len, cap, inflight;
  uv_write_t req;
} cnet_write_queue_t;

typedef struct cnet_socket_ext_s cnet_socket_ext_t;
typedef struct cnet_connect_s cnet_connect_t;

struct cnet_socket_s {
  cnet_emitter_t em; /* first: a socket is an emitter */
  cnet_loop_t *loop;
  cnet_stream_handle_t *handle; /* NULL before connect and after destroy */
  cnet_server_t *server;
  uint32_t refs;
  uint32_t flags;
  int8_t flowing;    /* Node's readableFlowing: -1 null, 0 false, 1 true */
  uint8_t is_pipe;
  uint8_t stale_closes; /* `close` events still due from earlier lives */
  uint16_t keep_alive_delay_s;
  uint16_t corked;   /* Node's writableCorked */
  uint32_t readable_hwm;
  uint32_t writable_hwm;
  uint64_t bytes_read;
  uint64_t bytes_written;
  size_t writable_length;
  cnet_write_queue_t *wq; /* NULL until a write waits */
  cnet_decoder_t decoder;
  cnet_error_t *errored;
  cnet_socket_ext_t *ext; /* what few sockets need, made on first use */
  cnet_connect_t *connect; /* while connecting */
  void *data;               /* the application's: cnet_socket_set_data() */
  cnet_free_cb free_data;
};

/* An end() callback waiting for `finish`. */
typedef struct {
  cnet_write_cb cb;
  void *ctx;
} cnet_end_cb_t;

static inline uint32_t cnet__wq_len(const cnet_socket_t *s) { return s->wq ? s->wq->len : 0; }
static inline uint32_t cnet__wq_inflight(const cnet_socket_t *s) {
  return s->wq ? s->wq->inflight : 0;
}

/* The rarely used parts of a socket. */
struct cnet_socket_ext_s {
  cnet_onread_opts onread;
  cnet_abort_signal_t *signal;
  cnet_blocklist_t *block_list;
  /* end() callbacks waiting for `finish` */
  cnet_end_cb_t *end_cbs;
  size_t end_cbs_len;
  /* data read while nobody consumed it, kept as Node's Readable buffer keeps
   * it: chunk by chunk (each a size_t length, then its bytes), from held_off */
  char *held;
  size_t held_off, held_len, held_cap;
  size_t held_length; /* Node's readableLength: bytes, or UTF-16 units of decoded text */
  /* cached names: the peer's kept after close as Node keeps it; the local
   * one cached even when it could not be had (local_ok false), as Node's */
  bool has_peer, has_local, local_ok;
  cnet_address_t peer, local;
  char **attempted;
  size_t attempted_len;
  int64_t timeout_ms;
  /* the idle-timeout link, here as only sockets with a timeout need it */
  cnet_timeout_t timeout;
  cnet_socket_t *socket; /* the owner, for the link's expiry */
  /* the write under way when a timeout last looked (Node's kLastWriteQueueSize) */
  uint64_t timeout_write_key;
  size_t timeout_write_size;
};

extern const cnet_emitter_class cnet__socket_class;

/* The socket behind a public pointer, or NULL when p is not a socket. */
#define cnet__socket_cast(p) ((cnet_socket_t *)cnet__emitter_cast((p), &cnet__socket_class))
/* What a call on something that is not a socket returns. */
int cnet__not_a_socket(void);

cnet_socket_ext_t *cnet__socket_ext(cnet_socket_t *s);
void cnet__socket_hold(cnet_socket_t *s);
void cnet__socket_drop(cnet_socket_t *s);
void cnet__socket_emit(cnet_socket_t *s, cnet_event_t *ev);
void cnet__socket_emit_simple(cnet_socket_t *s, cnet_event_type type);
/* Takes the reference to err. */
void cnet__socket_destroy_owned(cnet_socket_t *s, cnet_error_t *err);
/* Activity: the idle timeout counts again from now (Node's _unrefTimer).
 * Inline: on every read and write, and nothing to do without setTimeout. */
void cnet__socket_touch_timeout(cnet_socket_t *s);
static inline void cnet__socket_touch(cnet_socket_t *s) {
  if (s->flags & S_TIMEOUT_SET) cnet__socket_touch_timeout(s);
}
/* connect() on a destroyed socket: a new life, with its own reference. */
void cnet__socket_new_life(cnet_socket_t *s);
/* A tick that keeps s alive until it runs; fn gets (s, b, f) and drops s. */
void cnet__socket_tick(cnet_socket_t *s, cnet__tick_fn fn, void *b, cnet__fnptr f);

/* A TCP or pipe handle, initialised, in an allocation of just its own size
 * (a uv_tcp_t is smaller than the union). */
cnet_stream_handle_t *cnet__handle_new(uv_loop_t *uv, uv_handle_type type);
/* A pipe handle; ipc: one that passes descriptors (fd_passing). */
cnet_stream_handle_t *cnet__pipe_new(uv_loop_t *uv, bool ipc);

/* The local (or the peer's) address of a TCP handle, as Node reports it. */
int cnet__tcp_name(cnet_stream_handle_t *h, bool peer, cnet_address_t *out);

/* A socket for an accepted handle (server.c). */
cnet_socket_t *cnet__socket_accepted(cnet_loop_t *loop, cnet_stream_handle_t *h, cnet_server_t *srv,
                                     const cnet_server_opts *opts);
/* The handle is connected: start reading, flush what was written meanwhile. */
void cnet__socket_on_connected(cnet_socket_t *s);
void cnet__socket_set_handle(cnet_socket_t *s, cnet_stream_handle_t *h, bool is_pipe);
void cnet__socket_close_handle(cnet_socket_t *s, cnet_stream_handle_t *h);
/* socket.setKeepAlive on a connected TCP handle, as Node 23 sets it. */
void cnet__tcp_keep_alive(uv_tcp_t *tcp, bool enable, unsigned delay_s);

/* socket_read.c */
void cnet__socket_read_start(cnet_socket_t *s);
void cnet__socket_read_stop(cnet_socket_t *s);
void cnet__socket_on_listener_added(cnet_emitter_t *em, cnet_event_type type);
/* A new handle: onread's buffer function gives the first buffer. False
 * when the socket was destroyed (no buffer, or by the function itself). */
bool cnet__socket_user_buffer_init(cnet_socket_t *s);

/* socket_write.c */
void cnet__socket_flush(cnet_socket_t *s);
/* Frees what a write entry owns: its copy, the descriptor it carries. */
void cnet__write_entry_release(cnet_write_entry_t *e);
void cnet__socket_finish_maybe(cnet_socket_t *s, bool sync);
void cnet__socket_fail_writes(cnet_socket_t *s, bool was_connecting);
void cnet__socket_final_after_connect(cnet_socket_t *s);

/* socket_connect.c */
void cnet__connect_cancel(cnet_socket_t *s);

/* server.c */
void cnet__server_connection_closed(cnet_server_t *srv);
/* A pool worker's server (workers.c): it listens on a duplicate of the
 * shared listening descriptor fd, which gives it its address and its
 * `listening`, but never accepts on it; the pool hands it connections that
 * cnet__server_take() admits as Node's onconnection does (false: dropped,
 * blocked or refused, and the descriptor closed). */
int cnet__server_listen_shared(cnet_server_t *srv, int fd);
bool cnet__server_take(cnet_server_t *srv, int fd);
/* An accepted socket held its server; it lets go when it is freed. */
void cnet__server_socket_freed(cnet_server_t *srv);

#endif
