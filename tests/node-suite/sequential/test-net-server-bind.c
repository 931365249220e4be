/* test/sequential/test-net-server-bind.js: listen() with no port picks one
 * (> 100); listen(port), listen(port, cb), listen(port, host, backlog, cb)
 * and listen(port, backlog, cb) listen on the port named.
 *
 * As the brief's rule for listens with no host, these use 127.0.0.1, except
 * the listen(port, '0.0.0.0', 127) of the test. Node's test reads the address
 * 100 ms after listen(port) with no callback; here the `listening` event
 * says when. The check of server._connectionKey (internal) is left out. */
#include "../common.h"

EXPECT_CALLS(on_connection, 0);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connection);
}

static cnet_server_t *new_server(void) {
  return cnet_create_server(NULL, NULL, on_connection, NULL);
}

EXPECT_CALLS(on_any_port, 1);
static void on_any_port(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_any_port);
  CHECK(node_port(ev->emitter) > 100);
  cnet_server_close(ev->emitter, NULL, NULL);
}

/* ctx: the port named */
EXPECT_CALLS(on_named_port, 4);
static void on_named_port(const cnet_event_t *ev, void *ctx) {
  CALLED(on_named_port);
  CHECK_INT(node_port(ev->emitter), *(int *)ctx);
  cnet_server_close(ev->emitter, NULL, NULL);
}

static int ports[4];

int main(void) {
  /* listen(cb) */
  node_listen_local(new_server(), on_any_port, NULL);

  /* listen(common.PORT), read once it listens */
  cnet_server_t *server = new_server();
  ports[0] = node_unused_port();
  CHECK(cnet_server_listen_port(server, ports[0], "127.0.0.1", NULL, NULL) == 0);
  cnet_on(server, CNET_EV_LISTENING, on_named_port, &ports[0]);

  /* listen(common.PORT + 1, cb) */
  ports[1] = node_unused_port();
  CHECK(cnet_server_listen_port(new_server(), ports[1], "127.0.0.1", on_named_port, &ports[1]) == 0);

  /* listen(common.PORT + 2, '0.0.0.0', 127, cb) */
  ports[2] = node_unused_port();
  CHECK(cnet_server_listen(new_server(), &(cnet_listen_opts){.port = ports[2], .host = "0.0.0.0",
                                                               .backlog = 127},
                           on_named_port, &ports[2]) == 0);

  /* listen(common.PORT + 3, 127, cb) */
  ports[3] = node_unused_port();
  CHECK(cnet_server_listen(new_server(), &(cnet_listen_opts){.port = ports[3], .host = "127.0.0.1",
                                                               .backlog = 127},
                           on_named_port, &ports[3]) == 0);
  return node_test_run();
}
