/* net.Socket's connect: argument checks, lookup, one attempt or Node's
 * family autoselection (Happy Eyeballs, RFC 8305 loosely), Unix sockets. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "abort.h"
#include "alloc.h"
#include "error.h"
#include "socket.h"

typedef struct {
  char address[CNET_ADDRSTRLEN];
  int family;
} addr_t;

struct cnet_lookup_req_s {
  cnet_connect_t *c; /* NULL once nobody waits for the answer */
  uv_getaddrinfo_t gai;
  bool all;
  cnet_loop_t *loop;
};

typedef struct {
  uv_connect_t req;
  cnet_connect_t *c; /* NULL once abandoned */
  size_t index;
  addr_t addr;
} attempt_t;

struct cnet_connect_s {
  cnet_socket_t *s;
  char *host;
  int port;
  char local_address[CNET_ADDRSTRLEN];
  int local_port;
  int family;
  int hints;
  cnet_lookup_fn lookup;
  void *lookup_ctx;
  bool auto_select;
  int attempt_timeout;
  cnet_lookup_req_t *lookup_req;
  attempt_t *attempt;
  uv_timer_t *timer;
  addr_t *addrs;
  size_t naddrs, current;
  cnet_error_t **errors;
  size_t nerrors;
  bool multiple;
};

/* ---- module-wide defaults ---- */

static bool default_auto_select_family = true;
static int default_attempt_timeout = 250;

bool cnet_get_default_auto_select_family(void) { return default_auto_select_family; }
void cnet_set_default_auto_select_family(bool value) { default_auto_select_family = value; }
int cnet_get_default_auto_select_family_attempt_timeout(void) { return default_attempt_timeout; }

int cnet_set_default_auto_select_family_attempt_timeout(int64_t value) {
  if (value < 1 || value > INT32_MAX)
    return cnet__throw(CNET_ERR_OUT_OF_RANGE,
                       "The value of \"value\" is out of range. It must be >= 1 && <= 2147483647. "
                       "Received %lld", (long long)value);
  default_attempt_timeout = value < 10 ? 10 : (int)value;
  return 0;
}

/* ---- teardown ---- */

static void on_timer_closed(uv_handle_t *h) { free(h); }

static void stop_timer(cnet_connect_t *c) {
  if (!c->timer) return;
  uv_close((uv_handle_t *)c->timer, on_timer_closed);
  c->timer = NULL;
}

static void connect_free(cnet_connect_t *c) {
  stop_timer(c);
  if (c->lookup_req) c->lookup_req->c = NULL;
  if (c->attempt) c->attempt->c = NULL;
  for (size_t i = 0; i < c->nerrors; i++) cnet_error_unref(c->errors[i]);
  free(c->errors);
  free(c->addrs);
  free(c->host);
  free(c);
}

/* The socket no longer connects (connected, destroyed): forget the lookup,
 * the attempt and the timer; their callbacks find nobody and clean up. */
void cnet__connect_cancel(cnet_socket_t *s) {
  cnet_connect_t *c = s->connect;
  if (!c) return;
  s->connect = NULL;
  if (c->lookup_req) uv_cancel((uv_req_t *)&c->lookup_req->gai);
  connect_free(c);
}

static void fail(cnet_socket_t *s, cnet_error_t *err) { cnet__socket_destroy_owned(s, err); }

static void fail_nt(void *a, void *b, cnet__fnptr f) {
  (void)f;
  cnet_socket_t *s = a;
  if (s->flags & S_CONNECTING) fail(s, b); else cnet_error_unref(b);
  cnet__socket_drop(s);
}

/* ---- connected ---- */

static void push_attempted(cnet_socket_t *s, const addr_t *a, int port) {
  cnet_socket_ext_t *x = cnet__socket_ext(s);
  char buf[CNET_ADDRSTRLEN + 8];
  snprintf(buf, sizeof buf, "%s:%d", a->address, port);
  x->attempted = cnet__realloc(x->attempted, (x->attempted_len + 1) * sizeof *x->attempted);
  x->attempted[x->attempted_len++] = cnet__strdup(buf);
}

