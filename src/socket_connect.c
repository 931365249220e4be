/* net.Socket's connect: argument checks, lookup, one attempt (several are
 * happy_eyeballs.c's), Unix sockets. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "abort.h"
#include "alloc.h"
#include "blocklist.h"
#include "connect.h"
#include "debug.h"
#include "error.h"

struct cnet_lookup_req_s {
  cnet_connect_t *c; /* NULL once nobody waits for the answer */
  uv_getaddrinfo_t gai;
  bool all;
  /* answered inside the lookup call: connect() is still under way, and its
   * caller's ticks wait, as for any call */
  bool in_call;
  cnet_loop_t *loop;
};

/* ---- lifetime of a connect ---- */

/* Listeners may destroy the socket (and so cancel the connect) in any emit;
 * a callback holds the connect so that it can look at `cancelled` after. */
void cnet__connect_hold(cnet_connect_t *c) { c->refs++; }

void cnet__connect_drop(cnet_connect_t *c) {
  if (--c->refs > 0) return;
  for (size_t i = 0; i < c->nerrors; i++) cnet_error_unref(c->errors[i]);
  free(c->errors);
  free(c->addrs);
  free(c->host);
  free(c);
}

static void on_timer_closed(uv_handle_t *h) { free(h); }

/* The socket no longer connects (connected, destroyed): forget the lookup,
 * the attempt and the timer; their callbacks find nobody and clean up. */
void cnet__connect_cancel(cnet_socket_t *s) {
  cnet_connect_t *c = s->connect;
  if (!c) return;
  s->connect = NULL;
  c->cancelled = true;
  if (c->timer) uv_close((uv_handle_t *)c->timer, on_timer_closed);
  c->timer = NULL;
  if (c->lookup_req) {
    c->lookup_req->c = NULL;
    uv_cancel((uv_req_t *)&c->lookup_req->gai);
    c->lookup_req = NULL;
  }
  if (c->attempt) {
    c->attempt->c = NULL;
    if (c->multiple && (s->flags & S_DESTROYED)) {
      c->attempt->orphan_of = s;
      cnet__socket_hold(s);
    }
    c->attempt = NULL;
  }
  cnet__connect_drop(c);
}

void cnet__connect_fail(cnet_socket_t *s, cnet_error_t *err) { cnet__socket_destroy_owned(s, err); }

/* Node's connectErrorNT: destroy(err) on the next tick. */
static void fail_nt(void *a, void *b, cnet__fnptr f) {
  (void)f;
  cnet_socket_t *s = a;
  cnet__connect_fail(s, b);
  cnet__socket_drop(s);
}

void cnet__connect_add_error(cnet_connect_t *c, cnet_error_t *err) {
  c->errors = cnet__realloc(c->errors, (c->nerrors + 1) * sizeof *c->errors);
  c->errors[c->nerrors++] = err;
}

/* ---- connected ---- */

void cnet__socket_on_connected(cnet_socket_t *s) {
  NET_DEBUG("afterConnect");
  s->flags &= ~S_CONNECTING;
  cnet__connect_cancel(s);
  if (s->ext) s->ext->has_local = false;
  cnet__socket_touch(s);
  if (!s->is_pipe) {
    if (s->flags & S_NO_DELAY) uv_tcp_nodelay(&s->handle->tcp, 1);
    if (s->flags & S_KEEP_ALIVE) cnet__tcp_keep_alive(&s->handle->tcp, true, s->keep_alive_delay_s);
  }
  cnet__socket_emit_simple(s, CNET_EV_CONNECT);
  cnet__socket_emit_simple(s, CNET_EV_READY);
  cnet__socket_final_after_connect(s);
  if (s->flowing != 0) cnet__socket_read_start(s);
}

/* Node's createConnectionError: with the local address when a local port
 * was bound ("connect ECONNREFUSED ::1:80 - Local (:::5000)"). */
cnet_error_t *cnet__attempt_error(const attempt_t *at, int status) {
  if (at->local_port)
    return cnet__error_connect_bound(status, at->addr.address, at->port, at->local_address,
                                     at->local_port);
  return cnet__error_uv(status, "connect", at->addr.address, at->port, false);
}

