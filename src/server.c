/* net.Server: listen in every form, accept, maxConnections, close. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "abort.h"
#include "alloc.h"
#include "blocklist.h"
#include "emitter.h"
#include "debug.h"
#include "error.h"
#include "loop.h"
#include "poison.h"
#include "socket.h"
#include "sockfile.h"

#define DEFAULT_BACKLOG 511

enum {
  SRV_LIVE = 1u << 0,   /* holds the reference that `close` releases */
  SRV_UNREF = 1u << 1,
};

struct cnet_server_s {
  cnet_emitter_t em; /* first: a server is an emitter */
  cnet_loop_t *loop;
  cnet_stream_handle_t *handle; /* NULL unless listening */
  uint32_t refs;
  uint32_t flags;
  uint32_t listening_id; /* a lookup answering for an older listen() is ignored */
  bool is_pipe;
  bool drop_max_connection;
  size_t connections;
  int64_t max_connections; /* -1: unset */
  cnet_server_opts opts;
  char *pipe_name;         /* server.address() for a Unix socket */
  size_t pipe_name_len;
  cnet_sockfile_t socket_file; /* the file this handle's bind made, unlinked at close */
  cnet_abort_signal_t *signal;
  void *data;               /* the application's: cnet_server_set_data() */
  cnet_free_cb free_data;
};

static uv_loop_t *server_uv_loop(const cnet_emitter_t *em) {
  return ((const cnet_server_t *)em)->loop->uv;
}

static const cnet_emitter_class server_class = {.magic = 0x53525652 /* "SRVR" */, .name = "server",
                                                .uv_loop = server_uv_loop};

/* The server behind a public pointer, or NULL when p is not a server. */
#define cast(p) ((cnet_server_t *)cnet__emitter_cast((p), &server_class))

/* ---- references ---- */

typedef struct {
  cnet_server_close_cb cb;
  void *ctx;
  bool not_running;
} close_closure;

static void close_trampoline(const cnet_event_t *ev, void *ctx);

static void unwatch_signal(cnet_server_t *srv);

static void server_free(cnet_server_t *srv) {
  cnet_loop_t *loop = srv->loop;
  void *data = srv->data;
  cnet_free_cb free_data = srv->free_data;
  /* close() callbacks that never ran own their closures */
  void *cc;
  while ((cc = cnet__emitter_take(&srv->em, CNET_EV_CLOSE, close_trampoline))) free(cc);
  unwatch_signal(srv);
  free(srv->pipe_name);
  cnet__sockfile_remove(&srv->socket_file);
  cnet__emitter_dispose(&srv->em);
  cnet__poison_free(srv, sizeof *srv);
  if (free_data) free_data(data);
  cnet__loop_release(loop);
}

void cnet_server_set_data(cnet_server_t *srv, void *data, cnet_free_cb free_data) {
  if (!cast(srv)) return;
  if (srv->free_data && srv->data != data) srv->free_data(srv->data);
  srv->data = data;
  srv->free_data = free_data;
}

void *cnet_server_get_data(const cnet_server_t *srv) { return cast(srv) ? srv->data : NULL; }

static void hold(cnet_server_t *srv) { srv->refs++; }

static void drop_n(cnet_server_t *srv, uint32_t n) {
  srv->refs -= n;
  if (srv->refs == 0) server_free(srv);
}

static void drop(cnet_server_t *srv) { drop_n(srv, 1); }

cnet_server_t *cnet_server_retain(cnet_server_t *srv) {
  if (cast(srv)) hold(srv);
  return srv;
}

void cnet_server_release(cnet_server_t *srv) {
  if (cast(srv)) drop(srv);
}

static void emit(cnet_server_t *srv, cnet_event_t *ev) {
  hold(srv);
  cnet__emit(&srv->em, ev);
  drop(srv);
}

static void tick(cnet_server_t *srv, cnet__tick_fn fn, void *b, cnet__fnptr f) {
  hold(srv);
  cnet__next_tick(srv->loop, fn, srv, b, f);
}

/* ---- creation ---- */

cnet_server_t *cnet_create_server(uv_loop_t *uv, const cnet_server_opts *opts,
                                  cnet_listener_fn connection_listener, void *ctx) {
  static const cnet_server_opts defaults = {0};
  const cnet_server_opts *o = opts ? opts : &defaults;
  if (cnet__check_block_list_option(o->block_list)) return NULL;
  cnet_loop_t *loop = cnet__loop_get(uv);
  cnet_server_t *srv = cnet__calloc(1, sizeof *srv);
  cnet__emitter_init(&srv->em, &server_class);
  cnet__loop_hold(loop);
  srv->loop = loop;
  srv->refs = 1;
  srv->flags = SRV_LIVE;
  srv->max_connections = -1;
  srv->opts = *o;
  if (srv->opts.keep_alive_initial_delay < 0) srv->opts.keep_alive_initial_delay = 0;
  if (connection_listener) cnet_on(srv, CNET_EV_CONNECTION, connection_listener, ctx);
  return srv;
}