void cnet__socket_on_connected(cnet_socket_t *s) {
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

static cnet_error_t *connect_error(int status, const addr_t *a, int port) {
  return cnet__error_uv(status, "connect", a->address, port, false);
}

static void emit_attempt(cnet_socket_t *s, cnet_event_type type, const addr_t *a, int port,
                         const cnet_error_t *err) {
  cnet_event_t ev = {.type = type};
  ev.u.attempt.ip = a->address;
  ev.u.attempt.port = port;
  ev.u.attempt.family = a->family;
  ev.u.attempt.error = err;
  cnet__socket_emit(s, &ev);
}

/* ---- one TCP attempt ---- */

static void next_attempt(cnet_connect_t *c, bool canceled);

static void on_attempt_done(uv_connect_t *req, int status) {
  attempt_t *at = (attempt_t *)req;
  cnet_connect_t *c = at->c;
  if (!c) { /* abandoned (its handle is closing) or the socket was destroyed */
    free(at);
    return;
  }
  cnet_socket_t *s = c->s;
  cnet_loop_t *loop = s->loop;
  cnet__enter(loop);
  cnet__socket_hold(s);
  c->attempt = NULL;
  if (c->timer) uv_timer_stop(c->timer);
  if (status == 0) {
    cnet__socket_on_connected(s);
  } else {
    cnet_error_t *err = connect_error(status, &at->addr, c->port);
    emit_attempt(s, CNET_EV_CONNECTION_ATTEMPT_FAILED, &at->addr, c->port, err);
    if (c->multiple && s->connect == c && (s->flags & S_CONNECTING)) {
      c->errors = cnet__realloc(c->errors, (c->nerrors + 1) * sizeof *c->errors);
      c->errors[c->nerrors++] = err;
      next_attempt(c, status == UV_ECANCELED);
    } else {
      fail(s, err);
    }
  }
  free(at);
  cnet__socket_drop(s);
  cnet__leave(loop);
}

static int to_sockaddr(const addr_t *a, int port, struct sockaddr_storage *ss) {
  if (a->family == 6) return uv_ip6_addr(a->address, port, (struct sockaddr_in6 *)ss);
  return uv_ip4_addr(a->address, port, (struct sockaddr_in *)ss);
}

/* Binds for localAddress/localPort; Node checks the port it got. */
static int bind_local(cnet_socket_t *s, const char *address, int family, int port) {
  addr_t a = {.family = family};
  snprintf(a.address, sizeof a.address, "%s", address);
  struct sockaddr_storage ss;
  int err = to_sockaddr(&a, port, &ss);
  if (!err) err = uv_tcp_bind(&s->handle->tcp, (struct sockaddr *)&ss, 0);
  if (!err && port > 0) {
    struct sockaddr_storage got;
    int len = sizeof got;
    err = uv_tcp_getsockname(&s->handle->tcp, (struct sockaddr *)&got, &len);
    int got_port = got.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&got)->sin6_port)
                                             : ntohs(((struct sockaddr_in *)&got)->sin_port);
    if (!err && got_port != port) err = UV_EADDRINUSE;
  }
  return err;
}

/* Starts connecting the socket's handle to a; returns a synchronous error. */
static int start_attempt(cnet_connect_t *c, const addr_t *a, size_t index) {
  cnet_socket_t *s = c->s;
  struct sockaddr_storage ss;
  int err = to_sockaddr(a, c->port, &ss);
  if (err) return err;
  attempt_t *at = cnet__calloc(1, sizeof *at);
  at->c = c;
  at->index = index;
  at->addr = *a;
  err = uv_tcp_connect(&at->req, &s->handle->tcp, (struct sockaddr *)&ss, on_attempt_done);
  if (err) {
    free(at);
    return err;
  }
  c->attempt = at;
  return 0;
}

