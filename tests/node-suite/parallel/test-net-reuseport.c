/* test/parallel/test-net-reuseport.js: two servers listen on one port with
 * reusePort, over IPv4 and over IPv6 (where the host has it). Node's IPv6
 * case listens on "::"; here on ::1, as tests stay on loopback. Skipped
 * where the platform refuses reusePort (Node's checkSupportReusePort). */
#include "../common.h"

typedef struct {
  const char *host;
  cnet_server_t *server1, *server2;
} pair_t;

EXPECT_CALLS(on_listening2, 2);
static void on_listening2(const cnet_event_t *ev, void *ctx) {
  pair_t *p = ctx;
  (void)ev;
  CALLED(on_listening2);
  CHECK_INT(node_port(p->server2), node_port(p->server1));
  cnet_server_close(p->server1, NULL, NULL);
  cnet_server_close(p->server2, NULL, NULL);
}

EXPECT_CALLS(on_listening1, 2);
static void on_listening1(const cnet_event_t *ev, void *ctx) {
  pair_t *p = ctx;
  (void)ev;
  CALLED(on_listening1);
  cnet_listen_opts o = {.host = p->host, .port = node_port(p->server1), .reuse_port = true};
  CHECK_INT(cnet_server_listen(p->server2, &o, on_listening2, p), 0);
}

static void test(pair_t *p) {
  p->server1 = cnet_create_server(NULL, NULL, NULL, NULL);
  p->server2 = cnet_create_server(NULL, NULL, NULL, NULL);
  cnet_listen_opts o = {.host = p->host, .port = 0, .reuse_port = true};
  CHECK_INT(cnet_server_listen(p->server1, &o, on_listening1, p), 0);
}

/* checkSupportReusePort: does a reusePort listen succeed here? */
static int support = -1;
static void probe_listening(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  support = 1;
  cnet_server_close(ev->emitter, NULL, NULL);
}
static void probe_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  printf("The `reusePort` option is not supported: %s\n", ev->u.error->message);
  support = 0;
  cnet_server_close(ev->emitter, NULL, NULL);
}

static pair_t v4 = {"127.0.0.1", NULL, NULL}, v6 = {"::1", NULL, NULL};

int main(void) {
  cnet_server_t *probe = cnet_create_server(NULL, NULL, NULL, NULL);
  cnet_on(probe, CNET_EV_ERROR, probe_error, NULL);
  CHECK_INT(cnet_server_listen(probe, &(cnet_listen_opts){.host = "127.0.0.1", .reuse_port = true},
                               probe_listening, NULL),
            0);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  if (support != 1) {
    printf("SKIP: the `reusePort` option is not supported\n");
    return 77;
  }
  test(&v4);
  if (node_has_ipv6()) {
    test(&v6);
  } else {
    printf("no IPv6: the IPv6 case is left out\n");
    EXPECT_CALLS_NOW(on_listening1, 1);
    EXPECT_CALLS_NOW(on_listening2, 1);
  }
  return node_test_run();
}
