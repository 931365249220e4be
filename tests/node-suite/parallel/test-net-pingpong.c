/* test/parallel/test-net-pingpong.js: 1000 PING/PONG rounds and a last PING
 * sent with end(), over a Unix socket, TCP on 127.0.0.1 and TCP on ::1 (or
 * 127.0.0.1 again without IPv6), all at once. On the allowHalfOpen server
 * each PING finds the write queue at most one message long and the socket
 * readable and writable; at `end` it is still writable but not readable; at
 * `close` neither. The client is not writable after its end() but still
 * readable for the last PONG. getConnections() answers 1. Node's second
 * test listens on the default host; here 127.0.0.1. */
#include "../common.h"

#define N 1000

typedef struct {
  const char *path, *host; /* path for the Unix socket test, else host */
  cnet_server_t *server;
  cnet_socket_t *client;
  int count, sent_pongs;
  bool sent_final_ping;
} pingpong_t;

EXPECT_CALLS(on_get_connections, 3);
static void on_get_connections(cnet_server_t *srv, const cnet_error_t *err, size_t n, void *ctx) {
  (void)srv; (void)ctx;
  CALLED(on_get_connections);
  CHECK(err == NULL);
  CHECK_INT(n, 1);
}

EXPECT_CALLS(on_pong_written, 3 * (N + 1));
static void on_pong_written(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  pingpong_t *t = ctx;
  (void)s;
  CALLED(on_pong_written);
  CHECK(err == NULL);
  t->sent_pongs++;
}

EXPECT_CALLS(on_server_data, 3 * (N + 1));
static void on_server_data(const cnet_event_t *ev, void *ctx) {
  pingpong_t *t = ctx;
  cnet_socket_t *socket = ev->emitter;
  CALLED(on_server_data);
  /* We never queue data (we wait for each PING before the PONG), so the
   * write queue is always shorter than one message. */
  CHECK(cnet_socket_buffer_size(socket) <= 4);
  CHECK(cnet_socket_writable(socket));
  CHECK(cnet_socket_readable(socket));
  CHECK(t->count <= N);
  CHECK_STR(ev->u.data.bytes, "PING");
  cnet_socket_write_string(socket, "PONG", NULL, on_pong_written, t);
}

EXPECT_CALLS(on_server_end, 3);
static void on_server_end(const cnet_event_t *ev, void *ctx) {
  cnet_socket_t *socket = ev->emitter;
  (void)ctx;
  CALLED(on_server_end);
  CHECK(cnet_socket_allow_half_open(socket));
  CHECK(cnet_socket_writable(socket)); /* because allowHalfOpen */
  CHECK(!cnet_socket_readable(socket));
  cnet_socket_end(socket, NULL, NULL);
}

EXPECT_CALLS(must_not_error, 0);
static void must_not_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(must_not_error);
  fprintf(stderr, "error: %s\n", ev->u.error->message);
}

EXPECT_CALLS(on_server_close, 3);
static void on_server_close(const cnet_event_t *ev, void *ctx) {
  cnet_socket_t *socket = ev->emitter;
  (void)ctx;
  CALLED(on_server_close);
  CHECK(!cnet_socket_writable(socket));
  CHECK(!cnet_socket_readable(socket));
  cnet_server_close(cnet_socket_server(socket), NULL, NULL);
}

EXPECT_CALLS(on_socket, 3);
static void on_socket(const cnet_event_t *ev, void *ctx) {
  pingpong_t *t = ctx;
  cnet_socket_t *socket = ev->u.connection;
  CALLED(on_socket);
  CHECK(cnet_socket_server(socket) == t->server);
  CHECK_INT(cnet_server_get_connections(t->server, on_get_connections, NULL), 0);
  cnet_socket_set_no_delay(socket, true);
  CHECK_INT(cnet_socket_set_encoding(socket, "utf8"), 0);
  cnet_on(socket, CNET_EV_DATA, on_server_data, t);
  cnet_on(socket, CNET_EV_END, on_server_end, t);
  cnet_on(socket, CNET_EV_ERROR, must_not_error, t);
  cnet_on(socket, CNET_EV_CLOSE, on_server_close, t);
}

EXPECT_CALLS(on_client_connect, 3);
static void on_client_connect(const cnet_event_t *ev, void *ctx) {
  cnet_socket_t *client = ev->emitter;
  (void)ctx;
  CALLED(on_client_connect);
  CHECK(cnet_socket_readable(client));
  CHECK(cnet_socket_writable(client));
  cnet_socket_write_string(client, "PING", NULL, NULL, NULL);
}

EXPECT_CALLS(on_client_data, 3 * (N + 1));
static void on_client_data(const cnet_event_t *ev, void *ctx) {
  pingpong_t *t = ctx;
  cnet_socket_t *client = ev->emitter;
  CALLED(on_client_data);
  CHECK_STR(ev->u.data.bytes, "PONG");
  t->count += 1;
  if (t->sent_final_ping) {
    CHECK(!cnet_socket_writable(client));
    CHECK(cnet_socket_readable(client));
    return;
  }
  CHECK(cnet_socket_writable(client));
  CHECK(cnet_socket_readable(client));
  if (t->count < N) {
    cnet_socket_write_string(client, "PING", NULL, NULL, NULL);
  } else {
    t->sent_final_ping = true;
    cnet_socket_write_string(client, "PING", NULL, NULL, NULL);
    cnet_socket_end(client, NULL, NULL);
  }
}

EXPECT_CALLS(on_client_close, 3);
static void on_client_close(const cnet_event_t *ev, void *ctx) {
  pingpong_t *t = ctx;
  (void)ev;
  CALLED(on_client_close);
  CHECK_INT(t->count, N + 1);
  CHECK_INT(t->sent_pongs, N + 1);
  CHECK(t->sent_final_ping);
}

EXPECT_CALLS(on_listening, 3);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  pingpong_t *t = ctx;
  (void)ev;
  CALLED(on_listening);
  t->client = t->path ? cnet_create_connection_path(NULL, t->path, NULL, NULL)
                      : cnet_create_connection_port(NULL, node_port(t->server), t->host, NULL, NULL);
  CHECK(t->client != NULL);
  CHECK_INT(cnet_socket_set_encoding(t->client, "ascii"), 0);
  cnet_on(t->client, CNET_EV_CONNECT, on_client_connect, t);
  cnet_on(t->client, CNET_EV_DATA, on_client_data, t);
  cnet_on(t->client, CNET_EV_CLOSE, on_client_close, t);
  cnet_on(t->client, CNET_EV_ERROR, must_not_error, t);
}

static void ping_pong_test(pingpong_t *t) {
  t->server = cnet_create_server(NULL, &(cnet_server_opts){.allow_half_open = true}, NULL, NULL);
  cnet_on(t->server, CNET_EV_CONNECTION, on_socket, t);
  int rc = t->path ? cnet_server_listen_path(t->server, t->path, on_listening, t)
                   : cnet_server_listen_port(t->server, 0, t->host, on_listening, t);
  CHECK_INT(rc, 0);
}

int main(void) {
  static pingpong_t tests[3];
  tests[0].path = node_pipe();
  tests[1].host = "127.0.0.1";
  tests[2].host = node_has_ipv6() ? "::1" : "127.0.0.1";
  for (int i = 0; i < 3; i++) ping_pong_test(&tests[i]);
  return node_test_run();
}