void cnet__emit_attempt(cnet_socket_t *s, cnet_event_type type, const addr_t *a, int port,
                         const cnet_error_t *err) {
  cnet_event_t ev = {.type = type};
  ev.u.attempt.ip = a->address;
  ev.u.attempt.port = port;
  ev.u.attempt.family = a->family;
  ev.u.attempt.error = err;
  cnet__socket_emit(s, &ev);
}

/* ---- one TCP attempt ---- */

/* Node's afterConnect / afterConnectMultiple for a live connect. */
static void attempt_finished(cnet_connect_t *c, attempt_t *at, int status) {
  cnet_socket_t *s = c->s;
  c->attempt = NULL;
  if (c->timer) uv_timer_stop(c->timer);
  if (status == 0) {
    cnet__socket_on_connected(s);
    return;
  }
  cnet_error_t *err = cnet__attempt_error(at, status);
  if (c->multiple)
    NET_DEBUG("connect/multiple: connection attempt to %s:%d completed with status %s",
              at->addr.address, at->port, uv_err_name(status));
  if (!c->multiple) {
    cnet__emit_attempt(s, CNET_EV_CONNECTION_ATTEMPT_FAILED, &at->addr, at->port, err);
    cnet__connect_fail(s, err); /* a no-op when a listener destroyed the socket already */
    return;
  }
  cnet__connect_add_error(c, cnet_error_ref(err));
  cnet__emit_attempt(s, CNET_EV_CONNECTION_ATTEMPT_FAILED, &at->addr, at->port, err);
  cnet_error_unref(err);
  if (!c->cancelled) cnet__next_attempt(c, status == UV_ECANCELED);
}

static void on_attempt_done(uv_connect_t *req, int status) {
  attempt_t *at = (attempt_t *)req;
  cnet_connect_t *c = at->c;
  cnet_socket_t *s = c ? c->s : at->orphan_of;
  if (!s) { /* abandoned after its timeout, or a single attempt of a destroyed socket */
    free(at);
    return;
  }
  cnet_loop_t *loop = s->loop;
  cnet__socket_hold(s);
  if (c) cnet__connect_hold(c);
  cnet__enter(loop); /* may run ticks that cancel the connect: look again after */
  if (at->c) {
    attempt_finished(at->c, at, status);
  } else if (at->orphan_of && status != 0) {
    cnet_error_t *err = cnet__attempt_error(at, status);
    cnet__emit_attempt(s, CNET_EV_CONNECTION_ATTEMPT_FAILED, &at->addr, at->port, err);
    cnet_error_unref(err);
  }
  if (c) cnet__connect_drop(c);
  if (at->orphan_of) cnet__socket_drop(at->orphan_of); /* the hold of cnet__connect_cancel */
  free(at);
  cnet__socket_drop(s);
  cnet__leave(loop);
}

static int to_sockaddr(const addr_t *a, int port, struct sockaddr_storage *ss) {
  if (a->family == 6) return uv_ip6_addr(a->address, port, (struct sockaddr_in6 *)ss);
  return uv_ip4_addr(a->address, port, (struct sockaddr_in *)ss);
}

/* Binds for localAddress/localPort; Node checks the port it got. */
int cnet__bind_local(cnet_socket_t *s, const char *address, int family, int port) {
  addr_t a = {.family = family};
  snprintf(a.address, sizeof a.address, "%s", address);
  struct sockaddr_storage ss;
  int err = to_sockaddr(&a, port, &ss);
  if (!err) err = uv_tcp_bind(&s->handle->tcp, (struct sockaddr *)&ss, 0);
  if (!err && port > 0) {
    /* libuv may keep a failed bind for later: getsockname then fails, or
     * shows another port. */
    struct sockaddr_storage got = {0};
    int len = sizeof got;
    err = uv_tcp_getsockname(&s->handle->tcp, (struct sockaddr *)&got, &len);
    if (!err) {
      int got_port = got.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&got)->sin6_port)
                                               : ntohs(((struct sockaddr_in *)&got)->sin_port);
      if (got_port != port) err = UV_EADDRINUSE;
    }
  }
  return err;
}

/* Starts connecting the socket's handle to a; local is the bound local
 * address when a local port was asked for. Returns a synchronous error. */
