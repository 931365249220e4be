/* test/parallel/test-net-listen-invalid-port.js: a port outside 0..65535
 * makes listen() throw ERR_SOCKET_BAD_PORT (a RangeError), whether given
 * in the options, alone, or with a host, and no `listening` follows. Node's
 * port is -1 >>> 0 (4294967295), which a C int holds as -1. The first
 * part's _connectionKey is internal; its observable part is the address. */
#include "../common.h"

EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_listening);
  cnet_address_t a;
  CHECK_INT(cnet_server_address(ev->emitter, &a, NULL, NULL), 0);
  CHECK_STR(a.family, "IPv4");
  CHECK_STR(a.address, "127.0.0.1");
  cnet_server_close(ev->emitter, NULL, NULL);
}

EXPECT_CALLS(must_not_listen, 0);
static void must_not_listen(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(must_not_listen);
}

static void check_bad_port(int rc) {
  CHECK_INT(rc, CNET_ERR_SOCKET_BAD_PORT);
  CHECK_STR(cnet_err_name(rc), "ERR_SOCKET_BAD_PORT");
  CHECK_STR(cnet_last_error()->name, "RangeError");
  CHECK_STR(cnet_last_error()->message,
            "options.port should be >= 0 and < 65536. Received type number (-1).");
}

int main(void) {
  const int invalid_port = -1;
  node_listen_local(cnet_create_server(NULL, NULL, NULL, NULL), on_listening, NULL);

  cnet_server_t *s1 = cnet_create_server(NULL, NULL, NULL, NULL);
  check_bad_port(cnet_server_listen(s1, &(cnet_listen_opts){.port = invalid_port}, must_not_listen, NULL));
  cnet_server_t *s2 = cnet_create_server(NULL, NULL, NULL, NULL);
  check_bad_port(cnet_server_listen_port(s2, invalid_port, NULL, must_not_listen, NULL));
  cnet_server_t *s3 = cnet_create_server(NULL, NULL, NULL, NULL);
  check_bad_port(cnet_server_listen_port(s3, invalid_port, "0.0.0.0", must_not_listen, NULL));
  /* Servers that never listened are closed to be freed (Node's GC). */
  cnet_server_close(s1, NULL, NULL);
  cnet_server_close(s2, NULL, NULL);
  cnet_server_close(s3, NULL, NULL);
  return node_test_run();
}
