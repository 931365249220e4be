/* test/parallel/test-net-server-listen-path.js: listen(path) and
 * listen({ path }), with the `listening` event or the callback, listen on a
 * Unix socket; readableAll and writableAll make it readable and writable by
 * others; a path in use fails with EADDRINUSE ("listen EADDRINUSE: address
 * already in use ..."). */
#include "../common.h"
#include <sys/stat.h>

static char paths[6][128];
static int npaths;

/* randomPipePath() */
static const char *random_pipe_path(void) {
  char *p = paths[npaths];
  snprintf(p, sizeof paths[0], "%s-listen-path-%d", node_pipe(), npaths);
  npaths++;
  return p;
}

EXPECT_CALLS(close_server, 4);
static void close_server(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(close_server);
  cnet_server_close(ev->emitter, NULL, NULL);
}

/* ---- readableAll, writableAll ---- */

EXPECT_CALLS(on_listening_all, 1);
static void on_listening_all(const cnet_event_t *ev, void *ctx) {
  CALLED(on_listening_all);
  struct stat st;
  CHECK(stat(ctx, &st) == 0);
  CHECK((st.st_mode & S_IROTH) != 0);
  CHECK((st.st_mode & S_IWOTH) != 0);
  cnet_server_close(ev->emitter, NULL, NULL);
}

/* ---- EADDRINUSE ---- */

static cnet_server_t *server1;

EXPECT_CALLS(never, 0);
static void never(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(never);
}
EXPECT_CALLS(on_error2, 1);
static void on_error2(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_error2);
  cnet_server_close(server1, NULL, NULL);
  CHECK_ERR_CODE(ev->u.error, "EADDRINUSE");
  CHECK(strncmp(ev->u.error->message, "listen EADDRINUSE: address already in use",
                strlen("listen EADDRINUSE: address already in use")) == 0);
  cnet_server_close(ev->emitter, NULL, NULL);
}
static void on_listening1(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  /* As the path is in use, binding to the same address again must fail. */
  cnet_server_t *server2 = cnet_create_server(NULL, NULL, NULL, NULL);
  CHECK(cnet_server_listen(server2, &(cnet_listen_opts){.path = ctx, .writable_all = true}, never,
                           NULL) == 0);
  cnet_on(server2, CNET_EV_ERROR, on_error2, NULL);
}

int main(void) {
  cnet_server_t *server = cnet_create_server(NULL, NULL, NULL, NULL);
  CHECK(cnet_server_listen_path(server, random_pipe_path(), NULL, NULL) == 0);
  cnet_on(server, CNET_EV_LISTENING, close_server, NULL);

  server = cnet_create_server(NULL, NULL, NULL, NULL);
  CHECK(cnet_server_listen(server, &(cnet_listen_opts){.path = random_pipe_path()}, NULL, NULL) == 0);
  cnet_on(server, CNET_EV_LISTENING, close_server, NULL);

  server = cnet_create_server(NULL, NULL, NULL, NULL);
  CHECK(cnet_server_listen_path(server, random_pipe_path(), close_server, NULL) == 0);

  server = cnet_create_server(NULL, NULL, NULL, NULL);
  CHECK(cnet_server_listen(server, &(cnet_listen_opts){.path = random_pipe_path()}, close_server,
                           NULL) == 0);

  const char *path = random_pipe_path();
  server = cnet_create_server(NULL, NULL, NULL, NULL);
  CHECK(cnet_server_listen(server,
                           &(cnet_listen_opts){.path = path, .readable_all = true, .writable_all = true},
                           on_listening_all, (void *)path) == 0);

  path = random_pipe_path();
  server1 = cnet_create_server(NULL, NULL, NULL, NULL);
  CHECK(cnet_server_listen(server1, &(cnet_listen_opts){.path = path}, on_listening1, (void *)path) == 0);
  return node_test_run();
}
