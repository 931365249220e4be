/* The C side of Node's test/common for the ported tests of Node's own suite
 * (tests/node-suite/, STATUS.md): assertions that fail with file and line,
 * common.mustCall / mustNotCall as call counts checked when the test ends,
 * a loopback listen, a temporary Unix socket path, and the run of the loop
 * to its end (uv_loop_close must succeed: nothing may be left open).
 *
 * A port reads:
 *
 *   EXPECT_CALLS(on_close, 1);            // common.mustCall(fn, 1)
 *   static void on_close(const cnet_event_t *ev, void *ctx) {
 *     CALLED(on_close);
 *     CHECK(!ev->u.close.had_error);
 *   }
 *   int main(void) { ...; return node_test_run(); }
 */
#ifndef CNET_NODE_COMMON_H
#define CNET_NODE_COMMON_H

#include <cnet.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- assertions ---- */

static inline void node_fail(const char *file, int line, const char *what) {
  fflush(stdout);
  fprintf(stderr, "%s:%d: assertion failed: %s\n", file, line, what);
  if (cnet_last_error()) fprintf(stderr, "  last cnet error: %s\n", cnet_last_error()->message);
  exit(1);
}

#define CHECK(cond) ((cond) ? (void)0 : node_fail(__FILE__, __LINE__, #cond))