/* ---- accepting ---- */

static void emit_drop(cnet_server_t *srv, cnet_stream_handle_t *client) {
  cnet_event_t ev = {.type = CNET_EV_DROP};
  cnet_address_t local, remote;
  ev.u.drop.local_port = ev.u.drop.remote_port = -1;
  if (!srv->is_pipe && cnet__tcp_name(client, false, &local) == 0) {
    ev.u.drop.local_address = local.address;
    ev.u.drop.local_port = local.port;
    ev.u.drop.local_family = local.family;
  }
  if (!srv->is_pipe && cnet__tcp_name(client, true, &remote) == 0) {
    ev.u.drop.remote_address = remote.address;
    ev.u.drop.remote_port = remote.port;
    ev.u.drop.remote_family = remote.family;
  }
  emit(srv, &ev);
}

static bool peer_blocked(cnet_server_t *srv, cnet_stream_handle_t *client) {
  if (!srv->opts.block_list || srv->is_pipe) return false;
  struct sockaddr_storage ss;
  int len = sizeof ss;
  if (uv_tcp_getpeername(&client->tcp, (struct sockaddr *)&ss, &len)) return false;
  return cnet__blocklist_check_sockaddr(srv->opts.block_list, (struct sockaddr *)&ss) == 1;
}

static cnet_stream_handle_t *client_handle(cnet_server_t *srv) {
  if (srv->is_pipe) return cnet__pipe_new(srv->loop->uv, srv->opts.fd_passing);
  return cnet__handle_new(srv->loop->uv, UV_TCP);
}

/* Node's onconnection after the accept: maxConnections, the blockList, then
 * `connection`. True when the connection was made a socket. */
static bool admit(cnet_server_t *srv, cnet_stream_handle_t *client) {
  if (srv->max_connections >= 0 && (int64_t)srv->connections >= srv->max_connections) {
    NET_DEBUG("onconnection: drop (maxConnections %lld)", (long long)srv->max_connections);
    emit_drop(srv, client);
    uv_close(&client->handle, (uv_close_cb)free);
    return false;
  }
  if (peer_blocked(srv, client)) {
    NET_DEBUG("onconnection: the peer is blocked by the blockList");
    uv_close(&client->handle, (uv_close_cb)free);
    return false;
  }
  cnet_socket_t *s = cnet__socket_accepted(srv->loop, client, srv, &srv->opts);
  hold(srv); /* the socket's; dropped when it is freed */
  srv->connections++;
  cnet_event_t ev = {.type = CNET_EV_CONNECTION, .u.connection = s};
  cnet__socket_hold(s);
  emit(srv, &ev);
  cnet__socket_drop(s);
  return true;
}

static void on_connection(uv_stream_t *server, int status) {
  cnet_server_t *srv = server->data;
  cnet_loop_t *loop = srv->loop;
  hold(srv);
  cnet__enter(loop);
  NET_DEBUG("onconnection");
  /* closed by a tick queued outside any callback, which Node runs first */
  if (!srv->handle || &srv->handle->stream != server) goto out;
  if (status < 0) {
    cnet_error_t *err = cnet__error_uv(status, "accept", NULL, -1, false);
    cnet__emit_error(&srv->em, err);
    cnet_error_unref(err);
    goto out;
  }
  cnet_stream_handle_t *client = client_handle(srv);
  if (uv_accept(server, &client->stream) != 0) {
    uv_close(&client->handle, (uv_close_cb)free);
    goto out;
  }
  admit(srv, client);
out:
  drop(srv);
  cnet__leave(loop);
}

bool cnet__server_take(cnet_server_t *srv, int fd) {
  NET_DEBUG("onconnection (handed over)");
  if (!srv->handle) {
    close(fd); /* closed while the connection was on its way, as Node's worker refuses it */
    return false;
  }
  cnet_stream_handle_t *client = client_handle(srv);
  int err = srv->is_pipe ? uv_pipe_open(&client->pipe, fd) : uv_tcp_open(&client->tcp, fd);
  if (err) {
    close(fd);
    uv_close(&client->handle, (uv_close_cb)free);
    return false;
  }
  hold(srv);
  bool made = admit(srv, client);
  drop(srv);
  return made;
}

/* ---- abort signal ---- */

static int server_close(cnet_server_t *srv, cnet_server_close_cb cb, void *ctx);