int cnet__start_attempt(cnet_connect_t *c, const addr_t *a, const char *local) {
  cnet_socket_t *s = c->s;
  struct sockaddr_storage ss;
  int err = to_sockaddr(a, c->port, &ss);
  if (err) return err;
  attempt_t *at = cnet__calloc(1, sizeof *at);
  at->c = c;
  at->addr = *a;
  at->port = c->port;
  if (local && c->local_port) {
    snprintf(at->local_address, sizeof at->local_address, "%s", local);
    at->local_port = c->local_port;
  }
  err = uv_tcp_connect(&at->req, &s->handle->tcp, (struct sockaddr *)&ss, on_attempt_done);
  if (err) {
    free(at);
    return err;
  }
  c->attempt = at;
  return 0;
}

bool cnet__attempt_blocked(cnet_socket_t *s, const addr_t *a) {
  cnet_blocklist_t *bl = s->ext ? s->ext->block_list : NULL;
  return bl && cnet_blocklist_check(bl, a->address, a->family == 6 ? "ipv6" : "ipv4") == 1;
}

cnet_error_t *cnet__blocked_error(const addr_t *a) {
  return cnet__error_code(CNET_ERR_IP_BLOCKED, "IP(%s) is blocked by net.BlockList", a->address);
}

/* A synchronous connect failure: Node's details are the handle's own name
 * (getsockname: ":::0" when it was never bound), "undefined:undefined" when
 * it has none. */
cnet_error_t *cnet__connect_sync_error(cnet_connect_t *c, int err, const addr_t *a) {
  cnet_address_t me;
  char details[CNET_ADDRSTRLEN + 8] = "undefined:undefined";
  if (c->s->handle && cnet__tcp_name(c->s->handle, false, &me) == 0)
    snprintf(details, sizeof details, "%s:%d", me.address, me.port);
  return cnet__error_uv_local(err, "connect", a->address, c->port, false, details);
}

/* Node's internalConnect: one address. The caller holds c. */
static void connect_one(cnet_connect_t *c, const addr_t *a) {
  cnet_socket_t *s = c->s;
  const char *local = NULL;
  if (c->local_address[0] || c->local_port) {
    local = c->local_address[0] ? c->local_address : a->family == 6 ? "::" : "0.0.0.0";
    NET_DEBUG("connect: binding to localAddress: %s and localPort: %d (addressType: %d)", local,
              c->local_port, a->family);
    int err = cnet__bind_local(s, local, a->family, c->local_port);
    if (err) {
      cnet__connect_fail(s, cnet__error_uv(err, "bind", local, c->local_port, false));
      return;
    }
  }
  NET_DEBUG("connect: attempting to connect to %s:%d (addressType: %d)", a->address, c->port,
            a->family);
  cnet__emit_attempt(s, CNET_EV_CONNECTION_ATTEMPT, a, c->port, NULL);
  /* Node v23.5.0 throws a TypeError here when a listener destroyed the socket. */
  if (c->cancelled) return;
  if (cnet__attempt_blocked(s, a)) {
    cnet__connect_fail(s, cnet__blocked_error(a));
    return;
  }
  int err = cnet__start_attempt(c, a, local);
  if (err) cnet__connect_fail(s, cnet__connect_sync_error(c, err, a));
}

/* ---- lookup ---- */

static void emit_lookup(cnet_socket_t *s, const cnet_error_t *err, const addr_t *a,
                        const char *host) {
  cnet_event_t ev = {.type = CNET_EV_LOOKUP};
  ev.u.lookup.err = err;
  ev.u.lookup.address = a ? a->address : NULL;
  ev.u.lookup.family = a ? a->family : 0;
  ev.u.lookup.host = host;
  cnet__socket_emit(s, &ev);
}

static addr_t to_addr(const cnet_lookup_address *l) {
  addr_t a = {.family = l->family};
  snprintf(a.address, sizeof a.address, "%s", l->address ? l->address : "undefined");
  return a;
}

static bool usable(const addr_t *a) {
  return cnet_is_ip(a->address) && (a->family == 4 || a->family == 6);
}

/* Node's check of an answer that has no usable address. */
static cnet_error_t *invalid_answer(cnet_connect_t *c, const addr_t *a) {
  if (!cnet_is_ip(a->address))
    return cnet__error_code(CNET_ERR_INVALID_IP_ADDRESS, "Invalid IP address: %s", a->address);
  if (a->family != 4 && a->family != 6) {
    cnet_error_t *err = cnet__error_code(CNET_ERR_INVALID_ADDRESS_FAMILY,
                                         "Invalid address family: %d %s:%d", a->family, c->host,
                                         c->port);
    err->port = c->port; /* as Node's err.port (its err.host is in the message) */
    return err;
  }
  return NULL;
}

