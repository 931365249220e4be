/* test/parallel/test-net-pipe-connect-errors.js: connecting a Unix socket to
 * a file that is not a socket fails with ENOTSOCK or ECONNREFUSED, to a path
 * that does not exist with ENOENT, and to a socket whose mode forbids it
 * with EACCES; no connect listener runs. Node skips the EACCES case as root
 * (root may open anything); here root connects as nobody (seteuid), as
 * tests/conformance/socket_ipc_eacces does. */
#include <fcntl.h>
#include <sys/stat.h>

#include "../common.h"

static char empty_txt[128], no_ent[128];
static cnet_server_t *access_server;

EXPECT_CALLS(must_not_connect, 0);
static void must_not_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(must_not_connect);
}

EXPECT_CALLS(on_not_socket_error, 1);
static void on_not_socket_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_not_socket_error);
  const char *code = ev->u.error->code;
  if (strcmp(code, "ENOTSOCK") && strcmp(code, "ECONNREFUSED")) {
    fprintf(stderr, "received %s instead of ENOTSOCK or ECONNREFUSED\n", code);
    node_fail(__FILE__, __LINE__, "not-a-socket error code");
  }
}

EXPECT_CALLS(on_no_ent_error, 1);
static void on_no_ent_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_no_ent_error);
  CHECK_ERR_CODE(ev->u.error, "ENOENT");
}

EXPECT_CALLS(on_access_error, 1);
static void on_access_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_access_error);
  CHECK_ERR_CODE(ev->u.error, "EACCES");
  cnet_server_close(access_server, NULL, NULL);
}

EXPECT_CALLS(on_access_connection, 0);
static void on_access_connection(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_access_connection);
}

EXPECT_CALLS(on_access_listening, 1);
static void on_access_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_access_listening);
  CHECK(chmod(node_pipe(), 0) == 0);
  bool as_nobody = geteuid() == 0;
  if (as_nobody) { /* the folder must let nobody reach the socket */
    CHECK(chmod(node_tmp_dir, 0755) == 0);
    CHECK(seteuid(65534) == 0);
  }
  cnet_socket_t *access_client = cnet_create_connection_path(NULL, node_pipe(), must_not_connect, NULL);
  if (as_nobody) CHECK(seteuid(0) == 0);
  cnet_on(access_client, CNET_EV_ERROR, on_access_error, NULL);
}

static void cleanup(void) { unlink(empty_txt); }

int main(void) {
  node_pipe(); /* makes the temporary folder */
  snprintf(empty_txt, sizeof empty_txt, "%s/0.txt", node_tmp_dir);
  snprintf(no_ent, sizeof no_ent, "%s/no-ent-file", node_tmp_dir);
  int fd = open(empty_txt, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  CHECK(fd >= 0);
  close(fd);
  atexit(cleanup); /* runs before node_tmp_cleanup removes the folder */

  cnet_socket_t *not_socket_client = cnet_create_connection_path(NULL, empty_txt, must_not_connect, NULL);
  cnet_on(not_socket_client, CNET_EV_ERROR, on_not_socket_error, NULL);

  cnet_socket_t *no_ent_socket_client = cnet_create_connection_path(NULL, no_ent, must_not_connect, NULL);
  cnet_on(no_ent_socket_client, CNET_EV_ERROR, on_no_ent_error, NULL);

  access_server = cnet_create_server(NULL, NULL, on_access_connection, NULL);
  CHECK_INT(cnet_server_listen_path(access_server, node_pipe(), on_access_listening, NULL), 0);
  return node_test_run();
}
