/* test/parallel/test-net-better-error-messages-listen.js: a listen on an
 * address this machine does not have fails with an `error` naming the
 * address, the port and the syscall (listen). 1.1.1.1 is only bound to,
 * which fails locally: nothing is sent. Node's process then exits; a cnet
 * server that never listened is freed by its close. */
#include "../common.h"

EXPECT_CALLS(on_connection, 0);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connection);
}
EXPECT_CALLS(on_listening, 0);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
}
EXPECT_CALLS(on_error, 1);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_error);
  const cnet_error_t *e = ev->u.error;
  CHECK_STR(e->address, "1.1.1.1");
  CHECK_INT(e->port, 1);
  CHECK_STR(e->syscall, "listen");
}

int main(void) {
  cnet_server_t *server = cnet_create_server(NULL, NULL, on_connection, NULL);
  CHECK(cnet_server_listen_port(server, 1, "1.1.1.1", on_listening, NULL) == 0);
  cnet_on(server, CNET_EV_ERROR, on_error, NULL);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT); /* where Node's process exits */
  cnet_server_close(server, NULL, NULL);     /* a server that never listened */
  return node_test_run();
}
