/* test/parallel/test-net-server-listen-options.js: listen()'s forms without
 * a port (listen(), listen(cb), listen(0), listen({ port: 0 })) pick a free
 * port; a port outside 0..65535 throws ERR_SOCKET_BAD_PORT (RangeError),
 * also when options also have a path (the port takes precedence); options
 * with neither port nor path ({ fd: -1 }) throw ERR_INVALID_ARG_VALUE.
 *
 * What C cannot write is left out: ports '0', undefined, null, NaN, 123.456
 * and Infinity (an int is 0 or a whole number), and options of other types
 * ({ port: true }, { path: -1 }, false). In a zeroed cnet_listen_opts port 0
 * is also "no port" (docs/api.md, Differences), so {}, { host } and
 * { exclusive } listen on a free port instead of throwing. listen() and
 * listen(cb) bind the any address, as they have no host; the other forms
 * listen on 127.0.0.1. */
#include "../common.h"

EXPECT_CALLS(close_it, 8);
static void close_it(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(close_it);
  cnet_server_close(ev->emitter, NULL, NULL);
}
EXPECT_CALLS(never, 0);
static void never(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(never);
}

static cnet_server_t *new_server(void) { return cnet_create_server(NULL, NULL, NULL, NULL); }

/* listen({ port }, cb) or listen(port, cb) */
static int listen_options(int port, cnet_listener_fn cb) {
  cnet_server_t *server = new_server();
  int rc = cnet_server_listen(server, &(cnet_listen_opts){.port = port, .host = "127.0.0.1"}, cb, NULL);
  if (rc < 0) cnet_server_close(server, NULL, NULL);
  return rc;
}
static int listen_port(int port, cnet_listener_fn cb) {
  cnet_server_t *server = new_server();
  int rc = cnet_server_listen_port(server, port, "127.0.0.1", cb, NULL);
  if (rc < 0) cnet_server_close(server, NULL, NULL);
  return rc;
}

static void check_bad_port(int rc, int port) {
  char want[128];
  CHECK_INT(rc, CNET_ERR_SOCKET_BAD_PORT);
  CHECK_STR(cnet_last_error()->code, "ERR_SOCKET_BAD_PORT");
  CHECK_STR(cnet_last_error()->name, "RangeError");
  snprintf(want, sizeof want,
           "options.port should be >= 0 and < 65536. Received type number (%d).", port);
  CHECK_STR(cnet_last_error()->message, want);
}

int main(void) {
  /* listen(), listen(cb) */
  cnet_server_t *server = new_server();
  CHECK(cnet_server_listen(server, NULL, NULL, NULL) == 0);
  cnet_on(server, CNET_EV_LISTENING, close_it, NULL);
  server = new_server();
  CHECK(cnet_server_listen(server, NULL, close_it, NULL) == 0);
  /* listen(0), listen({ port: 0 }) with the `listening` event */
  server = new_server();
  CHECK(cnet_server_listen_port(server, 0, "127.0.0.1", NULL, NULL) == 0);
  cnet_on(server, CNET_EV_LISTENING, close_it, NULL);
  server = new_server();
  CHECK(cnet_server_listen(server, &(cnet_listen_opts){.port = 0, .host = "127.0.0.1"}, NULL, NULL) == 0);
  cnet_on(server, CNET_EV_LISTENING, close_it, NULL);

  int (*const listen_on_port[])(int, cnet_listener_fn) = {listen_options, listen_port};
  for (int i = 0; i < 2; i++) {
    /* Arbitrary unused ports */
    CHECK(listen_on_port[i](0, close_it) == 0);
    CHECK(listen_on_port[i](0, close_it) == 0);
    /* Test invalid ports */
    check_bad_port(listen_on_port[i](-1, never), -1);
    check_bad_port(listen_on_port[i](65536, never), 65536);
  }
  /* In listen(options, cb), port takes precedence over path */
  server = new_server();
  check_bad_port(cnet_server_listen(server, &(cnet_listen_opts){.port = -1, .path = node_pipe()},
                                    never, NULL), -1);
  cnet_server_close(server, NULL, NULL);

  /* Invalid fd as listen(handle): neither port nor path */
  server = new_server();
  CHECK_INT(cnet_server_listen(server, &(cnet_listen_opts){.has_fd = true, .fd = -1}, never, NULL),
            CNET_ERR_INVALID_ARG_VALUE);
  CHECK_STR(cnet_last_error()->name, "TypeError");
  CHECK_STR(cnet_last_error()->message,
            "The argument 'options' must have the property \"port\" or \"path\". "
            "Received { fd: -1 }");
  cnet_server_close(server, NULL, NULL);
  return node_test_run();
}
