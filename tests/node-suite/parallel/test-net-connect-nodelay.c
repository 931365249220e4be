/* test/parallel/test-net-connect-nodelay.js: the noDelay option of
 * net.connect() reaches the connected socket: TCP_NODELAY is on with it,
 * and never set without it.
 *
 * Node replaces socket._handle.setNoDelay to see its calls; here the
 * connected descriptor's TCP_NODELAY is read at `connect`. JS truthy and
 * falsy values (1, 'true', {}, [], 0, '') are C's true and false. */
#include "../common.h"

#include <netinet/tcp.h>

typedef struct {
  bool no_delay;
  cnet_server_t *server;
} case_t;

static case_t cases[] = {{true, NULL}, {false, NULL}};
#define NCASES (int)(sizeof cases / sizeof cases[0])

EXPECT_CALLS(on_connect, NCASES);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  case_t *c = ctx;
  CALLED(on_connect);
  int fd = node_tcp_fd(cnet_socket_local_port(ev->emitter), cnet_socket_remote_port(ev->emitter));
  int v = -1;
  socklen_t len = sizeof v;
  CHECK(fd >= 0);
  CHECK(getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, &len) == 0);
  CHECK_INT(v != 0, c->no_delay);
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
                           .no_delay = c->no_delay},
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