static void on_abort(cnet_abort_signal_t *signal, void *ctx) {
  (void)signal;
  server_close(ctx, NULL, NULL);
}

static void unwatch_signal(cnet_server_t *srv) {
  if (!srv->signal) return;
  cnet__abort_signal_remove(srv->signal, on_abort, srv);
  cnet__abort_signal_unref(srv->signal);
  srv->signal = NULL;
}

/* ---- close ---- */

/* b is the listening_id when the `close` was queued: a listen() or close()
 * since then keeps the life for the server's next `close`. */
static void emit_close_nt(void *a, void *b, cnet__fnptr f) {
  (void)f;
  cnet_server_t *srv = a;
  bool ends_life = (srv->flags & SRV_LIVE) && srv->listening_id == (uint32_t)(uintptr_t)b;
  if (ends_life) srv->flags &= ~SRV_LIVE;
  unwatch_signal(srv); /* Node drops its abort listener at `close` */
  NET_DEBUG("SERVER: emit close");
  cnet__emit_simple(&srv->em, CNET_EV_CLOSE);
  /* listen() from a `close` listener took a reference of its own */
  drop_n(srv, ends_life ? 2 : 1); /* the tick's, and the life's */
}

/* As Node's, not guarded: closing twice emits `close` twice. */
static void emit_close_if_drained(cnet_server_t *srv) {
  NET_DEBUG("SERVER _emitCloseIfDrained");
  NET_DEBUG("SERVER handle? %s   connections? %zu", srv->handle ? "true" : "false", srv->connections);
  if (srv->handle || srv->connections) return;
  tick(srv, emit_close_nt, (void *)(uintptr_t)srv->listening_id, NULL);
}

void cnet__server_connection_closed(cnet_server_t *srv) {
  srv->connections--;
  emit_close_if_drained(srv);
}

void cnet__server_socket_freed(cnet_server_t *srv) { drop(srv); }

static void on_handle_closed(uv_handle_t *h) { free(h); }

/* As libuv does when it closes a pipe it bound, but only while the path
 * still names the socket file the bind made (sockfile.h). */
static void remove_socket_file(cnet_server_t *srv) { cnet__sockfile_remove(&srv->socket_file); }

static void close_handle(cnet_server_t *srv) {
  cnet_stream_handle_t *h = srv->handle;
  if (!h) return;
  srv->handle = NULL;
  h->handle.data = NULL;
  uv_close(&h->handle, on_handle_closed);
  remove_socket_file(srv);
}

static void close_trampoline(const cnet_event_t *ev, void *ctx) {
  close_closure *cc = ctx;
  cnet_error_t *err = cc->not_running ? cnet__error_code(CNET_ERR_SERVER_NOT_RUNNING, NULL) : NULL;
  cc->cb(ev->emitter, err, cc->ctx);
  cnet_error_unref(err);
  free(cc);
}

static int server_close(cnet_server_t *srv, cnet_server_close_cb cb, void *ctx) {
  srv->listening_id++;
  if (cb) {
    close_closure *cc = cnet__malloc(sizeof *cc);
    *cc = (close_closure){cb, ctx, srv->handle == NULL};
    cnet_once(srv, CNET_EV_CLOSE, close_trampoline, cc);
  }
  close_handle(srv);
  emit_close_if_drained(srv);
  return 0;
}

int cnet_server_close(cnet_server_t *srv, cnet_server_close_cb cb, void *ctx) {
  if (!cast(srv)) return cnet__throw(CNET_ERR_INVALID_ARG_TYPE, "The \"server\" argument must be a cnet server.");
  return server_close(srv, cb, ctx);
}

static void dispose_nt(void *a, void *b, cnet__fnptr f) {
  cnet_server_t *srv = a;
  ((cnet_server_close_cb)f)(srv, NULL, b);
  drop(srv);
}

/* Node's is an async function: it resolves (on a later turn) at once when
 * the server is not listening, else when close() calls back. */
int cnet_server_async_dispose(cnet_server_t *srv, cnet_server_close_cb cb, void *ctx) {
  if (!cast(srv)) return cnet__throw(CNET_ERR_INVALID_ARG_TYPE, "The \"server\" argument must be a cnet server.");
  if (srv->handle) return server_close(srv, cb, ctx);
  if (cb) tick(srv, dispose_nt, ctx, (cnet__fnptr)cb);
  return 0;
}

/* ---- listening ---- */

static void emit_error_nt(void *a, void *b, cnet__fnptr f) {
  (void)f;
  cnet_server_t *srv = a;
  cnet__emit_error(&srv->em, b);
  cnet_error_unref(b);
  drop(srv);
}

