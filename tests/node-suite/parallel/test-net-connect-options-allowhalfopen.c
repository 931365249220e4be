/* test/parallel/test-net-connect-options-allowhalfopen.js: allowHalfOpen
 * given to every way of connecting (net.connect, net.createConnection, new
 * net.Socket(options).connect; each with a connect listener or one added
 * after) keeps the client writable after the server's FIN: not readable,
 * writable, write() returns true, and its end() reaches the server, whose
 * `end` comes once per connection; then everything closes.
 *
 * Node waits 50 ms (a timer) before the client's checks and before closing
 * the server; here they run on the tick after `end`, as they follow from
 * it. */
#include "../common.h"

#define CLIENT_VARIANTS 6

static cnet_server_t *server;
static int server_received_fin, client_sent_fin, client_received_fin;

/* ---- the server ---- */

EXPECT_CALLS(socket_on_data, CLIENT_VARIANTS);
static void socket_on_data(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(socket_on_data);
}
/* `end` on each socket must not be emitted twice */
EXPECT_CALLS(socket_on_end, CLIENT_VARIANTS);
static void socket_on_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(socket_on_end);
  if (++server_received_fin < CLIENT_VARIANTS) return;
  cnet_server_close(server, NULL, NULL);
}
EXPECT_CALLS(server_on_connection, CLIENT_VARIANTS);
static void server_on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(server_on_connection);
  cnet_socket_t *socket = ev->u.connection;
  cnet_socket_resume(socket);
  cnet_on(socket, CNET_EV_DATA, socket_on_data, NULL);
  cnet_on(socket, CNET_EV_END, socket_on_end, NULL);
  cnet_socket_end(socket, NULL, NULL);
}
EXPECT_CALLS(server_on_close, 1);
static void server_on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(server_on_close);
  CHECK_INT(server_received_fin, CLIENT_VARIANTS);
  CHECK_INT(client_sent_fin, CLIENT_VARIANTS);
}

/* ---- the clients ---- */

static void after_client_end(void *ctx) {
  cnet_socket_t *client = ctx;
  /* When allowHalfOpen is true, the client must still be writable after
   * the server closes the connections, but not readable. */
  CHECK(!cnet_socket_readable(client));
  CHECK(cnet_socket_writable(client));
  char index[8];
  snprintf(index, sizeof index, "%d", *(int *)cnet_socket_get_data(client));
  CHECK(cnet_socket_write_string(client, index, NULL, NULL, NULL) == 1);
  cnet_socket_end(client, NULL, NULL);
  client_sent_fin++;
  cnet_socket_release(client);
}
EXPECT_CALLS(client_on_end, CLIENT_VARIANTS);
static void client_on_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(client_on_end);
  cnet_next_tick(NULL, after_client_end, cnet_socket_retain(ev->emitter));
}
EXPECT_CALLS(client_on_close, CLIENT_VARIANTS);
static void client_on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(client_on_close);
  client_received_fin++;
}
EXPECT_CALLS(client_on_connect, CLIENT_VARIANTS);
static void client_on_connect(const cnet_event_t *ev, void *ctx) {
  CALLED(client_on_connect);
  cnet_socket_t *client = ev->emitter;
  cnet_socket_set_data(client, ctx, NULL);
  cnet_socket_resume(client);
  cnet_on(client, CNET_EV_END, client_on_end, NULL);
  cnet_on(client, CNET_EV_CLOSE, client_on_close, NULL);
}

static int indexes[CLIENT_VARIANTS] = {1, 2, 3, 4, 5, 6};

static void server_on_listen(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_connect_opts opts = {.allow_half_open = true, .host = "127.0.0.1",
                            .port = node_port(server)};
  cnet_socket_opts socket_opts = {.allow_half_open = true};
  cnet_socket_t *s;
  CHECK(cnet_connect(NULL, &opts, client_on_connect, &indexes[0]));
  CHECK((s = cnet_connect(NULL, &opts, NULL, NULL)));
  cnet_on(s, CNET_EV_CONNECT, client_on_connect, &indexes[1]);
  CHECK(cnet_create_connection(NULL, &opts, client_on_connect, &indexes[2]));
  CHECK((s = cnet_create_connection(NULL, &opts, NULL, NULL)));
  cnet_on(s, CNET_EV_CONNECT, client_on_connect, &indexes[3]);
  s = cnet_socket_new(NULL, &socket_opts);
  CHECK(cnet_socket_connect(s, &opts, client_on_connect, &indexes[4]) == 0);
  s = cnet_socket_new(NULL, &socket_opts);
  CHECK(cnet_socket_connect(s, &opts, NULL, NULL) == 0);
  cnet_on(s, CNET_EV_CONNECT, client_on_connect, &indexes[5]);
}

int main(void) {
  server = cnet_create_server(NULL, &(cnet_server_opts){.allow_half_open = true},
                              server_on_connection, NULL);
  cnet_on(server, CNET_EV_CLOSE, server_on_close, NULL);
  node_listen_local(server, server_on_listen, NULL);
  int rc = node_test_run();
  CHECK_INT(client_received_fin, CLIENT_VARIANTS);
  return rc;
}
