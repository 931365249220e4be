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
#define CHECK_ERR_CODE(err, code) CHECK_STR((err) ? (err)->code : NULL, code)

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

#endif