static void emit_listening_nt(void *a, void *b, cnet__fnptr f) {
  (void)b;
  (void)f;
  cnet_server_t *srv = a;
  if (srv->handle) cnet__emit_simple(&srv->em, CNET_EV_LISTENING);
  drop(srv);
}

static int listen_error(cnet_server_t *srv, int err, const char *address, int port) {
  tick(srv, emit_error_nt, cnet__error_uv(err, "listen", address, port, true), NULL);
  return 0;
}

/* Listening on a bound handle: Node's setupListenHandle after the bind. */
static int start_listening(cnet_server_t *srv, cnet_stream_handle_t *h, int backlog,
                           const char *address, int port) {
  NET_DEBUG("setupListenHandle %s %d %d", address ? address : "null", port,
            backlog > 0 ? backlog : DEFAULT_BACKLOG);
  h->handle.data = srv;
  int err = uv_listen(&h->stream, backlog > 0 ? backlog : DEFAULT_BACKLOG, on_connection);
  if (err) {
    uv_close(&h->handle, on_handle_closed);
    remove_socket_file(srv);
    return listen_error(srv, err, address, port);
  }
  srv->handle = h;
  if (srv->flags & SRV_UNREF) uv_unref(&h->handle);
  tick(srv, emit_listening_nt, NULL, NULL);
  return 0;
}

/* Node's createServerHandle for TCP: a socket of the family, bound. */
static int bind_tcp(cnet_server_t *srv, const char *address, int family, int port,
                    const cnet_listen_opts *o, cnet_stream_handle_t **out) {
  struct sockaddr_storage ss;
  int err = family == 6 ? uv_ip6_addr(address, port, (struct sockaddr_in6 *)&ss)
                        : uv_ip4_addr(address, port, (struct sockaddr_in *)&ss);
  if (err) return err;
  cnet_stream_handle_t *h = cnet__malloc(sizeof(uv_tcp_t));
  uv_tcp_init_ex(srv->loop->uv, &h->tcp, family == 6 ? AF_INET6 : AF_INET);
  h->handle.data = NULL;
  if (o->reuse_port) {
    /* libuv 1.44 has no UV_TCP_REUSEPORT; set it on the fd before bind */
    uv_os_fd_t fd;
    int on = 1;
    uv_fileno(&h->handle, &fd);
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on)) err = uv_translate_sys_error(errno);
  }
  if (!err)
    err = uv_tcp_bind(&h->tcp, (struct sockaddr *)&ss,
                      family == 6 && o->ipv6_only ? UV_TCP_IPV6ONLY : 0);
  if (err) {
    uv_close(&h->handle, on_handle_closed);
    return err;
  }
  *out = h;
  return 0;
}

static int listen_tcp(cnet_server_t *srv, const char *address, int family, const cnet_listen_opts *o) {
  cnet_stream_handle_t *h = NULL;
  int err;
  srv->is_pipe = false;
  if (!address) {
    /* No host: the IPv6 any address (dual-stack), else the IPv4 one. */
    address = "::";
    if (bind_tcp(srv, address, 6, o->port, o, &h) != 0) address = "0.0.0.0";
    family = h ? 6 : 4;
  }
  NET_DEBUG("bind to %s", address);
  if (!h && (err = bind_tcp(srv, address, family, o->port, o, &h)) != 0)
    return listen_error(srv, err, address, o->port);
  return start_listening(srv, h, o->backlog, address, o->port);
}

/* readableAll/writableAll, once listening, as Node's: a failure closes the
 * handle and throws. */
static int add_mode(cnet_server_t *srv, const cnet_listen_opts *o) {
  mode_t bits = 0;
  if (o->readable_all) bits |= S_IRUSR | S_IRGRP | S_IROTH;
  if (o->writable_all) bits |= S_IWUSR | S_IWGRP | S_IWOTH;
  int err = bits ? cnet__sockfile_add_mode(&srv->socket_file, bits) : 0;
  if (!err) return 0;
  close_handle(srv);
  return cnet__throw(err, "uv_pipe_chmod %s", cnet_err_name(err));
}

/* A Unix socket bound here (libuv 1.44 truncates long paths and has no
 * abstract names), then handed to a uv_pipe_t. */
