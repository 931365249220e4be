/* test/pummel/test-net-pingpong.js: PING/PONG rounds, then a last PING sent
 * with end(), on an allowHalfOpen server, over TCP on the default host,
 * 127.0.0.1 and ::1 (where the host has IPv6), each with its readyState
 * along the way: "open" while both talk, "writeOnly" at the server's `end`,
 * "readOnly" on the client after its end(), "closed" at `close`, and the
 * server's remoteAddress as the client's. Node's default-host test listens
 * on the default host and connects to localhost; here both are 127.0.0.1.
 * Size: Node's (1000 rounds each) in both modes: under 2 s in valgrind. */
#include "../common.h"

typedef struct {
  const char *host;
  cnet_server_t *server;
  int count;
  bool sent_final_ping;
} pingpong_t;

#define N 1000

static int tests_run;

static void on_server_data(const cnet_event_t *ev, void *ctx) {
  pingpong_t *t = ctx;
  cnet_socket_t *socket = ev->emitter;
  CHECK_STR(cnet_socket_ready_state(socket), "open");
  CHECK(t->count <= N);
  if (strstr(ev->u.data.bytes, "PING")) cnet_socket_write_string(socket, "PONG", NULL, NULL, NULL);
}
static void on_server_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CHECK_STR(cnet_socket_ready_state(ev->emitter), "writeOnly");
  cnet_socket_end(ev->emitter, NULL, NULL);
}
static void on_server_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CHECK(!ev->u.close.had_error);
  CHECK_STR(cnet_socket_ready_state(ev->emitter), "closed");
  cnet_server_close(cnet_socket_server(ev->emitter), NULL, NULL);
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  pingpong_t *t = ctx;
  cnet_socket_t *socket = ev->u.connection;
  const char *address = cnet_socket_remote_address(socket);
  CHECK(address != NULL);
  if (!strcmp(t->host, "::1"))
    CHECK_STR(address, "::1");
  else
    CHECK_STR(address, "127.0.0.1");
  CHECK_INT(cnet_socket_set_encoding(socket, "utf8"), 0);
  cnet_socket_set_no_delay(socket, true);
  cnet_on(socket, CNET_EV_DATA, on_server_data, t);
  cnet_on(socket, CNET_EV_END, on_server_end, t);
  cnet_on(socket, CNET_EV_CLOSE, on_server_close, t);
}

static void on_client_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CHECK_STR(cnet_socket_ready_state(ev->emitter), "open");
  cnet_socket_write_string(ev->emitter, "PING", NULL, NULL, NULL);
}
static void on_client_data(const cnet_event_t *ev, void *ctx) {
  pingpong_t *t = ctx;
  cnet_socket_t *client = ev->emitter;
  CHECK_STR(ev->u.data.bytes, "PONG");
  t->count += 1;
  if (t->sent_final_ping) {
    CHECK_STR(cnet_socket_ready_state(client), "readOnly");
    return;
  }
  CHECK_STR(cnet_socket_ready_state(client), "open");
  if (t->count < N) {
    cnet_socket_write_string(client, "PING", NULL, NULL, NULL);
  } else {
    t->sent_final_ping = true;
    cnet_socket_write_string(client, "PING", NULL, NULL, NULL);
    cnet_socket_end(client, NULL, NULL);
  }
}
static void on_client_close(const cnet_event_t *ev, void *ctx) {
  pingpong_t *t = ctx;
  (void)ev;
  CHECK_INT(t->count, N + 1);
  CHECK(t->sent_final_ping);
  tests_run += 1;
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  pingpong_t *t = ctx;
  (void)ev;
  cnet_socket_t *client = cnet_create_connection_port(NULL, node_port(t->server), t->host, NULL, NULL);
  CHECK_INT(cnet_socket_set_encoding(client, "utf8"), 0);
  cnet_on(client, CNET_EV_CONNECT, on_client_connect, t);
  cnet_on(client, CNET_EV_DATA, on_client_data, t);
  cnet_on(client, CNET_EV_CLOSE, on_client_close, t);
}

static void ping_pong_test(pingpong_t *t) {
  t->server = cnet_create_server(NULL, &(cnet_server_opts){.allow_half_open = true}, on_connection, t);
  CHECK_INT(cnet_server_listen_port(t->server, 0, t->host, on_listening, t), 0);
}

int main(void) {
  static pingpong_t tests[] = {{.host = "127.0.0.1"}, {.host = "127.0.0.1"}, {.host = "::1"}};
  bool has_ipv6 = node_has_ipv6();
  for (int i = 0; i < (has_ipv6 ? 3 : 2); i++) ping_pong_test(&tests[i]);
  int rc = node_test_run();
  CHECK_INT(tests_run, has_ipv6 ? 3 : 2);
  return rc;
}