/* Node's lookupAndConnectMultiple: order the answers, lead family first,
 * then alternate; an address is tried once. */
static void connect_multiple(cnet_connect_t *c, const cnet_lookup_address *list, size_t n) {
  cnet_socket_t *s = c->s;
  addr_t *groups[2] = {cnet__calloc(n + 1, sizeof(addr_t)), cnet__calloc(n + 1, sizeof(addr_t))};
  size_t counts[2] = {0, 0};
  int lead = 0;
  for (size_t i = 0; i < n; i++) {
    addr_t a = to_addr(&list[i]);
    emit_lookup(s, NULL, &a, c->host);
    if (c->cancelled) goto out;
    if (!usable(&a)) continue;
    if (!lead) lead = a.family;
    int g = a.family == lead ? 0 : 1;
    bool dup = false;
    for (size_t j = 0; j < counts[g]; j++) dup |= strcmp(groups[g][j].address, a.address) == 0;
    if (!dup) groups[g][counts[g]++] = a;
  }
  if (!counts[0] && !counts[1]) { /* fail on the first one; none at all: Node stays connecting */
    addr_t first = n ? to_addr(&list[0]) : (addr_t){0};
    cnet_error_t *err = n ? invalid_answer(c, &first) : NULL;
    if (err) cnet__socket_tick(s, fail_nt, err, NULL);
    goto out;
  }
  c->addrs = cnet__malloc((counts[0] + counts[1]) * sizeof *c->addrs);
  for (size_t i = 0; i < counts[0] || i < counts[1]; i++) {
    if (i < counts[0]) c->addrs[c->naddrs++] = groups[0][i];
    if (i < counts[1]) c->addrs[c->naddrs++] = groups[1][i];
  }
  cnet__socket_touch(s);
  if (c->naddrs == 1) {
    connect_one(c, &c->addrs[0]);
  } else {
    cnet__happy_eyeballs_start(c);
  }
out:
  free(groups[0]);
  free(groups[1]);
}

/* err is owned. */
static void lookup_answered(cnet_connect_t *c, cnet_error_t *err, const cnet_lookup_address *list,
                            size_t n, bool all) {
  cnet_socket_t *s = c->s;
  if (all && !err) {
    connect_multiple(c, list, n);
    return;
  }
  addr_t a = {0};
  if (!err && n) a = to_addr(&list[0]);
  emit_lookup(s, err, err ? NULL : &a, c->host);
  if (c->cancelled) {
    cnet_error_unref(err);
    return;
  }
  if (!err) err = invalid_answer(c, &a);
  if (err) {
    cnet__socket_tick(s, fail_nt, err, NULL);
    return;
  }
  cnet__socket_touch(s);
  connect_one(c, &a);
}

/* err is owned. */
static void lookup_finish(cnet_lookup_req_t *req, cnet_error_t *err,
                          const cnet_lookup_address *addresses, size_t count) {
  cnet_connect_t *c = req->c;
  cnet_loop_t *loop = req->loop;
  bool all = req->all, in_call = req->in_call;
  free(req);
  if (!c) { /* the socket stopped connecting meanwhile */
    cnet_error_unref(err);
    cnet__loop_release(loop);
    return;
  }
  c->lookup_req = NULL;
  cnet_socket_t *s = c->s;
  cnet__socket_hold(s);
  cnet__connect_hold(c);
  if (!in_call) cnet__enter(loop);
  if (c->cancelled) /* by a tick queued outside any callback, which Node runs first */
    cnet_error_unref(err);
  else
    lookup_answered(c, err, addresses, count, all);
  cnet__connect_drop(c);
  cnet__socket_drop(s);
  if (!in_call) cnet__leave(loop);
  cnet__loop_release(loop);
}

/* The caller's error is borrowed and may be its own struct: cnet keeps a copy. */
void cnet_lookup_done(cnet_lookup_req_t *req, const cnet_error_t *err,
                      const cnet_lookup_address *addresses, size_t count) {
  if (!req) return;
  lookup_finish(req, err ? cnet__error_keep(err) : NULL, addresses, count);
}