static int listen_path(cnet_server_t *srv, const char *path, size_t len, const cnet_listen_opts *o) {
  /* a NUL after the struct, for checkers that read a full sun_path as a string */
  struct { struct sockaddr_un sun; char nul; } sa = {.sun.sun_family = AF_UNIX};
  struct sockaddr_un *sun = &sa.sun;
  free(srv->pipe_name);
  srv->pipe_name = cnet__malloc(len + 1);
  memcpy(srv->pipe_name, path, len);
  srv->pipe_name[len] = '\0';
  srv->pipe_name_len = len;
  srv->is_pipe = true;
  /* As libuv 1.49 (Node's): a name may fill sun_path without its NUL. */
  if (len == 0 || len > sizeof sun->sun_path) return listen_error(srv, UV_EINVAL, srv->pipe_name, -1);
  memcpy(sun->sun_path, path, len);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return listen_error(srv, uv_translate_sys_error(errno), srv->pipe_name, -1);
  bool room_for_nul = path[0] != '\0' && len < sizeof sun->sun_path;
  socklen_t salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + room_for_nul);
  if (bind(fd, (struct sockaddr *)sun, salen) != 0) {
    int err = uv_translate_sys_error(errno);
    close(fd);
    return listen_error(srv, err, srv->pipe_name, -1);
  }
  if (path[0] != '\0') cnet__sockfile_record(&srv->socket_file, srv->pipe_name);
  cnet_stream_handle_t *h = cnet__handle_new(srv->loop->uv, UV_NAMED_PIPE);
  int err = uv_pipe_open(&h->pipe, fd);
  if (err) {
    close(fd);
    uv_close(&h->handle, on_handle_closed);
    remove_socket_file(srv);
    return listen_error(srv, err, srv->pipe_name, -1);
  }
  start_listening(srv, h, o->backlog, srv->pipe_name, -1);
  return srv->handle ? add_mode(srv, o) : 0;
}

/* listen({ fd }) and listen(handle): wrap a descriptor that is already bound. */
static int listen_fd(cnet_server_t *srv, int fd, int backlog) {
  uv_handle_type type = uv_guess_handle(fd);
  if (type != UV_TCP && type != UV_NAMED_PIPE) return listen_error(srv, UV_EINVAL, NULL, -1);
  cnet_stream_handle_t *h = cnet__handle_new(srv->loop->uv, type);
  int err = type == UV_TCP ? uv_tcp_open(&h->tcp, fd) : uv_pipe_open(&h->pipe, fd);
  if (err) {
    uv_close(&h->handle, on_handle_closed);
    return listen_error(srv, err, NULL, -1);
  }
  srv->is_pipe = type == UV_NAMED_PIPE;
  return start_listening(srv, h, backlog, NULL, -1);
}

/* Starts a life of listening: what every listen() does first. */
static void begin_listen(cnet_server_t *srv) {
  srv->listening_id++;
  if (!(srv->flags & SRV_LIVE)) {
    srv->flags |= SRV_LIVE;
    hold(srv);
  }
}

/* A duplicate of the listening handle's descriptor, or -errno. */
static int dup_handle_fd(cnet_stream_handle_t *h) {
  uv_os_fd_t fd;
  int err = uv_fileno(&h->handle, &fd);
  if (err) return err;
  int copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  return copy >= 0 ? copy : uv_translate_sys_error(errno);
}

/* server.address() of a Unix socket bound elsewhere: its name. */
static void remember_pipe_name(cnet_server_t *srv, uv_pipe_t *pipe) {
  char name[sizeof(((struct sockaddr_un *)0)->sun_path) + 1];
  size_t len = sizeof name - 1;
  if (uv_pipe_getsockname(pipe, name, &len) != 0) return;
  free(srv->pipe_name);
  srv->pipe_name = cnet__malloc(len + 1);
  memcpy(srv->pipe_name, name, len);
  srv->pipe_name[len] = '\0';
  srv->pipe_name_len = len;
}

/* A handle of its own on a copy of fd, a Unix socket or TCP; NULL with the
 * error on its way to `error`. */
static cnet_stream_handle_t *open_copy(cnet_server_t *srv, int fd, bool is_pipe) {
  int copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (copy < 0) {
    listen_error(srv, uv_translate_sys_error(errno), NULL, -1);
    return NULL;
  }
  cnet_stream_handle_t *h = cnet__handle_new(srv->loop->uv, is_pipe ? UV_NAMED_PIPE : UV_TCP);
  int err = is_pipe ? uv_pipe_open(&h->pipe, copy) : uv_tcp_open(&h->tcp, copy);
  if (err) {
    close(copy);
    uv_close(&h->handle, on_handle_closed);
    listen_error(srv, err, NULL, -1);
    return NULL;
  }
  return h;
}

int cnet__server_listen_shared(cnet_server_t *srv, int fd) {
  if (srv->handle) return CNET_ERR_SERVER_ALREADY_LISTEN;
  begin_listen(srv);
  bool is_pipe = uv_guess_handle(fd) == UV_NAMED_PIPE;
  cnet_stream_handle_t *h = open_copy(srv, fd, is_pipe);
  if (!h) return 0;
  h->handle.data = srv;
  srv->handle = h;
  srv->is_pipe = is_pipe;
  if (is_pipe) remember_pipe_name(srv, &h->pipe);
  if (srv->flags & SRV_UNREF) uv_unref(&h->handle);
  tick(srv, emit_listening_nt, NULL, NULL);
  return 0;
}

