/* test/parallel/test-net-server-listen-handle.js: a server listens on a
 * TCP socket or a Unix socket that is already bound, handed over as a
 * handle or as its fd, with the callback or the `listening` event; a
 * descriptor that is not a socket (a file) fails with "listen EINVAL:
 * invalid argument".
 *
 * Node's bound handles are internal TCP and Pipe objects (internalBinding);
 * what C has of them is the descriptor, so every form of the test
 * (listen(handle), { handle }, { _handle }, { fd }) is listen({ fd }) here,
 * once per form, each on a socket of its own. The TCP sockets are bound to
 * 127.0.0.1 instead of 0.0.0.0. */
#include "../common.h"
#include <fcntl.h>
#include <sys/un.h>

#define NPIPES 8
static char pipe_paths[NPIPES][128];
static int npipes;

static int bound_tcp(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  CHECK(fd >= 0);
  CHECK(bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0);
  return fd;
}

/* randomPipePath(), bound */
static int bound_pipe(void) {
  CHECK(npipes < NPIPES);
  char *path = pipe_paths[npipes];
  snprintf(path, sizeof pipe_paths[0], "%s-listen-handle-%d", node_pipe(), npipes++);
  struct sockaddr_un sa = {.sun_family = AF_UNIX};
  CHECK(strlen(path) < sizeof sa.sun_path);
  memcpy(sa.sun_path, path, strlen(path) + 1);
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK(fd >= 0);
  CHECK(bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0);
  return fd;
}

EXPECT_CALLS(close_server, 16);
static void close_server(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(close_server);
  CHECK(cnet_server_listening(ev->emitter));
  cnet_server_close(ev->emitter, NULL, NULL);
}

/* listen({ fd }, cb) when with_cb, else listen({ fd }).on('listening') */
static void listen_fd(int fd, bool with_cb) {
  cnet_server_t *server = cnet_create_server(NULL, NULL, NULL, NULL);
  cnet_listen_opts o = {.has_fd = true, .fd = fd};
  CHECK(cnet_server_listen(server, &o, with_cb ? close_server : NULL, NULL) == 0);
  if (!with_cb) cnet_on(server, CNET_EV_LISTENING, close_server, NULL);
}

EXPECT_CALLS(on_listening_file, 0);
static void on_listening_file(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening_file);
}
EXPECT_CALLS(on_error_file, 1);
static void on_error_file(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_error_file);
  CHECK_STR(ev->u.error->name, "Error");
  CHECK_STR(ev->u.error->message, "listen EINVAL: invalid argument");
  cnet_server_close(ev->emitter, NULL, NULL);
}

int main(void) {
  /* listen(tcp), listen(tcp, cb) */
  listen_fd(bound_tcp(), false);
  listen_fd(bound_tcp(), true);
  /* listen(pipe), listen(pipe, cb) */
  listen_fd(bound_pipe(), false);
  listen_fd(bound_pipe(), true);
  /* listen({ handle: tcp }, cb), { handle: tcp }, { _handle: tcp }, cb and not */
  listen_fd(bound_tcp(), true);
  listen_fd(bound_tcp(), false);
  listen_fd(bound_tcp(), true);
  listen_fd(bound_tcp(), false);
  /* listen({ fd: tcp.fd }, cb), listen({ fd: tcp.fd }) */
  listen_fd(bound_tcp(), true);
  listen_fd(bound_tcp(), false);
  /* { handle: pipe }, { _handle: pipe }, { fd: pipe.fd }: cb, then not */
  for (int i = 0; i < 6; i++) listen_fd(bound_pipe(), i % 2 == 0);

  /* invalid fd: a file */
  int file_fd = open("/proc/self/exe", O_RDONLY);
  CHECK(file_fd >= 0);
  cnet_server_t *server = cnet_create_server(NULL, NULL, NULL, NULL);
  CHECK(cnet_server_listen(server, &(cnet_listen_opts){.has_fd = true, .fd = file_fd},
                           on_listening_file, NULL) == 0);
  cnet_on(server, CNET_EV_ERROR, on_error_file, NULL);

  int rc = node_test_run();
  close(file_fd);
  for (int i = 0; i < npipes; i++) unlink(pipe_paths[i]);
  return rc;
}
