/* test/parallel/test-net-connect-abort-controller.js: a socket made with an
 * AbortSignal is destroyed with an AbortError (before its `close`) when the
 * signal is aborted after net.connect(), before it, on a later turn, and
 * for a socket made with new net.Socket() (not connecting): six cases, one
 * after the other. The server's connections are destroyed at the end.
 *
 * Node also counts the signal's 'abort' listeners (getEventListeners); cnet
 * does not show them. */
#include "../common.h"

static cnet_server_t *server;
static int port;
static cnet_socket_t *live[8]; /* liveConnections */
static cnet_abort_controller_t *ac;
static int step;
static bool aborted_error; /* the case's AbortError came */

static void next_case(void);

static void on_connection_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  for (size_t i = 0; i < sizeof live / sizeof *live; i++)
    if (live[i] == ev->emitter) live[i] = NULL;
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  size_t i = 0;
  while (live[i]) CHECK(++i < sizeof live / sizeof *live);
  live[i] = ev->u.connection;
  cnet_on(ev->u.connection, CNET_EV_CLOSE, on_connection_close, NULL);
}

/* assertAbort: `close` comes after an `error` that is an AbortError. */
EXPECT_CALLS(on_error, 6);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_error);
  CHECK_STR(ev->u.error->name, "AbortError");
  aborted_error = true;
}
EXPECT_CALLS(on_close, 6);
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_close);
  CHECK(aborted_error); /* else: "close should have thrown" */
  aborted_error = false;
  cnet_abort_controller_free(ac);
  ac = NULL;
  next_case();
}
static cnet_socket_t *watch(cnet_socket_t *socket) {
  CHECK(socket != NULL);
  cnet_on(socket, CNET_EV_ERROR, on_error, NULL);
  cnet_on(socket, CNET_EV_CLOSE, on_close, NULL);
  return socket;
}

static void abort_now(void *ctx) {
  (void)ctx;
  cnet_abort_controller_abort(ac, NULL);
}
static cnet_socket_t *connect_with_signal(void) {
  return cnet_connect(NULL,
                      &(cnet_connect_opts){.port = port, .host = "127.0.0.1",
                                           .signal = cnet_abort_controller_signal(ac)},
                      NULL, NULL);
}
static cnet_socket_t *new_socket_with_signal(void) {
  return cnet_socket_new(NULL, &(cnet_socket_opts){.signal = cnet_abort_controller_signal(ac)});
}

EXPECT_CALLS(on_server_closed, 1);
static void on_server_closed(cnet_server_t *srv, const cnet_error_t *err, void *ctx) {
  (void)srv; (void)ctx;
  CALLED(on_server_closed);
  CHECK(err == NULL);
}

static void next_case(void) {
  ac = cnet_abort_controller_new();
  switch (step++) {
    case 0: /* postAbort */
      watch(connect_with_signal());
      cnet_abort_controller_abort(ac, NULL);
      break;
    case 1: /* preAbort */
      cnet_abort_controller_abort(ac, NULL);
      watch(connect_with_signal());
      break;
    case 2: /* tickAbort */
      CHECK(cnet_set_immediate(NULL, abort_now, NULL) != NULL);
      watch(connect_with_signal());
      break;
    case 3: /* testConstructor */
      cnet_abort_controller_abort(ac, NULL);
      watch(new_socket_with_signal());
      break;
    case 4: /* testConstructorPost */
      watch(new_socket_with_signal());
      cnet_abort_controller_abort(ac, NULL);
      break;
    case 5: /* testConstructorPostTick */
      watch(new_socket_with_signal());
      CHECK(cnet_set_immediate(NULL, abort_now, NULL) != NULL);
      break;
    default: /* killing the sockets without connecting hangs the server */
      cnet_abort_controller_free(ac);
      ac = NULL;
      for (size_t i = 0; i < sizeof live / sizeof *live; i++)
        if (live[i]) cnet_socket_destroy(live[i], NULL);
      cnet_server_close(server, on_server_closed, NULL);
  }
}

EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  port = node_port(server);
  cnet_on(server, CNET_EV_CONNECTION, on_connection, NULL);
  next_case();
}

int main(void) {
  server = cnet_create_server(NULL, NULL, NULL, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
