/* test/parallel/test-net-listen-handle-in-cluster-2.js: a cluster worker
 * listens on a TCP handle it bound itself (not through the primary), and
 * its `listening` callback runs. The cluster part has no C form; the
 * observable part is listen(handle) on a socket bound to port 0 and not yet
 * listening (bound to 127.0.0.1 here, Node's to 0.0.0.0). */
#include <arpa/inet.h>

#include "../common.h"

EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_listening);
  CHECK(node_port(ev->emitter) > 0);
  cnet_server_close(ev->emitter, NULL, NULL);
}

int main(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(fd >= 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  CHECK_INT(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
  cnet_server_t *server = cnet_create_server(NULL, NULL, NULL, NULL);
  /* The server takes the descriptor: it closes it when it closes. */
  CHECK_INT(cnet_server_listen(server, &(cnet_listen_opts){.has_fd = true, .fd = fd}, on_listening,
                               NULL),
            0);
  return node_test_run();
}
