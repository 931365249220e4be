/* test/pummel/test-net-many-clients.js: many clients at once, each
 * connecting again from its `close` until it has made its share of
 * connections; the server writes a 40 KiB body to each connection and ends
 * it; every client receives the whole body (setEncoding "utf8") and closes
 * without error, and the server counts every connection. Node's clients
 * connect to localhost; here 127.0.0.1. Node's assertion on client.fd (an
 * internal) has no C form.
 * Size: Node's (50 clients, 3 connections each) in both modes. */
#include "../common.h"

#define BYTES (1024 * 40)
#define CONCURRENCY 50
#define CONNECTIONS_PER_CLIENT 3

typedef struct {
  cnet_socket_t *socket;
  int connections;
  size_t recved;
} client_t;

static cnet_server_t *server;
static char body[BYTES];
static int total_connections, finished_clients;
static client_t clients[CONCURRENCY];

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  total_connections++;
  cnet_socket_write(ev->u.connection, body, BYTES, NULL, NULL);
  cnet_socket_end(ev->u.connection, NULL, NULL);
}

static void on_connect(const cnet_event_t *ev, void *ctx) {
  client_t *c = ctx;
  (void)ev;
  c->recved = 0;
  c->connections += 1;
}
static void on_data(const cnet_event_t *ev, void *ctx) {
  client_t *c = ctx;
  CHECK(ev->u.data.is_string);
  c->recved += ev->u.data.len; /* one byte per character: the body is ASCII */
}
static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end(ev->emitter, NULL, NULL);
}
EXPECT_CALLS(must_not_error, 0);
static void must_not_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(must_not_error);
  fprintf(stderr, "error: %s\n", ev->u.error->message);
}
static void on_close(const cnet_event_t *ev, void *ctx) {
  client_t *c = ctx;
  CHECK(!ev->u.close.had_error);
  CHECK_INT(c->recved, BYTES);
  if (c->connections < CONNECTIONS_PER_CLIENT)
    CHECK_INT(cnet_socket_connect_port(c->socket, node_port(server), "127.0.0.1", NULL, NULL), 0);
  else if (++finished_clients == CONCURRENCY)
    cnet_server_close(server, NULL, NULL);
}

static void run_client(client_t *c) {
  c->socket = cnet_create_connection_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
  CHECK_INT(cnet_socket_set_encoding(c->socket, "utf8"), 0);
  cnet_on(c->socket, CNET_EV_CONNECT, on_connect, c);
  cnet_on(c->socket, CNET_EV_DATA, on_data, c);
  cnet_on(c->socket, CNET_EV_END, on_end, c);
  cnet_on(c->socket, CNET_EV_ERROR, must_not_error, c);
  cnet_on(c->socket, CNET_EV_CLOSE, on_close, c);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  for (int i = 0; i < CONCURRENCY; i++) run_client(&clients[i]);
}

int main(void) {
  memset(body, 'C', BYTES);
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  int rc = node_test_run();
  CHECK_INT(total_connections, CONNECTIONS_PER_CLIENT * CONCURRENCY);
  return rc;
}