static bool blocked(cnet_socket_t *s, const addr_t *a) {
  cnet_blocklist_t *bl = s->ext ? s->ext->block_list : NULL;
  return bl && cnet_blocklist_check(bl, a->address, a->family == 6 ? "ipv6" : "ipv4") == 1;
}

static cnet_error_t *blocked_error(const addr_t *a) {
  return cnet__error_code(CNET_ERR_IP_BLOCKED, "IP(%s) is blocked by net.BlockList", a->address);
}

/* Node's internalConnect: one address. */
static void connect_one(cnet_connect_t *c, const addr_t *a) {
  cnet_socket_t *s = c->s;
  if (c->local_address[0] || c->local_port) {
    const char *local = c->local_address[0] ? c->local_address : a->family == 6 ? "::" : "0.0.0.0";
    int err = bind_local(s, local, a->family, c->local_port);
    if (err) {
      fail(s, cnet__error_uv(err, "bind", local, c->local_port, false));
      return;
    }
  }
  emit_attempt(s, CNET_EV_CONNECTION_ATTEMPT, a, c->port, NULL);
  if (!(s->flags & S_CONNECTING) || s->connect != c) return;
  if (blocked(s, a)) {
    fail(s, blocked_error(a));
    return;
  }
  int err = start_attempt(c, a, 0);
  if (err) fail(s, connect_error(err, a, c->port));
}

/* ---- several addresses: Node's internalConnectMultiple ---- */

static void on_attempt_timeout(uv_timer_t *t) {
  cnet_connect_t *c = t->data;
  cnet_socket_t *s = c->s;
  cnet_loop_t *loop = s->loop;
  cnet__enter(loop);
  cnet__socket_hold(s);
  attempt_t *at = c->attempt;
  if (at) {
    emit_attempt(s, CNET_EV_CONNECTION_ATTEMPT_TIMEOUT, &at->addr, c->port, NULL);
    if (s->connect == c) {
      c->errors = cnet__realloc(c->errors, (c->nerrors + 1) * sizeof *c->errors);
      c->errors[c->nerrors++] = connect_error(UV_ETIMEDOUT, &at->addr, c->port);
      at->c = NULL;
      c->attempt = NULL;
      if (s->flags & S_CONNECTING) next_attempt(c, false);
    }
  }
  cnet__socket_drop(s);
  cnet__leave(loop);
}

/* A fresh handle for the next attempt; the old one closes on its own. */
static void reinitialize_handle(cnet_socket_t *s) {
  cnet_stream_handle_t *old = s->handle;
  if (old) {
    old->handle.data = NULL;
    uv_close(&old->handle, (uv_close_cb)free);
  }
  cnet_stream_handle_t *h = cnet__malloc(sizeof *h);
  uv_tcp_init(s->loop->uv, &h->tcp);
  cnet__socket_set_handle(s, h, false);
}

