/* test/parallel/test-pipe-abstract-socket-http.js: a server listening on a
 * Linux abstract name is reached by a client connecting to the path that
 * server.address() gives (the name with its leading NUL).
 *
 * Node's test is an HTTP server and http.get({ socketPath }); cnet has no
 * http, so the server answers "ok" over the connection itself, which stands
 * for the 200 response. The name has the process id in it, as abstract
 * names are shared by the whole machine. */
#include "../common.h"

static cnet_server_t *server;
static char name[64];
static size_t name_len;

EXPECT_CALLS(on_connection, 1);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connection);
  cnet_socket_end_string(ev->u.connection, "ok", NULL, NULL, NULL); /* res.end('ok') */
}
EXPECT_CALLS(on_response, 1);
static void on_response(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_response);
  CHECK_INT(ev->u.data.len, 2);
  CHECK(memcmp(ev->u.data.bytes, "ok", 2) == 0);
  cnet_server_close(server, NULL, NULL);
}
EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  const char *path = NULL;
  size_t path_len = 0;
  CHECK(cnet_server_address(server, NULL, &path, &path_len) == 0);
  CHECK_INT(path_len, name_len);
  CHECK(memcmp(path, name, name_len) == 0);
  cnet_socket_t *c = cnet_connect(NULL, &(cnet_connect_opts){.path = path, .path_len = path_len},
                                  NULL, NULL);
  CHECK(c != NULL);
  cnet_on(c, CNET_EV_DATA, on_response, NULL);
}

int main(void) {
  name_len = 1 + (size_t)snprintf(name + 1, sizeof name - 1, "cnet-node-abstract-%d", (int)getpid());
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  CHECK(cnet_server_listen(server, &(cnet_listen_opts){.path = name, .path_len = name_len},
                           on_listening, NULL) == 0);
  return node_test_run();
}
