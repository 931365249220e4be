/* test/parallel/test-net-persistent-ref-unref.js: unref() then ref() on a
 * socket before it connects leaves it ref'd once connected. Node's test
 * counts the handle's ref/unref calls; here the socket is the only thing
 * keeping the loop alive after its connect (the peer is a plain socket
 * outside the loop, accepted and closed from the connect listener), so the
 * loop must run on until the socket's `end`, which an unref'd socket would
 * never see. */
#include "../common.h"

static int listen_fd;

EXPECT_CALLS(on_connect, 1);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connect);
  int conn = accept(listen_fd, NULL, NULL); /* the connection is in the backlog */
  CHECK(conn >= 0);
  close(conn); /* the peer ends: the socket reads EOF, if the loop still runs */
}

EXPECT_CALLS(on_end, 1);
static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_end);
}

int main(void) {
  int port;
  listen_fd = node_reserve_port(&port);
  CHECK(listen(listen_fd, 1) == 0);
  cnet_socket_t *sock = cnet_socket_new(NULL, NULL);
  cnet_socket_unref(sock);
  cnet_socket_ref(sock);
  CHECK_INT(cnet_socket_connect_port(sock, port, "127.0.0.1", on_connect, NULL), 0);
  cnet_on(sock, CNET_EV_END, on_end, NULL);
  int rc = node_test_run();
  close(listen_fd);
  return rc;
}