static void next_attempt(cnet_connect_t *c, bool canceled) {
  cnet_socket_t *s = c->s;
  if (c->timer) uv_timer_stop(c->timer);
  if (canceled || c->current == c->naddrs) {
    if (c->nerrors == 0) {
      fail(s, cnet__error_code(CNET_ERR_SOCKET_CONNECTION_TIMEOUT, NULL));
      return;
    }
    cnet_error_t *agg = cnet__error_aggregate(c->errors, c->nerrors);
    c->errors = NULL;
    c->nerrors = 0;
    fail(s, agg);
    return;
  }
  size_t current = c->current++;
  const addr_t a = c->addrs[current];
  if (current > 0) reinitialize_handle(s);
  int err = 0;
  if (c->local_port) {
    const char *local = a.family == 6 ? "::" : "0.0.0.0";
    err = bind_local(s, local, a.family, c->local_port);
    if (err) {
      c->errors = cnet__realloc(c->errors, (c->nerrors + 1) * sizeof *c->errors);
      c->errors[c->nerrors++] = cnet__error_uv(err, "bind", local, c->local_port, false);
      next_attempt(c, false);
      return;
    }
  }
  if (blocked(s, &a)) {
    cnet_error_t *ex = blocked_error(&a);
    c->errors = cnet__realloc(c->errors, (c->nerrors + 1) * sizeof *c->errors);
    c->errors[c->nerrors++] = ex;
    emit_attempt(s, CNET_EV_CONNECTION_ATTEMPT_FAILED, &a, c->port, ex);
    if (s->connect == c && (s->flags & S_CONNECTING)) next_attempt(c, false);
    return;
  }
  emit_attempt(s, CNET_EV_CONNECTION_ATTEMPT, &a, c->port, NULL);
  if (s->connect != c || !(s->flags & S_CONNECTING)) return;
  push_attempted(s, &a, c->port);
  err = start_attempt(c, &a, current);
  if (err) {
    cnet_error_t *ex = connect_error(err, &a, c->port);
    c->errors = cnet__realloc(c->errors, (c->nerrors + 1) * sizeof *c->errors);
    c->errors[c->nerrors++] = ex;
    emit_attempt(s, CNET_EV_CONNECTION_ATTEMPT_FAILED, &a, c->port, ex);
    if (s->connect == c && (s->flags & S_CONNECTING)) next_attempt(c, false);
    return;
  }
  if (current < c->naddrs - 1) {
    if (!c->timer) {
      c->timer = cnet__malloc(sizeof *c->timer);
      uv_timer_init(s->loop->uv, c->timer);
      c->timer->data = c;
    }
    uv_timer_start(c->timer, on_attempt_timeout, (uint64_t)c->attempt_timeout, 0);
  }
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

/* Node's lookupAndConnectMultiple: order the answers, lead family first. */
static void connect_multiple(cnet_connect_t *c, const cnet_lookup_address *list, size_t n) {
  cnet_socket_t *s = c->s;
  addr_t *groups[2] = {cnet__calloc(n + 1, sizeof(addr_t)), cnet__calloc(n + 1, sizeof(addr_t))};
  size_t counts[2] = {0, 0};
  int lead = 0;
  for (size_t i = 0; i < n; i++) {
    addr_t a = {.family = list[i].family};
    snprintf(a.address, sizeof a.address, "%s", list[i].address ? list[i].address : "");
    emit_lookup(s, NULL, &a, c->host);
    if (s->connect != c || !(s->flags & S_CONNECTING)) goto out;
    if (!cnet_is_ip(a.address) || (a.family != 4 && a.family != 6)) continue;
    if (!lead) lead = a.family;
    int g = a.family == lead ? 0 : 1;
    bool dup = false;
    for (size_t j = 0; j < counts[g]; j++) dup |= strcmp(groups[g][j].address, a.address) == 0;
    if (!dup) groups[g][counts[g]++] = a;
  }
  if (!counts[0] && !counts[1]) {
    if (n && !cnet_is_ip(list[0].address ? list[0].address : ""))
      cnet__socket_tick(s, fail_nt, cnet__error_code(CNET_ERR_INVALID_IP_ADDRESS,
                        "Invalid IP address: %s", list[0].address ? list[0].address : "undefined"), NULL);
    else if (n)
      cnet__socket_tick(s, fail_nt, cnet__error_code(CNET_ERR_INVALID_ADDRESS_FAMILY,
                        "Invalid address family: %d %s:%d", list[0].family, c->host, c->port), NULL);
    goto out;
  }
  c->addrs = cnet__malloc((counts[0] + counts[1]) * sizeof *c->addrs);
  for (size_t i = 0; i < counts[0] || i < counts[1]; i++) {
    if (i < counts[0]) c->addrs[c->naddrs++] = groups[0][i];
    if (i < counts[1]) c->addrs[c->naddrs++] = groups[1][i];
  }
  if (c->naddrs == 1) {
    connect_one(c, &c->addrs[0]);
  } else {
    c->multiple = true;
    cnet__socket_touch(s);
    next_attempt(c, false);
  }
out:
  free(groups[0]);
  free(groups[1]);
}

static void lookup_answered(cnet_connect_t *c, const cnet_error_t *err,
                            const cnet_lookup_address *list, size_t n, bool all) {
  cnet_socket_t *s = c->s;
  if (all) {
    if (err) {
      emit_lookup(s, err, NULL, c->host);
      if (s->connect == c) cnet__socket_tick(s, fail_nt, cnet_error_ref(err), NULL);
      return;
    }
    connect_multiple(c, list, n);
    return;
  }
  addr_t a = {0};
  if (!err && n) {
    a.family = list[0].family;
    snprintf(a.address, sizeof a.address, "%s", list[0].address ? list[0].address : "");
  }
  emit_lookup(s, err, err ? NULL : &a, c->host);
  if (s->connect != c || !(s->flags & S_CONNECTING)) return;
  if (err)
    cnet__socket_tick(s, fail_nt, cnet_error_ref(err), NULL);
  else if (!cnet_is_ip(a.address))
    cnet__socket_tick(s, fail_nt, cnet__error_code(CNET_ERR_INVALID_IP_ADDRESS,
                      "Invalid IP address: %s", a.address), NULL);
  else if (a.family != 4 && a.family != 6)
    cnet__socket_tick(s, fail_nt, cnet__error_code(CNET_ERR_INVALID_ADDRESS_FAMILY,
                      "Invalid address family: %d %s:%d", a.family, c->host, c->port), NULL);
  else {
    cnet__socket_touch(s);
    connect_one(c, &a);
  }
}

void cnet_lookup_done(cnet_lookup_req_t *req, const cnet_error_t *err,
                      const cnet_lookup_address *addresses, size_t count) {
  if (!req) return;
  cnet_connect_t *c = req->c;
  cnet_loop_t *loop = req->loop;
  bool all = req->all;
  free(req);
  if (!c) {
    cnet__loop_release(loop);
    return;
  }
  c->lookup_req = NULL;
  cnet_socket_t *s = c->s;
  cnet__enter(loop);
  cnet__socket_hold(s);
  lookup_answered(c, err, addresses, count, all);
  cnet__socket_drop(s);
  cnet__leave(loop);
  cnet__loop_release(loop);
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
  cnet_error_t *err = NULL;
  if (status == 0 && k == 0) status = UV_EAI_NONAME;
  if (status) err = cnet__error_dns(status, "getaddrinfo", host);
  cnet_lookup_done(req, err, list, k);
  cnet_error_unref(err);
  free(names);
  free(list);
}

static void default_lookup(const char *host, const cnet_lookup_opts *o, cnet_lookup_req_t *req,
                           void *ctx) {
  (void)ctx;
  struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = o->hints};
  hints.ai_family = o->family == 4 ? AF_INET : o->family == 6 ? AF_INET6 : AF_UNSPEC;
  int err = uv_getaddrinfo(req->loop->uv, &req->gai, on_getaddrinfo, host, NULL, &hints);
  if (err) {
    cnet_error_t *e = cnet__error_dns(err, "getaddrinfo", host);
    cnet_lookup_done(req, e, NULL, 0);
    cnet_error_unref(e);
  }
}

