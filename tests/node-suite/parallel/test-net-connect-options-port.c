/* test/parallel/test-net-connect-options-port.js: every way to connect
 * (net.createConnection, net.connect, socket.connect; with a port and host,
 * or options; with a connect listener or one added after) checks the port
 * before anything: out of range is ERR_SOCKET_BAD_PORT (a RangeError),
 * bad hints are ERR_INVALID_ARG_VALUE (a TypeError), neither connects; good
 * ports connect, and the server gets every connection.
 *
 * Not here, as C cannot express them: ports of other JS types (booleans,
 * arrays, objects, null: ERR_INVALID_ARG_TYPE), strings ('', ' ', '0x',
 * '-0x1', String(port), hex), NaN and Infinity; Node's 72 connections
 * (three spellings of the port) are 18 here. Where Node's 'localhost' is
 * looked up, 127.0.0.1 is used.
 *
 * Node's last part connects to port 0 and expects an asynchronous connect
 * error; in cnet port 0 is "no port" (docs/api.md, Differences), so those
 * calls fail at once with ERR_MISSING_ARGS, which is checked instead. */
#include "../common.h"

typedef struct {
  int port;
  const char *host;
  int family;
  int hints;
  bool short_form; /* (port, host) rather than options */
} args_t;

static int connections, expected_connections;
static cnet_server_t *server;

EXPECT_CALLS(must_not_call, 0);
static void must_not_call(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(must_not_call);
}
EXPECT_CALLS_AT_LEAST(must_call, 1);
static void must_call(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(must_call);
}

/* The six ways of doConnect(); each returns the socket or NULL (thrown). */
static cnet_socket_t *do_connect(int way, const args_t *a, cnet_listener_fn cb) {
  cnet_connect_opts o = {.port = a->port, .host = a->host, .family = a->family, .hints = a->hints};
  cnet_listener_fn arg_cb = way % 2 == 0 ? cb : NULL; /* WithCb, WithoutCb */
  cnet_socket_t *s = NULL;
  switch (way / 2) {
    case 0: /* createConnection */
      s = a->short_form ? cnet_create_connection_port(NULL, a->port, a->host, arg_cb, NULL)
                        : cnet_create_connection(NULL, &o, arg_cb, NULL);
      break;
    case 1: /* connect */
      s = a->short_form ? cnet_connect_port(NULL, a->port, a->host, arg_cb, NULL)
                        : cnet_connect(NULL, &o, arg_cb, NULL);
      break;
    default: { /* socketConnect */
      cnet_socket_t *socket = cnet_socket_new(NULL, NULL);
      int rc = a->short_form ? cnet_socket_connect_port(socket, a->port, a->host, arg_cb, NULL)
                             : cnet_socket_connect(socket, &o, arg_cb, NULL);
      if (rc < 0) {
        cnet_socket_destroy(socket, NULL); /* Node leaves it to the GC */
        return NULL;
      }
      s = socket;
    }
  }
  if (s && !arg_cb) cnet_on(s, CNET_EV_CONNECT, cb, NULL);
  if (s) cnet_socket_resume(s);
  return s;
}

static void throws(const args_t *a, const char *code, const char *name, const char *message) {
  for (int way = 0; way < 6; way++) {
    CHECK(do_connect(way, a, must_not_call) == NULL);
    CHECK_ERR_CODE(cnet_last_error(), code);
    CHECK_STR(cnet_last_error()->name, name);
    if (message) CHECK_STR(cnet_last_error()->message, message);
  }
}

static void sync_fail_to_connect(int port) {
  throws(&(args_t){.port = port, .family = 4}, "ERR_SOCKET_BAD_PORT", "RangeError", NULL);
  throws(&(args_t){.port = port, .host = "localhost", .family = 4}, "ERR_SOCKET_BAD_PORT",
         "RangeError", NULL);
  throws(&(args_t){.port = port, .host = "localhost", .short_form = true}, "ERR_SOCKET_BAD_PORT",
         "RangeError", NULL);
}

static void can_connect(int port) {
  const args_t shapes[] = {
      {.port = port, .host = "127.0.0.1", .short_form = true},
      {.port = port, .host = "127.0.0.1"},
      {.port = port, .host = "127.0.0.1", .family = 4},
  };
  for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++)
    for (int way = 0; way < 6; way++) CHECK(do_connect(way, &shapes[i], must_call) != NULL);
}

/* asyncFailToConnect(0), as cnet has it: port 0 is no port. */
static void port_zero_is_no_port(void) {
  throws(&(args_t){.port = 0, .family = 4}, "ERR_MISSING_ARGS", "TypeError", NULL);
  throws(&(args_t){.port = 0, .host = "127.0.0.1", .family = 4}, "ERR_MISSING_ARGS", "TypeError",
         NULL);
  throws(&(args_t){.port = 0, .host = "127.0.0.1", .short_form = true}, "ERR_MISSING_ARGS",
         "TypeError", NULL);
}

EXPECT_CALLS(on_connection, 18);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connection);
  cnet_socket_end_string(ev->u.connection, "ok", NULL, NULL, NULL);
  if (++connections == expected_connections) cnet_server_close(server, NULL, NULL);
}
EXPECT_CALLS(on_server_close, 1);
static void on_server_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_server_close);
  port_zero_is_no_port();
}
EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  can_connect(node_port(server));
}

int main(void) {
  sync_fail_to_connect(-1);
  sync_fail_to_connect(65536);

  /* connect({hints}, cb) and connect({hints}) */
  unsigned hints = (AI_ADDRCONFIG | AI_V4MAPPED | AI_ALL) + 42;
  char message[96];
  snprintf(message, sizeof message, "The argument 'hints' is invalid. Received %u", hints);
  throws(&(args_t){.port = 42, .hints = (int)hints}, "ERR_INVALID_ARG_VALUE", "TypeError", message);

  expected_connections = 18;
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_on(server, CNET_EV_CLOSE, on_server_close, NULL);
  node_listen_local(server, on_listening, NULL);
  int rc = node_test_run();
  CHECK_INT(CALLS(must_call), 18);
  return rc;
}