int cnet_server_detach_fd(cnet_server_t *srv) {
  if (!cast(srv)) return cnet__throw(CNET_ERR_INVALID_ARG_TYPE, "The \"server\" argument must be a cnet server.");
  if (!srv->handle) return cnet__throw(CNET_ERR_SERVER_NOT_RUNNING, NULL);
  int fd = dup_handle_fd(srv->handle);
  if (fd < 0) return cnet__throw(fd, "detach %s: %s", uv_err_name(fd), uv_strerror(fd));
  /* the socket file lives on with the descriptor */
  free(srv->socket_file.path);
  srv->socket_file = (cnet_sockfile_t){0};
  server_close(srv, NULL, NULL);
  return fd;
}

/* listen(otherServer._handle): Node shares the one handle, and the server
 * that listens on it last takes over accepting while the other still
 * reports `listening` and its address until it is closed. Here the listening
 * handle moves to srv, and the other keeps a duplicate descriptor that does
 * not accept, so that each server closes its own. */
static int listen_on_server(cnet_server_t *srv, cnet_server_t *other, int backlog) {
  cnet_stream_handle_t *h = other->handle;
  uv_os_fd_t fd;
  uv_fileno(&h->handle, &fd);
  cnet_stream_handle_t *rest = open_copy(srv, fd, other->is_pipe);
  if (!rest) return 0;
  rest->handle.data = NULL;
  other->handle = rest;
  srv->is_pipe = other->is_pipe;
  /* the socket file goes with the handle that accepts on it */
  free(srv->socket_file.path);
  srv->socket_file = other->socket_file;
  other->socket_file = (cnet_sockfile_t){0};
  return start_listening(srv, h, backlog, NULL, -1);
}

typedef struct {
  cnet_server_t *srv;
  uint32_t listening_id;
  cnet_listen_opts opts;
  uv_getaddrinfo_t gai;
} host_lookup;

static bool is_ipv6_link_local(const struct sockaddr_in6 *a) {
  return a->sin6_addr.s6_addr[0] == 0xfe && (a->sin6_addr.s6_addr[1] & 0xc0) == 0x80;
}

/* Node's filterOnlyValidAddress: the first answer that is not IPv6
 * link-local, else the first. Returns its family, 4 or 6. */
static int first_valid_address(const struct addrinfo *res, char *name, size_t len) {
  const struct addrinfo *pick = NULL;
  for (const struct addrinfo *ai = res; ai; ai = ai->ai_next) {
    if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6) continue;
    if (!pick) pick = ai;
    if (ai->ai_family == AF_INET || !is_ipv6_link_local((struct sockaddr_in6 *)ai->ai_addr)) {
      pick = ai;
      break;
    }
  }
  if (pick && pick->ai_family == AF_INET6) {
    uv_ip6_name((struct sockaddr_in6 *)pick->ai_addr, name, len);
    return 6;
  }
  if (pick) uv_ip4_name((struct sockaddr_in *)pick->ai_addr, name, len);
  return 4;
}

/* Node's lookupAndListen: listen on the first valid answer, unless listen()
 * or close() was called again meanwhile. */
static void lookup_done(host_lookup *hl, int status, const char *name, int family) {
  cnet_server_t *srv = hl->srv;
  if (hl->listening_id == srv->listening_id) {
    if (status) {
      cnet_error_t *err = cnet__error_dns(status, "getaddrinfo", hl->opts.host);
      cnet__emit_error(&srv->em, err);
      cnet_error_unref(err);
    } else {
      listen_tcp(srv, name, family, &hl->opts);
    }
  }
  free((char *)hl->opts.host);
  free(hl);
}

static void on_host_resolved(uv_getaddrinfo_t *gai, int status, struct addrinfo *res) {
  host_lookup *hl = (host_lookup *)((char *)gai - offsetof(host_lookup, gai));
  cnet_server_t *srv = hl->srv;
  cnet_loop_t *loop = srv->loop;
  cnet__enter(loop);
  char name[CNET_ADDRSTRLEN] = "";
  int family = status ? 4 : first_valid_address(res, name, sizeof name);
  lookup_done(hl, status, name, family);
  uv_freeaddrinfo(res);
  drop(srv);
  cnet__leave(loop);
}

/* dns.lookup answers an IP literal on the next tick, without getaddrinfo. */
static void ip_lookup_nt(void *a, void *b, cnet__fnptr f) {
  (void)f;
  host_lookup *hl = b;
  lookup_done(hl, 0, hl->opts.host, cnet_is_ip(hl->opts.host));
  drop(a);
}

