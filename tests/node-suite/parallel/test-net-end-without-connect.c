/* test/parallel/test-net-end-without-connect.js: end() on a socket that never
 * connected calls its callback (with no error, as Node's finish), and the
 * socket is no longer writable then. */
#include "../common.h"

static cnet_socket_t *sock;

EXPECT_CALLS(on_end, 1);
static void on_end(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  (void)ctx;
  CALLED(on_end);
  CHECK(s == sock);
  CHECK(err == NULL);
  CHECK(!cnet_socket_writable(sock));
  CHECK(!cnet_socket_destroyed(sock));
  /* Node leaves the socket to the garbage collector; in C it is destroyed. */
  cnet_socket_destroy(sock, NULL);
}

int main(void) {
  sock = cnet_socket_new(NULL, NULL);
  CHECK(sock != NULL);
  CHECK_INT(cnet_socket_end(sock, on_end, NULL), 0);
  return node_test_run();
}