static void start_lookup(cnet_connect_t *c) {
  cnet_socket_t *s = c->s;
  cnet_lookup_opts o = {.family = c->family, .hints = c->hints};
  if (c->family != 4 && c->family != 6 && c->hints == 0) o.hints = AI_ADDRCONFIG;
  o.all = c->family != 4 && c->family != 6 && !c->local_address[0] && c->auto_select;
  cnet_lookup_req_t *req = cnet__calloc(1, sizeof *req);
  req->c = c;
  req->all = o.all;
  req->loop = s->loop;
  cnet__loop_hold(s->loop);
  c->lookup_req = req;
  if (c->lookup)
    c->lookup(c->host, &o, req, c->lookup_ctx);
  else
    default_lookup(c->host, &o, req, NULL);
}

/* An IP literal connects on the next tick, without a lookup. */
static void connect_ip_nt(void *a, void *b, cnet__fnptr f) {
  (void)b;
  (void)f;
  cnet_socket_t *s = a;
  cnet_connect_t *c = s->connect;
  if (c && (s->flags & S_CONNECTING)) {
    addr_t addr = {.family = cnet_is_ip(c->host)};
    snprintf(addr.address, sizeof addr.address, "%s", c->host);
    connect_one(c, &addr);
  }
  cnet__socket_drop(s);
}

