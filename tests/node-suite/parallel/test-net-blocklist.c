/* test/parallel/test-net-blocklist.js: a connect to an address that the
 * blockList option blocks fails with ERR_IP_BLOCKED, for an IP host, for a
 * lookup answering one address (autoSelectFamily off), and for a lookup
 * answering one or two addresses with autoSelectFamily on. Nothing is sent:
 * every address is blocked before a connect. */
#include "../common.h"

static cnet_blocklist_t *block_list;

EXPECT_CALLS(check, 4);
static void check(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(check);
  CHECK_ERR_CODE(ev->u.error, "ERR_IP_BLOCKED");
}

static const cnet_lookup_address one[] = {{"127.0.0.1", 4}};
static const cnet_lookup_address two[] = {{"127.0.0.1", 4}, {"127.0.0.2", 4}};
static void lookup_one(const char *h, const cnet_lookup_opts *o, cnet_lookup_req_t *req, void *c) {
  (void)h; (void)o; (void)c;
  cnet_lookup_done(req, NULL, one, 1);
}
static void lookup_two(const char *h, const cnet_lookup_opts *o, cnet_lookup_req_t *req, void *c) {
  (void)h; (void)o; (void)c;
  cnet_lookup_done(req, NULL, two, 2);
}

static void connect_blocked(cnet_connect_opts opts) {
  opts.port = 9999;
  opts.block_list = block_list;
  cnet_socket_t *socket = cnet_connect(NULL, &opts, NULL, NULL);
  CHECK(socket != NULL);
  cnet_on(socket, CNET_EV_ERROR, check, NULL);
}

int main(void) {
  block_list = cnet_blocklist_new();
  CHECK(cnet_blocklist_add_address(block_list, "127.0.0.1", NULL) == 0);
  CHECK(cnet_blocklist_add_address(block_list, "127.0.0.2", NULL) == 0);

  connect_blocked((cnet_connect_opts){.host = "127.0.0.1"});
  connect_blocked((cnet_connect_opts){.host = "localhost", .lookup = lookup_one,
                                      .auto_select_family = CNET_FALSE});
  connect_blocked((cnet_connect_opts){.host = "localhost", .lookup = lookup_one,
                                      .auto_select_family = CNET_TRUE});
  connect_blocked((cnet_connect_opts){.host = "localhost", .lookup = lookup_two,
                                      .auto_select_family = CNET_TRUE});
  int rc = node_test_run();
  cnet_blocklist_free(block_list);
  return rc;
}
