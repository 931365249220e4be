/* test/parallel/test-net-dns-lookup.js: connecting to "localhost" emits
 * `lookup` (at least once: once per address when autoSelectFamily looks up
 * them all) with no error, 127.0.0.1 or ::1, family 4 or 6, and the host.
 * How this machine resolves localhost is not the test's business: a custom
 * lookup answers as a hosts file with both addresses would, and the server
 * listens on 127.0.0.1 (Node's listens on the default host). */
#include "../common.h"

static cnet_server_t *server;

typedef struct {
  cnet_lookup_req_t *req;
  bool all;
} pending_t;

static void answer(void *ctx) {
  pending_t *p = ctx;
  cnet_lookup_address both[] = {{"127.0.0.1", 4}, {"::1", 6}};
  cnet_lookup_done(p->req, NULL, both, p->all ? 2 : 1);
  free(p);
}

/* Answers later, as dns.lookup does (an answer given inside connect() comes
 * before anyone could listen for `lookup`, in Node as in cnet). */
static void lookup(const char *host, const cnet_lookup_opts *opts, cnet_lookup_req_t *req,
                   void *ctx) {
  (void)ctx;
  CHECK_STR(host, "localhost");
  pending_t *p = malloc(sizeof *p);
  *p = (pending_t){req, opts->all};
  cnet_set_immediate(NULL, answer, p);
}

EXPECT_CALLS_AT_LEAST(on_lookup, 1);
static void on_lookup(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_lookup);
  CHECK(ev->u.lookup.err == NULL);
  const char *ip = ev->u.lookup.address;
  CHECK(ip && (!strcmp(ip, "127.0.0.1") || !strcmp(ip, "::1")));
  CHECK(ev->u.lookup.family == 4 || ev->u.lookup.family == 6);
  CHECK_STR(ev->u.lookup.host, "localhost");
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end(ev->u.connection, NULL, NULL);
  cnet_server_close(server, NULL, NULL);
}

EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  cnet_connect_opts o = {.port = node_port(server), .host = "localhost", .lookup = lookup};
  cnet_socket_t *s = cnet_connect(NULL, &o, NULL, NULL);
  cnet_on(s, CNET_EV_LOOKUP, on_lookup, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
