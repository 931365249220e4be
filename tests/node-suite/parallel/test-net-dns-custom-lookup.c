/* test/parallel/test-net-dns-custom-lookup.js: a custom `lookup` that
 * answers on the next tick is used for the connect (IPv4, then IPv6 where
 * the host has it), and `lookup` is emitted with its answer; an answer with
 * no address fails the connect with ERR_INVALID_IP_ADDRESS. */
#include "../common.h"

typedef struct {
  int family;          /* 4 or 6 */
  const char *address; /* what the server listens on and the lookup answers */
  cnet_server_t *server;
  void (*done)(void);
} check_t;

typedef struct {
  check_t *chk;
  cnet_lookup_req_t *req;
} pending_t;

static void answer_nt(void *ctx) {
  pending_t *p = ctx;
  /* One address, with `all` or without: C has one answer shape for both. */
  cnet_lookup_address a = {.address = p->chk->address, .family = p->chk->family};
  cnet_lookup_done(p->req, NULL, &a, 1);
  free(p);
}

static void lookup(const char *host, const cnet_lookup_opts *opts, cnet_lookup_req_t *req,
                   void *ctx) {
  (void)opts;
  CHECK_STR(host, "localhost");
  pending_t *p = malloc(sizeof *p);
  *p = (pending_t){ctx, req};
  cnet_next_tick(NULL, answer_nt, p);
}

EXPECT_CALLS(on_lookup, 2);
static void on_lookup(const cnet_event_t *ev, void *ctx) {
  check_t *chk = ctx;
  CALLED(on_lookup);
  CHECK(ev->u.lookup.err == NULL);
  CHECK_STR(ev->u.lookup.address, chk->address);
  CHECK_INT(ev->u.lookup.family, chk->family);
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  check_t *chk = ctx;
  cnet_socket_end(ev->u.connection, NULL, NULL);
  cnet_server_close(chk->server, NULL, NULL);
  if (chk->done) chk->done();
}

EXPECT_CALLS(on_listening, 2);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  check_t *chk = ctx;
  (void)ev;
  CALLED(on_listening);
  cnet_connect_opts o = {.port = node_port(chk->server),
                         .host = "localhost",
                         .family = chk->family,
                         .lookup = lookup,
                         .lookup_ctx = chk};
  cnet_socket_t *s = cnet_connect(NULL, &o, NULL, NULL);
  CHECK(s != NULL);
  cnet_on(s, CNET_EV_LOOKUP, on_lookup, chk);
}

static void check(check_t *chk) {
  chk->server = cnet_create_server(NULL, NULL, on_connection, chk);
  CHECK_INT(cnet_server_listen_port(chk->server, 0, chk->address, on_listening, chk), 0);
}

static check_t v4 = {4, "127.0.0.1", NULL, NULL};
static check_t v6 = {6, "::1", NULL, NULL};
static void then_v6(void) {
  if (node_has_ipv6()) check(&v6);
}

/* A lookup whose answer has no address (Node: undefined). */
static void lookup_undefined(const char *host, const cnet_lookup_opts *opts,
                             cnet_lookup_req_t *req, void *ctx) {
  (void)host; (void)opts; (void)ctx;
  cnet_lookup_done(req, NULL, &(cnet_lookup_address){.address = NULL, .family = 4}, 1);
}

EXPECT_CALLS(on_invalid_error, 1);
static void on_invalid_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_invalid_error);
  CHECK_ERR_CODE(ev->u.error, "ERR_INVALID_IP_ADDRESS");
}

int main(void) {
  if (!node_has_ipv6()) {
    printf("no IPv6: the IPv6 check is left out\n");
    EXPECT_CALLS_NOW(on_listening, 1);
    EXPECT_CALLS_NOW(on_lookup, 1);
  }
  v4.done = then_v6;
  check(&v4);

  cnet_socket_t *s = cnet_connect(
      NULL, &(cnet_connect_opts){.host = "localhost", .port = 80, .lookup = lookup_undefined},
      NULL, NULL);
  CHECK(s != NULL);
  cnet_on(s, CNET_EV_ERROR, on_invalid_error, NULL);
  return node_test_run();
}