static void on_getaddrinfo(uv_getaddrinfo_t *gai, int status, struct addrinfo *res) {
  cnet_lookup_req_t *req = (cnet_lookup_req_t *)((char *)gai - offsetof(cnet_lookup_req_t, gai));
  const char *host = req->c ? req->c->host : "";
  size_t n = 0;
  for (struct addrinfo *ai = res; ai; ai = ai->ai_next) n++;
  cnet_lookup_address *list = cnet__calloc(n + 1, sizeof *list);
  char (*names)[CNET_ADDRSTRLEN] = cnet__calloc(n + 1, CNET_ADDRSTRLEN);
  size_t k = 0;
  for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
    if (ai->ai_family == AF_INET6)
      uv_ip6_name((struct sockaddr_in6 *)ai->ai_addr, names[k], CNET_ADDRSTRLEN);
    else if (ai->ai_family == AF_INET)
      uv_ip4_name((struct sockaddr_in *)ai->ai_addr, names[k], CNET_ADDRSTRLEN);
    else
      continue;
    list[k].address = names[k];
    list[k].family = ai->ai_family == AF_INET6 ? 6 : 4;
    k++;
  }
  uv_freeaddrinfo(res);
  if (status == 0 && k == 0) status = UV_EAI_NONAME;
  lookup_finish(req, status ? cnet__error_dns(status, "getaddrinfo", host) : NULL, list, k);
  free(names);
  free(list);
}

static void default_lookup(const char *host, const cnet_lookup_opts *o, cnet_lookup_req_t *req,
                           void *ctx) {
  (void)ctx;
  struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = o->hints};
  hints.ai_family = o->family == 4 ? AF_INET : o->family == 6 ? AF_INET6 : AF_UNSPEC;
  int err = uv_getaddrinfo(req->loop->uv, &req->gai, on_getaddrinfo, host, NULL, &hints);
  if (err) lookup_finish(req, cnet__error_dns(err, "getaddrinfo", host), NULL, 0);
}

/* Node's dns options: ADDRCONFIG unless a family or hints were given; all
 * addresses when autoselection runs (no family, no localAddress). */
static void start_lookup(cnet_connect_t *c) {
  cnet_socket_t *s = c->s;
  NET_DEBUG("connect: find host %s", c->host);
  cnet_lookup_opts o = {.family = c->family, .hints = c->hints};
  if (c->family != 4 && c->family != 6 && c->hints == 0) o.hints = AI_ADDRCONFIG;
  o.all = c->family != 4 && c->family != 6 && !c->local_address[0] && c->auto_select;
  cnet_lookup_req_t *req = cnet__calloc(1, sizeof *req);
  req->c = c;
  req->all = o.all;
  req->loop = s->loop;
  cnet__loop_hold(s->loop);
  c->lookup_req = req;
  req->in_call = true;
  if (c->lookup)
    c->lookup(c->host, &o, req, c->lookup_ctx);
  else
    default_lookup(c->host, &o, req, NULL);
  if (c->lookup_req == req) req->in_call = false; /* still waiting: answered later */
}

/* An IP literal connects on the next tick, without a lookup. */
/* b is the connect it was queued for: a destroy and a new connect() in
 * between leave it cancelled. */
static void connect_ip_nt(void *a, void *b, cnet__fnptr f) {
  (void)f;
  cnet_socket_t *s = a;
  cnet_connect_t *c = b;
  if (!c->cancelled) {
    addr_t addr = {.family = cnet_is_ip(c->host)};
    snprintf(addr.address, sizeof addr.address, "%s", c->host);
    connect_one(c, &addr);
  }
  cnet__connect_drop(c);
  cnet__socket_drop(s);
}

/* ---- Unix sockets ---- */

typedef struct {
  cnet_socket_t *s;
  cnet_connect_t *c; /* the connect it answers: cancelled by a destroy */
  int status;
  char *path;
} pipe_result_t;

/* Runs as an immediate: a successful connect shows after the loop's poll,
 * where libuv would report it, so the server sees `connection` first. */
