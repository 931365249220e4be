/* test/parallel/test-net-connect-options-fd.js: every way of connecting
 * (net.connect, net.createConnection, new net.Socket(options).connect;
 * each with a connect listener or one added after) given the descriptor of
 * a bound Unix socket (fd, readable, writable) connects that very
 * descriptor to the server's path: the server gets six connections, the
 * descriptor number as data, and each client's end.
 *
 * Node makes the bound sockets with internalBinding('pipe_wrap') and
 * compares socket._handle.fd with them; here they come from socket() and
 * bind(), and the descriptor's peer name (getpeername) at `connect` shows
 * that it is the one connected. Node's 10 ms timers before closing the
 * server and the handles are the events themselves. */
#include "../common.h"

#include <sys/un.h>

#define CLIENT_VARIANTS 6

static cnet_server_t *server;
static const char *server_path;
static char client_paths[CLIENT_VARIANTS][sizeof node_pipe_path + 16];
static int fds[CLIENT_VARIANTS];
static int counter;

/* ---- the server ---- */

EXPECT_CALLS(socket_on_data, CLIENT_VARIANTS);
static void socket_on_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(socket_on_data);
  int client_fd = atoi(ev->u.data.bytes); /* setEncoding: NUL-terminated */
  bool known = false;
  for (int i = 0; i < CLIENT_VARIANTS; i++) known |= fds[i] == client_fd;
  CHECK(known);
  cnet_socket_end(ev->emitter, NULL, NULL);
}
EXPECT_CALLS(socket_on_end, CLIENT_VARIANTS);
static void socket_on_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(socket_on_end);
  if (++counter == CLIENT_VARIANTS) cnet_server_close(server, NULL, NULL);
}
EXPECT_CALLS(server_on_connection, CLIENT_VARIANTS);
static void server_on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(server_on_connection);
  CHECK(cnet_socket_set_encoding(ev->u.connection, "utf8") == 0);
  cnet_on(ev->u.connection, CNET_EV_DATA, socket_on_data, NULL);
  cnet_on(ev->u.connection, CNET_EV_END, socket_on_end, NULL);
}
EXPECT_CALLS(server_on_error, 0);
static void server_on_error(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(server_on_error);
}

/* ---- the clients ---- */

static int bound_socket(int index) {
  struct sockaddr_un sun = {.sun_family = AF_UNIX};
  snprintf(client_paths[index], sizeof client_paths[index], "%s-client-%d", server_path, index);
  CHECK(strlen(client_paths[index]) < sizeof sun.sun_path);
  memcpy(sun.sun_path, client_paths[index], strlen(client_paths[index]) + 1);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  CHECK(fd >= 0);
  CHECK(bind(fd, (struct sockaddr *)&sun, sizeof sun) == 0);
  fds[index] = fd;
  return fd;
}

EXPECT_CALLS(client_on_error, 0);
static void client_on_error(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(client_on_error);
}
EXPECT_CALLS(client_on_connect, CLIENT_VARIANTS);
static void client_on_connect(const cnet_event_t *ev, void *ctx) {
  int index = (int)(intptr_t)ctx;
  CALLED(client_on_connect);
  /* the wrapped descriptor is the one connected, to the server's path */
  struct sockaddr_un peer;
  socklen_t len = sizeof peer;
  CHECK(getpeername(fds[index], (struct sockaddr *)&peer, &len) == 0);
  CHECK_STR(peer.sun_path, server_path);
  char text[16];
  snprintf(text, sizeof text, "%d", fds[index]);
  cnet_socket_write_string(ev->emitter, text, NULL, NULL, NULL);
  cnet_on(ev->emitter, CNET_EV_ERROR, client_on_error, NULL);
}

static void server_on_listen(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *s;
  for (int i = 0; i < CLIENT_VARIANTS; i++) {
    int fd = bound_socket(i);
    void *index = (void *)(intptr_t)i;
    bool with_cb = i % 2 == 0;
    cnet_connect_opts opts = {.has_fd = true, .fd = fd, .readable = CNET_TRUE,
                              .writable = CNET_TRUE, .path = server_path};
    cnet_listener_fn cb = with_cb ? client_on_connect : NULL;
    switch (i / 2) {
      case 0: s = cnet_connect(NULL, &opts, cb, index); break;
      case 1: s = cnet_create_connection(NULL, &opts, cb, index); break;
      default:
        s = cnet_socket_new(NULL, &(cnet_socket_opts){.has_fd = true, .fd = fd,
                                                      .readable = CNET_TRUE,
                                                      .writable = CNET_TRUE});
        CHECK(s != NULL);
        CHECK(cnet_socket_connect(s, &(cnet_connect_opts){.path = server_path}, cb, index) == 0);
    }
    CHECK(s != NULL);
    if (!with_cb) cnet_on(s, CNET_EV_CONNECT, client_on_connect, index);
  }
}

int main(void) {
  server_path = node_pipe();
  server = cnet_create_server(NULL, NULL, server_on_connection, NULL);
  cnet_on(server, CNET_EV_ERROR, server_on_error, NULL);
  CHECK(cnet_server_listen_path(server, server_path, server_on_listen, NULL) == 0);
  int rc = node_test_run();
  for (int i = 0; i < CLIENT_VARIANTS; i++) unlink(client_paths[i]); /* clean up */
  return rc;
}
