/* test/parallel/test-pipe-abstract-socket.js: listen() on a Linux abstract
 * name ("\0abstract") with readableAll, writableAll or both throws
 * ERR_INVALID_ARG_VALUE: "... can not set readableAll or writableAllt to
 * true when path is abstract unix socket" (Node's typo). Nothing listens. */
#include "../common.h"

static const char phrase[] =
    "can not set readableAll or writableAllt to true when path is abstract unix socket";

EXPECT_CALLS(on_connection, 0);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connection);
}

static void check_throws(bool readable_all, bool writable_all) {
  cnet_server_t *server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_listen_opts o = {.path = "\0abstract", .path_len = 9, .readable_all = readable_all,
                        .writable_all = writable_all};
  CHECK_INT(cnet_server_listen(server, &o, NULL, NULL), CNET_ERR_INVALID_ARG_VALUE);
  CHECK(strstr(cnet_last_error()->message, phrase) != NULL);
  CHECK(!cnet_server_listening(server));
  cnet_server_close(server, NULL, NULL);
}

int main(void) {
  check_throws(true, false);
  check_throws(false, true);
  check_throws(true, true);
  return node_test_run();
}
