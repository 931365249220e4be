/* test/parallel/test-net-pipe-with-long-path.js: a Unix socket path of
 * 10,000 characters is never truncated: either listen fails with EINVAL
 * and so does a connect to it (Linux: sun_path holds 108 bytes), or, where
 * a platform takes it, the socket file exists and a connect succeeds.
 * Node counts the calls of whichever branch ran; so does main() here. */
#include <sys/stat.h>

#include "../common.h"

static char *pipe_path;
static cnet_server_t *server;
static int listened, connected, listen_errors, connect_errors;

static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  connected++;
  cnet_socket_destroy(ev->emitter, NULL);
  cnet_server_close(server, NULL, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  listened++;
  struct stat st;
  CHECK(stat(pipe_path, &st) == 0); /* the socket file must exist */
  cnet_socket_t *socket = cnet_connect_path(NULL, pipe_path, on_connect, NULL);
  CHECK(socket != NULL);
}

static void on_connect_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  connect_errors++;
  CHECK_ERR_CODE(ev->u.error, "EINVAL");
}

static void on_listen_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  listen_errors++;
  CHECK_ERR_CODE(ev->u.error, "EINVAL");
  cnet_socket_t *socket = cnet_connect_path(NULL, pipe_path, NULL, NULL);
  CHECK(socket != NULL);
  cnet_on(socket, CNET_EV_ERROR, on_connect_error, NULL);
  cnet_server_close(server, NULL, NULL); /* to be freed; Node's GC does it */
}

int main(void) {
  node_pipe(); /* makes the temporary folder */
  size_t len = strlen(node_tmp_dir) + 1 + 10000 + 5;
  pipe_path = malloc(len + 1);
  snprintf(pipe_path, len + 1, "%s/", node_tmp_dir);
  memset(pipe_path + strlen(pipe_path), 'x', 10000);
  strcpy(pipe_path + strlen(node_tmp_dir) + 1 + 10000, ".sock");
  server = cnet_create_server(NULL, NULL, NULL, NULL);
  cnet_on(server, CNET_EV_LISTENING, on_listening, NULL);
  cnet_on(server, CNET_EV_ERROR, on_listen_error, NULL);
  CHECK_INT(cnet_server_listen_path(server, pipe_path, NULL, NULL), 0);
  int rc = node_test_run();
  CHECK_INT(listened + listen_errors, 1);
  CHECK_INT(connected, listened);
  CHECK_INT(connect_errors, listen_errors);
  free(pipe_path);
  return rc;
}