/* ---- Unix sockets ---- */

typedef struct {
  cnet_socket_t *s;
  int status;
  char *path;
} pipe_result_t;

static void pipe_connected_nt(void *a, void *b, cnet__fnptr f) {
  (void)f;
  cnet_socket_t *s = a;
  pipe_result_t *r = b;
  if ((s->flags & S_CONNECTING) && !(s->flags & S_DESTROYED)) {
    if (r->status == 0) {
      cnet__socket_on_connected(s);
    } else {
      addr_t at = {0};
      snprintf(at.address, sizeof at.address, "%s", r->path);
      cnet_error_t *err = cnet__error_uv(r->status, "connect", r->path, -1, false);
      cnet_event_t ev = {.type = CNET_EV_CONNECTION_ATTEMPT_FAILED};
      ev.u.attempt.ip = r->path;
      ev.u.attempt.port = -1;
      ev.u.attempt.error = err;
      cnet__socket_emit(s, &ev);
      fail(s, err);
    }
  }
  free(r->path);
  free(r);
  cnet__socket_drop(s);
}

/* libuv 1.44 truncates long paths and cannot reach abstract names, so the
 * socket is connected here and handed to a uv_pipe_t. A Unix socket's
 * connect() answers at once, so the result is delivered on the next tick. */
static int connect_path(cnet_socket_t *s, const char *path, size_t len) {
  struct sockaddr_un sun = {.sun_family = AF_UNIX};
  int status = 0;
  int fd = -1;
  if (len >= sizeof sun.sun_path || len == 0) {
    status = UV_EINVAL;
  } else {
    memcpy(sun.sun_path, path, len);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      status = uv_translate_sys_error(errno);
    } else if (connect(fd, (struct sockaddr *)&sun,
                       (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len +
                                   (path[0] != '\0'))) != 0) {
      status = uv_translate_sys_error(errno);
    }
  }
  cnet_stream_handle_t *h = cnet__malloc(sizeof *h);
  uv_pipe_init(s->loop->uv, &h->pipe, 0);
  cnet__socket_set_handle(s, h, true);
  if (status == 0) status = uv_pipe_open(&h->pipe, fd);
  else if (fd >= 0) close(fd);
  cnet_event_t ev = {.type = CNET_EV_CONNECTION_ATTEMPT};
  ev.u.attempt.ip = path;
  ev.u.attempt.port = -1;
  cnet__socket_emit(s, &ev);
  pipe_result_t *r = cnet__malloc(sizeof *r);
  r->s = s;
  r->status = status;
  r->path = cnet__malloc(len + 1);
  memcpy(r->path, path, len);
  r->path[len] = '\0';
  cnet__socket_tick(s, pipe_connected_nt, r, NULL);
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
  if (o->family != 0 && o->family != 4 && o->family != 6)
    return cnet__throw(CNET_ERR_INVALID_ARG_VALUE,
                       "The property 'options.family' must be one of: 4, 6, 0. Received %d", o->family);
  if (o->block_list && !cnet_blocklist_is_blocklist(o->block_list))
    return cnet__throw(CNET_ERR_INVALID_ARG_TYPE,
                       "The \"options.blockList\" property must be an instance of net.BlockList.");
  return 0;
}