#define CHECK_INT(a, b)                                                                       \
  do {                                                                                        \
    long long a_ = (long long)(a), b_ = (long long)(b);                                       \
    if (a_ != b_) {                                                                           \
      char m_[256];                                                                           \
      snprintf(m_, sizeof m_, "%s == %s (%lld != %lld)", #a, #b, a_, b_);                     \
      node_fail(__FILE__, __LINE__, m_);                                                      \
    }                                                                                         \
  } while (0)

#define CHECK_STR(a, b)                                                                       \
  do {                                                                                        \
    const char *a_ = (a), *b_ = (b);                                                          \
    if (!a_ || !b_ || strcmp(a_, b_) != 0) {                                                  \
      char m_[512];                                                                           \
      snprintf(m_, sizeof m_, "%s == %s (\"%s\" != \"%s\")", #a, #b, a_ ? a_ : "(null)",      \
               b_ ? b_ : "(null)");                                                           \
      node_fail(__FILE__, __LINE__, m_);                                                      \
    }                                                                                         \
  } while (0)

/* An error's code, or a test failure when there is none. */
#define CHECK_ERR_CODE(err, want) CHECK_STR((err) ? (err)->code : NULL, want)

/* ---- common.mustCall ---- */

typedef struct node_calls_s {
  const char *name;
  int expected; /* exact count, or the least when at_least */
  int at_least;
  int calls;
  const char *file;
  int line;
  struct node_calls_s *next;
} node_calls_t;

static node_calls_t *node_calls_list;

static inline void node_calls_register(node_calls_t *c) {
  c->next = node_calls_list;
  node_calls_list = c;
}

/* common.mustCall(fn, n): fn is called exactly n times by the end (0 is
 * common.mustNotCall). Put CALLED(fn) first in fn's body. */
#define EXPECT_CALLS(fn, n) EXPECT_CALLS_(fn, n, 0)
/* common.mustCallAtLeast(fn, n) */
#define EXPECT_CALLS_AT_LEAST(fn, n) EXPECT_CALLS_(fn, n, 1)
#define EXPECT_CALLS_(fn, n, least)                                                           \
  static node_calls_t fn##_calls_ = {#fn, (n), (least), 0, __FILE__, __LINE__, NULL};         \
  __attribute__((constructor)) static void fn##_register_(void) { node_calls_register(&fn##_calls_); }
#define CALLED(fn)                                                                            \
  do {                                                                                        \
    fn##_calls_.calls++;                                                                      \
    if (fn##_calls_.expected == 0 && !fn##_calls_.at_least)                                   \
      node_fail(__FILE__, __LINE__, "common.mustNotCall: " #fn " was called");                \
  } while (0)
#define CALLS(fn) (fn##_calls_.calls)

static inline int node_calls_check(void) {
  int bad = 0;
  for (node_calls_t *c = node_calls_list; c; c = c->next) {
    if (c->at_least ? c->calls >= c->expected : c->calls == c->expected) continue;
    fprintf(stderr, "%s:%d: %s called %d times, expected %s%d\n", c->file, c->line, c->name,
            c->calls, c->at_least ? "at least " : "", c->expected);
    bad = 1;
  }
  return bad;
}

/* ---- loopback, paths ---- */

/* server.listen(0, '127.0.0.1', cb) */
static inline void node_listen_local(cnet_server_t *srv, cnet_listener_fn cb, void *ctx) {
  CHECK(cnet_server_listen_port(srv, 0, "127.0.0.1", cb, ctx) == 0);
}

/* server.address().port */
static inline int node_port(cnet_server_t *srv) {
  cnet_address_t a = {.port = -1};
  CHECK(cnet_server_address(srv, &a, NULL, NULL) == 0);
  return a.port;
}

/* common.PIPE: a Unix socket path in a temporary folder of this process,
 * removed (with the folder) when the test ends. */
static char node_tmp_dir[64];
static char node_pipe_path[96];
static inline void node_tmp_cleanup(void) {
  if (!node_tmp_dir[0]) return;
  unlink(node_pipe_path);
  rmdir(node_tmp_dir);
}
static inline const char *node_pipe(void) {
  if (!node_tmp_dir[0]) {
    snprintf(node_tmp_dir, sizeof node_tmp_dir, "/tmp/cnet-node-XXXXXX");
    CHECK(mkdtemp(node_tmp_dir) != NULL);
    snprintf(node_pipe_path, sizeof node_pipe_path, "%s/pipe", node_tmp_dir);
    atexit(node_tmp_cleanup);
  }
  return node_pipe_path;
}

/* CNET_STRESS=1 runs the pummel and stress tests at their full size. */
static inline bool node_stress(void) {
  const char *v = getenv("CNET_STRESS");
  return v && *v && strcmp(v, "0") != 0;
}

/* ---- the end ---- */

/* Runs the default loop until nothing is left, closes it (everything the
 * test made must have been closed or freed), then checks the call counts,
 * as Node's process 'exit' does. Returns main's status. */
static inline int node_test_run(void) {
  uv_loop_t *loop = uv_default_loop();
  uv_run(loop, UV_RUN_DEFAULT);
  if (uv_loop_close(loop) != 0) {
    fprintf(stderr, "the loop still has open handles at the end\n");
    return 1;
  }
  return node_calls_check();
}

/* ---- group A (test-blocklist*, test-net-[a-c]*) ---- */

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

/* createMockedLookup(...addresses) of Node's test/common/dns.js: a lookup
 * answering on the next tick with every address when all are wanted, else
 * with the first. lookup_ctx: a NULL-terminated array of IP strings that
 * lives as long as the connect. */
typedef struct {
  cnet_lookup_req_t *req;
  const char *const *ips;
  bool all;
} node_mocked_answer_t;
static inline void node_mocked_answer(void *ctx) {
  node_mocked_answer_t *a = ctx;
  cnet_lookup_address list[16];
  size_t n = 0;
  for (; a->ips[n] && n < 16; n++) list[n] = (cnet_lookup_address){a->ips[n], cnet_is_ip(a->ips[n])};
  cnet_lookup_done(a->req, NULL, list, a->all ? n : 1);
  free(a);
}
static inline void node_mocked_lookup(const char *hostname, const cnet_lookup_opts *opts,
                                      cnet_lookup_req_t *req, void *ctx) {
  (void)hostname;
  node_mocked_answer_t *a = malloc(sizeof *a);
  CHECK(a != NULL);
  *a = (node_mocked_answer_t){req, ctx, opts->all};
  CHECK(cnet_next_tick(NULL, node_mocked_answer, a) == 0);
}

/* errorLookupMock() of Node's test/common/dns.js: answers at once with
 * Node's mocked ENOTFOUND error for the hostname. Node's err.errno is the
 * string 'ENOTFOUND'; here it is libuv's number for it. */
static inline void node_error_lookup(const char *hostname, const cnet_lookup_opts *opts,
                                     cnet_lookup_req_t *req, void *ctx) {
  (void)opts; (void)ctx;
  char message[256];
  snprintf(message, sizeof message, "getaddrinfo ENOTFOUND %s", hostname);
  cnet_error_t err = {.name = "Error", .code = "ENOTFOUND", .errnum = UV_EAI_NONAME,
                      .syscall = "getaddrinfo", .port = -1, .message = message,
                      .hostname = hostname};
  cnet_lookup_done(req, &err, NULL, 0);
}

/* A port that refuses connections on 127.0.0.1 and ::1 for the whole test:
 * bound on [::] (both families; 127.0.0.1 alone where the system has no
 * IPv6) and never listening, so no other program can take it while the test
 * runs (Node's tests use common.PORT, or a port just closed). */
static int node_refused_fd = -1;
static inline void node_refused_cleanup(void) { close(node_refused_fd); }
static inline int node_refused_port(void) {
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  if (node_refused_fd < 0) {
    struct sockaddr_in6 any6 = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_ANY_INIT};
    struct sockaddr_in lo4 = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int off = 0;
    node_refused_fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (node_refused_fd >= 0) {
      CHECK(setsockopt(node_refused_fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off) == 0);
      CHECK(bind(node_refused_fd, (struct sockaddr *)&any6, sizeof any6) == 0);
    } else {
      node_refused_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      CHECK(node_refused_fd >= 0);
      CHECK(bind(node_refused_fd, (struct sockaddr *)&lo4, sizeof lo4) == 0);
    }
    atexit(node_refused_cleanup);
  }
  CHECK(getsockname(node_refused_fd, (struct sockaddr *)&ss, &len) == 0);
  /* sin_port and sin6_port sit at the same offset */
  return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

/* The descriptor of this process's TCP socket on local port `local` whose
 * peer is on port `peer`, to read the options that Node's tests spy on
 * through _handle (TCP_NODELAY, SO_KEEPALIVE); -1 when there is none.
 */
static inline int node_tcp_fd(int local, int peer) {
  for (int fd = 3; fd < 1024; fd++) {
    struct sockaddr_storage a, b;
    socklen_t la = sizeof a, lb = sizeof b;
    if (getsockname(fd, (struct sockaddr *)&a, &la) || getpeername(fd, (struct sockaddr *)&b, &lb))
      continue;
    if (a.ss_family != AF_INET && a.ss_family != AF_INET6) continue;
    /* sin_port and sin6_port sit at the same offset */
    if (ntohs(((struct sockaddr_in *)&a)->sin_port) == local &&
        ntohs(((struct sockaddr_in *)&b)->sin_port) == peer)
      return fd;
  }
  return -1;
}

/* Sets fn's expected count at run time, before the loop runs: for a Node
 * test whose mustCalls are made only where the host can (`common.hasIPv6`).
 */
#define EXPECT_CALLS_NOW(fn, n) (fn##_calls_.expected = (n))

/* common.hasIPv6: ::1 can be bound here. */
static inline bool node_has_ipv6(void) {
  struct sockaddr_in6 sa = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT};
  int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
  bool ok = fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
  if (fd >= 0) close(fd);
  return ok;
}

/* `response += chunk`: data events' bytes kept as NUL-terminated text (up
 * to 255 bytes). node_text_on_data is the listener, its ctx the text. */
typedef struct {
  char text[256];
  size_t len;
} node_text_t;
static inline void node_text_on_data(const cnet_event_t *ev, void *ctx) {
  node_text_t *t = ctx;
  CHECK(t->len + ev->u.data.len < sizeof t->text);
  memcpy(t->text + t->len, ev->u.data.bytes, ev->u.data.len);
  t->len += ev->u.data.len;
  t->text[t->len] = '\0';
}

/* The error of a connect to ::1 on a port nothing listens on, as Node's
 * autoselectfamily tests accept it: ECONNREFUSED where the host has IPv6,
 * else EAFNOSUPPORT or EADDRNOTAVAIL with their local end. */
static inline void node_check_ipv6_refused(const cnet_error_t *err, int port) {
  char want[96];
  if (node_has_ipv6()) {
    CHECK_ERR_CODE(err, "ECONNREFUSED");
    snprintf(want, sizeof want, "connect ECONNREFUSED ::1:%d", port);
  } else if (strcmp(err->code, "EAFNOSUPPORT") == 0) {
    snprintf(want, sizeof want, "connect EAFNOSUPPORT ::1:%d - Local (undefined:undefined)", port);
  } else {
    CHECK_ERR_CODE(err, "EADDRNOTAVAIL");
    snprintf(want, sizeof want, "connect EADDRNOTAVAIL ::1:%d - Local (:::0)", port);
  }
  CHECK_STR(err->message, want);
}

/* ---- group B (test-net-[d-r]*) ---- */

/* common.PORT for a test that needs a port no server listens on, or a fixed
 * local port: a socket bound to 127.0.0.1 with SO_REUSEADDR, not listening,
 * holds a free port (connecting to it is refused; a client may bind it as
 * its localPort, as libuv sets SO_REUSEADDR too). Returns the descriptor,
 * to be closed at the end; *port is the port. */
static inline int node_reserve_port(int *port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(fd >= 0);
  int on = 1;
  CHECK(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) == 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof a;
  CHECK(bind(fd, (struct sockaddr *)&a, sizeof a) == 0);
  CHECK(getsockname(fd, (struct sockaddr *)&a, &len) == 0);
  *port = ntohs(a.sin_port);
  return fd;
}

/* An int socket option of that connection (node_tcp_fd), or -1. */
static inline int node_tcp_opt(int local_port, int remote_port, int level, int name) {
  int fd = node_tcp_fd(local_port, remote_port), v = -1;
  socklen_t len = sizeof v;
  if (fd < 0 || getsockopt(fd, level, name, &v, &len) != 0) return -1;
  return v;
}

/* ---- group C: test-net-[s-z]*, test-pipe-*, test-socket*, test-tcp-wrap* ---- */

/* common.PORT for the tests that listen on a port they name: a port of
 * 127.0.0.1 that nothing was bound to a moment ago. */
static inline int node_unused_port(void) {
  int port;
  close(node_reserve_port(&port));
  return port;
}

/* getsockopt() of an int option. */
static inline int node_sockopt(int fd, int level, int name) {
  int v = -1;
  socklen_t len = sizeof v;
  CHECK(getsockopt(fd, level, name, &v, &len) == 0);
  return v;
}

#endif