static void pipe_connected(void *ctx) {
  pipe_result_t *r = ctx;
  cnet_socket_t *s = r->s;
  if (!r->c->cancelled) {
    if (r->status == 0) {
      cnet__socket_on_connected(s);
    } else {
      cnet_error_t *err = cnet__error_uv(r->status, "connect", r->path, -1, false);
      cnet_event_t ev = {.type = CNET_EV_CONNECTION_ATTEMPT_FAILED};
      ev.u.attempt.ip = r->path;
      ev.u.attempt.port = -1;
      ev.u.attempt.error = err;
      cnet__socket_emit(s, &ev);
      cnet__connect_fail(s, err);
    }
  }
  cnet__connect_drop(r->c);
  free(r->path);
  free(r);
  cnet__socket_drop(s);
}


/* libuv 1.44 truncates long paths and cannot reach abstract names, so the
 * socket is connected here and handed to a uv_pipe_t. A Unix socket's
 * connect() answers at once; the result is delivered as an immediate. */
static int connect_path(cnet_socket_t *s, const char *path, size_t len) {
  struct sockaddr_un sun = {.sun_family = AF_UNIX};
  /* As Node's, a socket that has a handle (connected, or opened on an fd)
   * connects that one: the kernel answers, EISCONN when connected. */
  cnet_stream_handle_t *h = s->handle;
  bool fresh = !h;
  if (fresh) {
    h = cnet__pipe_new(s->loop->uv, s->flags & S_FD_PASSING);
    cnet__socket_set_handle(s, h, true);
    if (!cnet__socket_user_buffer_init(s)) return 0;
  }
  /* The name in events and errors: an abstract name's leading NUL shows as
   * '@' (as ss prints it), since C strings cannot carry it. */
  char *name = cnet__malloc(len + 1);
  memcpy(name, path, len);
  name[len] = '\0';
  if (len && name[0] == '\0') name[0] = '@';
  /* a connect of its own, so that a destroy and a new connect() before the
   * answer leave the answer unused */
  cnet_connect_t *c = cnet__calloc(1, sizeof *c);
  c->s = s;
  c->refs = 2; /* the socket's, and this call's */
  s->connect = c;
  NET_DEBUG("pipe true %s", name);
  cnet_event_t ev = {.type = CNET_EV_CONNECTION_ATTEMPT};
  ev.u.attempt.ip = name;
  ev.u.attempt.port = -1;
  cnet__socket_emit(s, &ev);
  /* Node v23.5.0 throws a TypeError here when a listener destroyed the socket. */
  if (c->cancelled || len == 0 || len >= sizeof sun.sun_path) {
    /* Node's uv_pipe_connect2 refuses it at once; its message names the
     * (empty) local end. */
    if (!c->cancelled)
      cnet__connect_fail(s, cnet__error_uv_local(UV_EINVAL, "connect", name, -1, false, "undefined:undefined"));
    cnet__connect_drop(c);
    free(name);
    return 0;
  }
  memcpy(sun.sun_path, path, len);
  socklen_t salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + (path[0] != '\0'));
  int status = 0;
  uv_os_fd_t fd = -1;
  if (!fresh)
    status = uv_fileno(&h->handle, &fd);
  else if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) < 0)
    status = uv_translate_sys_error(errno);
  if (status == 0 && connect(fd, (struct sockaddr *)&sun, salen) != 0)
    status = uv_translate_sys_error(errno);
  if (fresh && status == 0) status = uv_pipe_open(&h->pipe, fd);
  else if (fresh && fd >= 0) close(fd);
  pipe_result_t *r = cnet__malloc(sizeof *r);
  r->s = s;
  r->c = c; /* takes this call's reference */
  r->status = status;
  r->path = name;
  cnet__socket_hold(s);
  cnet_set_immediate(s->loop->uv, pipe_connected, r);
  return 0;
}

/* ---- connect ---- */