/* A destroyed socket connects again on a fresh handle (Node's reconnect). */
static void undestroy(cnet_socket_t *s) {
  if (!(s->flags & S_LIVE)) {
    s->flags |= S_LIVE;
    s->refs++;
  }
  if (!(s->flags & S_DESTROYED)) return;
  s->flags &= ~(S_DESTROYED | S_CLOSE_EMITTED | S_READ_EOF | S_END_EMITTED | S_ENDING |
                S_FINAL_CALLED | S_FINISHED | S_ERROR_EMITTED | S_WRITE_AFTER_FIN |
                S_NEED_DRAIN | S_RESET_ON_CLOSE | S_CLOSE_HAD_ERROR | S_READING);
  s->flags |= S_READABLE | S_WRITABLE;
  s->flowing = s->flowing == 1 ? 1 : -1;
  cnet_error_unref(s->errored);
  s->errored = NULL;
  if (s->ext) s->ext->has_peer = s->ext->has_local = false;
}

int cnet_socket_connect(cnet_socket_t *s, const cnet_connect_opts *opts,
                        cnet_listener_fn connect_listener, void *ctx) {
  static const cnet_connect_opts none = {0};
  if (!cnet__emitter_cast(s, &cnet__socket_class))
    return cnet__throw(CNET_ERR_INVALID_ARG_TYPE, "The \"socket\" argument must be a cnet socket.");
  const cnet_connect_opts *o = opts ? opts : &none;
  int err = validate(o);
  if (err) return err;
  if (connect_listener) cnet_once(s, CNET_EV_CONNECT, connect_listener, ctx);
  if (s->flags & S_CONNECTING) return 0; /* Node: a second connect while connecting is ignored */
  undestroy(s);
  if (o->block_list) cnet__socket_ext(s)->block_list = o->block_list;
  if (o->no_delay) s->flags |= S_NO_DELAY;
  if (o->keep_alive) {
    s->flags |= S_KEEP_ALIVE;
    s->keep_alive_delay_s = (uint16_t)(o->keep_alive_initial_delay > 0 ? o->keep_alive_initial_delay / 1000 : 0);
  }
  cnet__socket_touch(s);
  s->flags |= S_CONNECTING;
  if (o->path) {
    size_t len = o->path_len ? o->path_len : strlen(o->path);
    return connect_path(s, o->path, len);
  }
  cnet_connect_t *c = cnet__calloc(1, sizeof *c);
  c->s = s;
  c->host = cnet__strdup(o->host && o->host[0] ? o->host : "localhost");
  c->port = o->port;
  if (o->local_address) snprintf(c->local_address, sizeof c->local_address, "%s", o->local_address);
  c->local_port = o->local_port;
  c->family = o->family;
  c->hints = o->hints;
  c->lookup = o->lookup;
  c->lookup_ctx = o->lookup_ctx;
  c->auto_select = o->auto_select_family == CNET_DEFAULT ? default_auto_select_family
                                                          : o->auto_select_family == CNET_TRUE;
  int t = o->auto_select_family_attempt_timeout;
  c->attempt_timeout = t == 0 ? default_attempt_timeout : t < 10 ? 10 : t;
  s->connect = c;
  if (!s->handle) {
    cnet_stream_handle_t *h = cnet__malloc(sizeof *h);
    uv_tcp_init(s->loop->uv, &h->tcp);
    cnet__socket_set_handle(s, h, false);
  }
  if (cnet_is_ip(c->host))
    cnet__socket_tick(s, connect_ip_nt, NULL, NULL);
  else
    start_lookup(c);
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
  cnet_socket_opts so = {.block_list = o->block_list};
  cnet_socket_t *s = cnet_socket_new(loop, &so);
  if (!s) return NULL;
  if (o->timeout) cnet_socket_set_timeout(s, o->timeout, NULL, NULL);
  cnet_socket_connect(s, o, connect_listener, ctx);
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
