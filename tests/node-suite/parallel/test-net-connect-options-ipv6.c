/* test/parallel/test-net-connect-options-ipv6.js: connect with family 6
 * and a lookup: the lookup gets the hostname and family 6 and answers ::1;
 * the connection (allowHalfOpen on both sides) stays writable after the
 * server's FIN, and ends. Needs ::1, as Node's (common.hasIPv6).
 *
 * Node waits 10 ms (a timer) after `end` before its check; here it runs on
 * the tick after `end`. */
#include "../common.h"

#define HOSTNAME "dummy"

static cnet_server_t *server;

EXPECT_CALLS(on_server_end, 1);
static void on_server_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_server_end);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *socket = ev->u.connection;
  cnet_socket_resume(socket);
  cnet_on(socket, CNET_EV_END, on_server_end, NULL);
  cnet_socket_end(socket, NULL, NULL);
}

EXPECT_CALLS(lookup, 1);
static void lookup(const char *addr, const cnet_lookup_opts *opt, cnet_lookup_req_t *req,
                   void *ctx) {
  (void)ctx;
  CALLED(lookup);
  CHECK_STR(addr, HOSTNAME);
  CHECK_INT(opt->family, 6);
  cnet_lookup_done(req, NULL, &(cnet_lookup_address){"::1", opt->family}, 1);
}

static void after_end(void *ctx) {
  cnet_socket_t *client = ctx;
  CHECK(cnet_socket_writable(client));
  cnet_socket_end(client, NULL, NULL);
  cnet_socket_release(client);
}
static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_next_tick(NULL, after_end, cnet_socket_retain(ev->emitter));
}
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(server, NULL, NULL);
}
/* No mustCall in Node (the test could skip); its `close` is checked here. */
EXPECT_CALLS(on_connect, 1);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connect);
  cnet_socket_t *client = ev->emitter;
  cnet_socket_resume(client);
  cnet_on(client, CNET_EV_END, on_end, NULL);
  cnet_on(client, CNET_EV_CLOSE, on_close, NULL);
}

static void try_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CHECK(cnet_connect(NULL,
                     &(cnet_connect_opts){.host = HOSTNAME, .port = node_port(server), .family = 6,
                                          .allow_half_open = true, .lookup = lookup},
                     on_connect, NULL) != NULL);
}

int main(void) {
  if (!node_has_ipv6()) {
    printf("SKIP: no IPv6 (::1) on this machine, as Node's common.hasIPv6\n");
    return 77;
  }
  server = cnet_create_server(NULL, &(cnet_server_opts){.allow_half_open = true}, on_connection,
                              NULL);
  CHECK(cnet_server_listen_port(server, 0, "::1", try_connect, NULL) == 0);
  return node_test_run();
}
