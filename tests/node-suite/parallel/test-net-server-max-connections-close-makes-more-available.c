/* test/parallel/test-net-server-max-connections-close-makes-more-available.js:
 * with maxConnections 1, a second connection is dropped while the first is
 * open, and once the first has ended a new one is served again: of four
 * connections made one after the other (closing the first after the second),
 * all send their message and the server receives those of 0 and 2.
 *
 * Node's test chains promises; here each step starts the next one when its
 * promise would resolve (the first of `error`, `data` and `end`). */
#include "../common.h"

static cnet_server_t *server;
static cnet_socket_t *connections[4]; /* 0 and 2 stay open until closeConnection */
static char sent[8], received[8];
static size_t nsent, nreceived;

static void next_step(void);

/* resolve(): once per step */
static bool resolved[8];
static int step;
static void resolve(int s) {
  if (resolved[s]) return;
  resolved[s] = true;
  next_step();
}

static void on_client_connect(const cnet_event_t *ev, void *ctx) {
  char msg[2] = {(char)('0' + (int)(intptr_t)ctx), 0};
  cnet_socket_write_string(ev->emitter, msg, NULL, NULL, NULL);
  sent[nsent++] = msg[0];
}
static void on_client_error(const cnet_event_t *ev, void *ctx) {
  CHECK_ERR_CODE(ev->u.error, "ECONNRESET");
  resolve((int)(intptr_t)ctx);
}
static void on_client_settled(const cnet_event_t *ev, void *ctx) { /* data, end */
  (void)ev;
  resolve((int)(intptr_t)ctx);
}

static void create_connection(int index) {
  void *s = (void *)(intptr_t)step;
  cnet_socket_t *c = cnet_create_connection_port(NULL, node_port(server), "127.0.0.1",
                                                 on_client_connect, (void *)(intptr_t)index);
  CHECK(c != NULL);
  /* the connect listener knows the index; the others, the step */
  cnet_on(c, CNET_EV_ERROR, on_client_error, s);
  cnet_on(c, CNET_EV_DATA, on_client_settled, s);
  cnet_on(c, CNET_EV_END, on_client_settled, s);
  connections[index] = c;
}
static void close_connection(int index) {
  cnet_on(connections[index], CNET_EV_END, on_client_settled, (void *)(intptr_t)step);
  cnet_socket_end(connections[index], NULL, NULL);
}

/* createConnection(0), (1), closeConnection(0), createConnection(2), (3),
 * server.close(), closeConnection(2) */
static void next_step(void) {
  switch (step++) {
    case 0: create_connection(0); break;
    case 1: create_connection(1); break;
    case 2: close_connection(0); break;
    case 3: create_connection(2); break;
    case 4: create_connection(3); break;
    case 5:
      cnet_server_close(server, NULL, NULL);
      step++;
      close_connection(2);
      break;
    default: break;
  }
}

static void on_server_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CHECK(nreceived + ev->u.data.len < sizeof received);
  memcpy(received + nreceived, ev->u.data.bytes, ev->u.data.len);
  nreceived += ev->u.data.len;
  cnet_socket_write_string(ev->emitter, "acknowledged", NULL, NULL, NULL);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_on(ev->u.connection, CNET_EV_DATA, on_server_data, NULL);
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  next_step();
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_server_set_max_connections(server, 1);
  node_listen_local(server, on_listening, NULL);
  int rc = node_test_run();
  /* all connections tried to send data, but only 0 and 2 were served */
  CHECK_STR(sent, "0123");
  CHECK_STR(received, "02");
  return rc;
}