static int validate(const cnet_connect_opts *o) {
  if (!o->path && o->port == 0)
    return cnet__throw(CNET_ERR_MISSING_ARGS,
                       "The \"options\" or \"port\" or \"path\" argument must be specified");
  if (!o->path && (o->port < 0 || o->port > 65535))
    return cnet__throw(CNET_ERR_SOCKET_BAD_PORT,
                       "Port should be >= 0 and < 65536. Received type number (%d).", o->port);
  if (!o->path && o->local_address && !cnet_is_ip(o->local_address))
    return cnet__throw(CNET_ERR_INVALID_IP_ADDRESS, "Invalid IP address: %s", o->local_address);
  if (!o->path && (o->local_port < 0 || o->local_port > 65535))
    return cnet__throw(CNET_ERR_SOCKET_BAD_PORT,
                       "options.localPort should be >= 0 and < 65536. Received type number (%d).",
                       o->local_port);
  if (!o->path && o->auto_select_family_attempt_timeout < 0)
    return cnet__throw(CNET_ERR_OUT_OF_RANGE,
                       "The value of \"options.autoSelectFamilyAttemptTimeout\" is out of range. "
                       "It must be >= 1 && <= 2147483647. Received %d",
                       o->auto_select_family_attempt_timeout);
  /* family only matters to a lookup, where dns.lookup() checks it */
  if (o->family != 0 && o->family != 4 && o->family != 6 && !o->path &&
      !cnet_is_ip(o->host && o->host[0] ? o->host : "localhost"))
    return cnet__throw(CNET_ERR_INVALID_ARG_VALUE,
                       "The property 'options.family' must be one of: 0, 4, 6. Received %d", o->family);
  /* dns.lookup() (the default lookup only) takes these flags and no others */
  if (!o->path && !o->lookup && (o->hints & ~(AI_ADDRCONFIG | AI_ALL | AI_V4MAPPED)) &&
      !cnet_is_ip(o->host && o->host[0] ? o->host : "localhost"))
    return cnet__throw(CNET_ERR_INVALID_ARG_VALUE, "The argument 'hints' is invalid. Received %u",
                       (unsigned)o->hints);
  if (cnet__check_block_list_option(o->block_list)) return CNET_ERR_INVALID_ARG_TYPE;
  return 0;
}

/* A destroyed socket connects again on a fresh handle (Node's reconnect).
 * As Node's undestroy, readableFlowing (a paused socket stays paused),
 * writableNeedDrain and writableCorked carry over. */
static void undestroy(cnet_socket_t *s) {
  if (!(s->flags & S_DESTROYED)) return;
  cnet__socket_new_life(s);
  s->flags &= ~(S_DESTROYED | S_CLOSE_PENDING | S_CLOSE_EMITTED | S_READ_EOF | S_END_EMITTED |
                S_ENDING | S_FINAL_CALLED | S_FINISHED | S_ERROR_EMITTED | S_WRITE_AFTER_FIN |
                S_RESET_ON_CLOSE | S_CLOSE_HAD_ERROR | S_READING);
  s->flags |= S_READABLE | S_WRITABLE;
  cnet_error_unref(s->errored);
  s->errored = NULL;
  /* Node counts on the handle, and a new connection has a new one */
  s->bytes_read = s->bytes_written = 0;
  if (s->ext) s->ext->has_peer = s->ext->has_local = false;
}

int cnet_socket_connect(cnet_socket_t *s, const cnet_connect_opts *opts,
                        cnet_listener_fn connect_listener, void *ctx) {
  static const cnet_connect_opts none = {0};
  if (!cnet__socket_cast(s))
    return cnet__not_a_socket();
  const cnet_connect_opts *o = opts ? opts : &none;
  int err = validate(o);
  if (err) return err;
  if (connect_listener) cnet_once(s, CNET_EV_CONNECT, connect_listener, ctx);
  if (s->flags & S_CONNECTING) return 0; /* Node: a second connect while connecting is ignored */
  undestroy(s);
  cnet__socket_touch(s);
  s->flags |= S_CONNECTING;
  if (o->path) {
    size_t len = o->path_len ? o->path_len : strlen(o->path);
    return connect_path(s, o->path, len);
  }
  cnet_connect_t *c = cnet__calloc(1, sizeof *c);
  c->s = s;
  c->refs = 1;
  c->host = cnet__strdup(o->host && o->host[0] ? o->host : "localhost");
  c->port = o->port;
  if (o->local_address) snprintf(c->local_address, sizeof c->local_address, "%s", o->local_address);
  c->local_port = o->local_port;
  c->family = o->family;
  c->hints = o->hints;
  c->lookup = o->lookup;
  c->lookup_ctx = o->lookup_ctx;
  c->auto_select = o->auto_select_family == CNET_DEFAULT ? cnet_get_default_auto_select_family()
                                                          : o->auto_select_family == CNET_TRUE;
  int t = o->auto_select_family_attempt_timeout;
  c->attempt_timeout = t == 0 ? cnet_get_default_auto_select_family_attempt_timeout() : t < 10 ? 10 : t;
  s->connect = c;
  if (!s->handle) {
    cnet__socket_set_handle(s, cnet__handle_new(s->loop->uv, UV_TCP), false);
    if (!cnet__socket_user_buffer_init(s)) return 0;
  }
  if (cnet_is_ip(c->host)) {
    cnet__connect_hold(c);
    cnet__socket_tick(s, connect_ip_nt, c, NULL);
  } else {
    cnet__connect_hold(c);
    start_lookup(c); /* the answer may come, and be acted on, before this returns */
    cnet__connect_drop(c);
  }
  return 0;
}

