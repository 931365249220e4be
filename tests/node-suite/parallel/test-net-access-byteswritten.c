/* test/parallel/test-net-access-byteswritten.js: reading bytesWritten of
 * something that is not a constructed socket does not crash. Node reads
 * the getter on the prototypes of net.Socket, tls.TLSSocket and the tty
 * streams (undefined); the C counterpart is the getter given NULL or a
 * pointer to another cnet object (a server), which answer 0. TLS and tty
 * streams are not part of cnet. A new socket's count is 0 too. */
#include "../common.h"

int main(void) {
  CHECK_INT(cnet_socket_bytes_written(NULL), 0);
  cnet_server_t *server = cnet_create_server(NULL, NULL, NULL, NULL);
  CHECK_INT(cnet_socket_bytes_written((const cnet_socket_t *)(void *)server), 0);
  cnet_server_close(server, NULL, NULL);
  cnet_socket_t *socket = cnet_socket_new(NULL, NULL);
  CHECK_INT(cnet_socket_bytes_written(socket), 0);
  cnet_socket_destroy(socket, NULL);
  return node_test_run();
}
