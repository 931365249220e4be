/* test/parallel/test-net-connect-keepalive.js: the keepAlive and
 * keepAliveInitialDelay options of net.connect() reach the connected
 * socket: with keepAlive, keep-alive is on with the delay in whole seconds
 * (123 ms and negative delays are 0 s, which leaves the system's idle time);
 * without it, keep-alive is never set.
 *
 * Node replaces socket._handle.setKeepAlive to see its arguments; here the
 * connected descriptor's SO_KEEPALIVE and TCP_KEEPIDLE are read at
 * `connect`. JS truthy and falsy values (1, 'true', {}, [], 0, '') are C's
 * true and false. */
#include "../common.h"

#include <netinet/tcp.h>

typedef struct {
  bool keep_alive;
  int64_t delay_ms;
  int idle_s; /* 0: the system's default idle time */
  cnet_server_t *server;
} case_t;

static case_t cases[] = {
    {true, 123, 0, NULL},     {true, 456123, 456, NULL}, {true, -123000, 0, NULL},
    {true, 0, 0, NULL}, /* undefined */
    {false, 0, 0, NULL},
};
#define NCASES (int)(sizeof cases / sizeof cases[0])

static int getopt_int(int fd, int level, int name) {
  int v = -1;
  socklen_t len = sizeof v;
  CHECK(getsockopt(fd, level, name, &v, &len) == 0);
  return v;
}

static int default_idle(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(fd >= 0);
  int v = getopt_int(fd, IPPROTO_TCP, TCP_KEEPIDLE);
  close(fd);
  return v;
}

EXPECT_CALLS(on_connect, NCASES);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  case_t *c = ctx;
  CALLED(on_connect);
  int fd = node_tcp_fd(cnet_socket_local_port(ev->emitter), cnet_socket_remote_port(ev->emitter));
  CHECK(fd >= 0);
  CHECK_INT(getopt_int(fd, SOL_SOCKET, SO_KEEPALIVE) != 0, c->keep_alive);
  if (c->keep_alive)
    CHECK_INT(getopt_int(fd, IPPROTO_TCP, TCP_KEEPIDLE), c->idle_s ? c->idle_s : default_idle());
  cnet_socket_end(ev->emitter, NULL, NULL);
}
EXPECT_CALLS(on_end, NCASES);
static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  case_t *c = ctx;
  CALLED(on_end);
  cnet_server_close(c->server, NULL, NULL);
}
EXPECT_CALLS(on_listening, NCASES);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  case_t *c = ctx;
  CALLED(on_listening);
  cnet_socket_t *client = cnet_connect(
      NULL,
      &(cnet_connect_opts){.port = node_port(c->server), .host = "127.0.0.1",
                           .keep_alive = c->keep_alive, .keep_alive_initial_delay = c->delay_ms},
      on_connect, c);
  CHECK(client != NULL);
  cnet_on(client, CNET_EV_END, on_end, c);
}

int main(void) {
  for (int i = 0; i < NCASES; i++) {
    cases[i].server = cnet_create_server(NULL, NULL, NULL, NULL);
    node_listen_local(cases[i].server, on_listening, &cases[i]);
  }
  return node_test_run();
}