static int lookup_and_listen(cnet_server_t *srv, const cnet_listen_opts *o) {
  host_lookup *hl = cnet__calloc(1, sizeof *hl);
  hl->srv = srv;
  hl->listening_id = srv->listening_id;
  hl->opts = *o;
  hl->opts.host = cnet__strdup(o->host);
  if (cnet_is_ip(o->host)) {
    tick(srv, ip_lookup_nt, hl, NULL);
    return 0;
  }
  struct addrinfo hints = {.ai_socktype = SOCK_STREAM};
  int err = uv_getaddrinfo(srv->loop->uv, &hl->gai, on_host_resolved, o->host, NULL, &hints);
  if (err) {
    free((char *)hl->opts.host);
    free(hl);
    tick(srv, emit_error_nt, cnet__error_dns(err, "getaddrinfo", o->host), NULL);
    return 0;
  }
  hold(srv);
  return 0;
}

static void abort_nt(void *a, void *b, cnet__fnptr f) {
  (void)b;
  (void)f;
  server_close(a, NULL, NULL);
  drop(a);
}

static void watch_signal(cnet_server_t *srv, cnet_abort_signal_t *signal) {
  unwatch_signal(srv);
  srv->signal = signal;
  cnet__abort_signal_ref(signal);
  if (cnet__abort_signal_add(signal, on_abort, srv) == CNET_ERR_ABORT) tick(srv, abort_nt, NULL, NULL);
}

/* A string as util.inspect quotes it: 'a\x00b'. */
static void inspect_string(char *out, size_t cap, const char *str, size_t len) {
  static const char *const named[] = {['\b'] = "\\b", ['\t'] = "\\t", ['\n'] = "\\n",
                                      ['\f'] = "\\f", ['\r'] = "\\r"};
  size_t n = 0;
  out[n++] = '\'';
  for (size_t i = 0; i < len && n + 8 < cap; i++) {
    unsigned char c = (unsigned char)str[i];
    if (c < 0x20 && c < sizeof named / sizeof named[0] && named[c])
      n += (size_t)snprintf(out + n, cap - n, "%s", named[c]);
    else if (c < 0x20 || c == 0x7f)
      n += (size_t)snprintf(out + n, cap - n, "\\x%02X", c);
    else if (c == '\'' || c == '\\')
      n += (size_t)snprintf(out + n, cap - n, "\\%c", c);
    else
      out[n++] = (char)c;
  }
  snprintf(out + n, cap - n, "'");
}

/* Node's ERR_INVALID_ARG_VALUE for readableAll/writableAll on an abstract
 * name ("writableAllt" is Node's typo), with the options as Node inspects
 * them; C cannot tell which fields were given, so it shows those set. */
static int throw_abstract_mode(const cnet_listen_opts *o) {
  char name[256];
  inspect_string(name, sizeof name, o->path, o->path_len ? o->path_len : strlen(o->path));
  return cnet__throw(CNET_ERR_INVALID_ARG_VALUE,
                     "The argument 'options' can not set readableAll or writableAllt to true "
                     "when path is abstract unix socket. Received { path: %s%s%s }",
                     name, o->readable_all ? ", readableAll: true" : "",
                     o->writable_all ? ", writableAll: true" : "");
}

int cnet_server_listen(cnet_server_t *srv, const cnet_listen_opts *opts,
                       cnet_listener_fn listening_listener, void *ctx) {
  static const cnet_listen_opts defaults = {0};
  const cnet_listen_opts *o = opts ? opts : &defaults;
  if (!cast(srv)) return cnet__throw(CNET_ERR_INVALID_ARG_TYPE, "The \"server\" argument must be a cnet server.");
  if (srv->handle)
    return cnet__throw(CNET_ERR_SERVER_ALREADY_LISTEN,
                       "Listen method has been called more than once without closing.");
  /* Node's order: a handle, an fd >= 0, a port (which wins over a path;
   * port 0 here may also be "no port", so a path wins over that), a path. */
  bool by_fd = !o->handle && o->has_fd && o->fd >= 0;
  bool by_path = !o->handle && !by_fd && o->path && o->port == 0;
  if (!o->handle && !by_fd && !by_path) {
    if (o->port < 0 || o->port > 65535)
      return cnet__throw(CNET_ERR_SOCKET_BAD_PORT,
                         "options.port should be >= 0 and < 65536. Received type number (%d).", o->port);
    if (o->has_fd && o->port == 0)
      return cnet__throw(CNET_ERR_INVALID_ARG_VALUE,
                         "The argument 'options' must have the property \"port\" or \"path\". "
                         "Received { fd: %d }", o->fd);
  }
  if (by_path && o->path[0] == '\0' && (o->readable_all || o->writable_all))
    return throw_abstract_mode(o);
  if (o->handle && (!cast(o->handle) || !o->handle->handle))
    return cnet__throw(CNET_ERR_INVALID_ARG_VALUE, "The argument 'options' is invalid.");
  if (listening_listener) cnet_once(srv, CNET_EV_LISTENING, listening_listener, ctx);
  begin_listen(srv);
  if (o->handle) return listen_on_server(srv, o->handle, o->backlog);
  if (o->signal) watch_signal(srv, o->signal);
  if (by_fd) return listen_fd(srv, o->fd, o->backlog);
  if (by_path) return listen_path(srv, o->path, o->path_len ? o->path_len : strlen(o->path), o);
  if (o->host && o->host[0]) return lookup_and_listen(srv, o);
  return listen_tcp(srv, NULL, 0, o);
}

