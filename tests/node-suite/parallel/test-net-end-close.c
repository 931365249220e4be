/* test/parallel/test-net-end-close.js: a socket that is not writable and
 * reads EOF emits `end`, then `close`. Node's test hands the Socket a fake
 * handle (internalBinding) whose first read is EOF; here the socket wraps
 * one end of a socketpair (fd option, writable false) whose peer is closed
 * before the socket reads. */
#include "../common.h"

static char events[64];

static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  strcat(events, "end ");
}
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  strcat(events, "close ");
}

int main(void) {
  int sv[2];
  CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
  close(sv[1]); /* the peer is gone: the first read is EOF */
  cnet_socket_t *s = cnet_socket_new(
      NULL, &(cnet_socket_opts){.has_fd = true, .fd = sv[0], .writable = CNET_FALSE});
  CHECK(s != NULL);
  cnet_socket_resume(s);
  cnet_on(s, CNET_EV_END, on_end, NULL);
  cnet_on(s, CNET_EV_CLOSE, on_close, NULL);
  int rc = node_test_run();
  CHECK_STR(events, "end close ");
  return rc;
}