int cnet_socket_connect_port(cnet_socket_t *s, int port, const char *host,
                             cnet_listener_fn connect_listener, void *ctx) {
  cnet_connect_opts o = {.port = port, .host = host};
  return cnet_socket_connect(s, &o, connect_listener, ctx);
}

int cnet_socket_connect_path(cnet_socket_t *s, const char *path, cnet_listener_fn connect_listener,
                             void *ctx) {
  cnet_connect_opts o = {.path = path};
  if (!path) return cnet__throw(CNET_ERR_INVALID_ARG_TYPE, "The \"path\" argument must be of type string. Received null");
  return cnet_socket_connect(s, &o, connect_listener, ctx);
}

cnet_socket_t *cnet_create_connection(uv_loop_t *loop, const cnet_connect_opts *opts,
                                      cnet_listener_fn connect_listener, void *ctx) {
  static const cnet_connect_opts none = {0};
  const cnet_connect_opts *o = opts ? opts : &none;
  if (validate(o)) return NULL;
  /* Node's net.connect() makes the socket with the same options (its
   * constructor's), then connects it: socket.connect() ignores them. */
  cnet_socket_opts so = {
      .allow_half_open = o->allow_half_open, .has_fd = o->has_fd, .fd = o->fd,
      .readable = o->readable, .writable = o->writable, .onread = o->onread,
      .signal = o->signal, .block_list = o->block_list, .high_water_mark = o->high_water_mark,
      .readable_high_water_mark = o->readable_high_water_mark,
      .writable_high_water_mark = o->writable_high_water_mark, .no_delay = o->no_delay,
      .keep_alive = o->keep_alive, .keep_alive_initial_delay = o->keep_alive_initial_delay};
  cnet_socket_t *s = cnet_socket_new(loop, &so);
  if (!s) return NULL;
  if (o->timeout) cnet_socket_set_timeout(s, o->timeout, NULL, NULL);
  /* destroyed already when onread's buffer function gave no buffer */
  if (!(s->flags & S_DESTROYED)) cnet_socket_connect(s, o, connect_listener, ctx);
  return s;
}

cnet_socket_t *cnet_create_connection_port(uv_loop_t *loop, int port, const char *host,
                                           cnet_listener_fn connect_listener, void *ctx) {
  cnet_connect_opts o = {.port = port, .host = host};
  return cnet_create_connection(loop, &o, connect_listener, ctx);
}

cnet_socket_t *cnet_create_connection_path(uv_loop_t *loop, const char *path,
                                           cnet_listener_fn connect_listener, void *ctx) {
  if (!path) {
    cnet__throw(CNET_ERR_INVALID_ARG_TYPE, "The \"path\" argument must be of type string. Received null");
    return NULL;
  }
  cnet_connect_opts o = {.path = path};
  return cnet_create_connection(loop, &o, connect_listener, ctx);
}

cnet_socket_t *cnet_connect(uv_loop_t *loop, const cnet_connect_opts *opts,
                            cnet_listener_fn connect_listener, void *ctx) {
  return cnet_create_connection(loop, opts, connect_listener, ctx);
}

cnet_socket_t *cnet_connect_port(uv_loop_t *loop, int port, const char *host,
                                 cnet_listener_fn connect_listener, void *ctx) {
  return cnet_create_connection_port(loop, port, host, connect_listener, ctx);
}

cnet_socket_t *cnet_connect_path(uv_loop_t *loop, const char *path,
                                 cnet_listener_fn connect_listener, void *ctx) {
  return cnet_create_connection_path(loop, path, connect_listener, ctx);
}