int cnet_server_listen_port(cnet_server_t *srv, int port, const char *host,
                            cnet_listener_fn listening_listener, void *ctx) {
  cnet_listen_opts o = {.port = port, .host = host};
  return cnet_server_listen(srv, &o, listening_listener, ctx);
}

int cnet_server_listen_path(cnet_server_t *srv, const char *path,
                            cnet_listener_fn listening_listener, void *ctx) {
  if (!path) return cnet__throw(CNET_ERR_INVALID_ARG_TYPE, "The \"path\" argument must be of type string. Received null");
  cnet_listen_opts o = {.path = path};
  return cnet_server_listen(srv, &o, listening_listener, ctx);
}

/* ---- properties ---- */

int cnet_server_address(cnet_server_t *srv, cnet_address_t *out, const char **path,
                        size_t *path_len) {
  if (!cast(srv)) return cnet__throw(CNET_ERR_INVALID_ARG_TYPE, "The \"server\" argument must be a cnet server.");
  if (srv->handle && !srv->is_pipe) {
    cnet_address_t a;
    int err = cnet__tcp_name(srv->handle, false, &a);
    if (!err && out) *out = a;
    return err;
  }
  /* As Node's _pipeName, the path of the last listen(path) answers even
   * before `listening`, after an error and after close. */
  if (srv->pipe_name) {
    if (path) *path = srv->pipe_name;
    if (path_len) *path_len = srv->pipe_name_len;
    return 0;
  }
  return UV_ENOTCONN;
}

int cnet_server_port(const cnet_server_t *srv) {
  cnet_address_t a;
  if (!cast(srv) || !srv->handle || srv->is_pipe || cnet__tcp_name(srv->handle, false, &a)) return -1;
  return a.port;
}

static void connections_nt(void *a, void *b, cnet__fnptr f) {
  cnet_server_t *srv = a;
  ((cnet_connections_cb)f)(srv, NULL, srv->connections, b);
  drop(srv);
}

int cnet_server_get_connections(cnet_server_t *srv, cnet_connections_cb cb, void *ctx) {
  if (!cast(srv)) return cnet__throw(CNET_ERR_INVALID_ARG_TYPE, "The \"server\" argument must be a cnet server.");
  if (!cb) return cnet__throw_no_callback();
  tick(srv, connections_nt, ctx, (cnet__fnptr)cb);
  return 0;
}

bool cnet_server_listening(const cnet_server_t *srv) { return cast(srv) && srv->handle; }

void cnet_server_set_max_connections(cnet_server_t *srv, int64_t max) {
  if (cast(srv)) srv->max_connections = max < 0 ? -1 : max;
}
int64_t cnet_server_max_connections(const cnet_server_t *srv) { return cast(srv) ? srv->max_connections : -1; }
/* As in Node, only a pool's workers act on it (workers.c): a standalone
 * server at its limit always drops. */
void cnet_server_set_drop_max_connection(cnet_server_t *srv, bool drop_it) {
  if (cast(srv)) srv->drop_max_connection = drop_it;
}
bool cnet_server_drop_max_connection(const cnet_server_t *srv) {
  return cast(srv) && srv->drop_max_connection;
}

void cnet_server_ref(cnet_server_t *srv) {
  if (!cast(srv)) return;
  srv->flags &= ~SRV_UNREF;
  if (srv->handle) uv_ref(&srv->handle->handle);
}

void cnet_server_unref(cnet_server_t *srv) {
  if (!cast(srv)) return;
  srv->flags |= SRV_UNREF;
  if (srv->handle) uv_unref(&srv->handle->handle);
}

cnet_blocklist_t *cnet_server_block_list(const cnet_server_t *srv) {
  return cast(srv) ? srv->opts.block_list : NULL;
}
