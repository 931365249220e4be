/* C port of connect_blocklist.js */
#include "connect_trace.h"

static cnet_server_t *server;
static int port;
static cnet_blocklist_t *v6, *both;

#define LIST(...) ((const cnet_lookup_address[]){__VA_ARGS__, {NULL, 0}})
#define SYNC(...) (&(crafted_t){.list = LIST(__VA_ARGS__), .delay = -1})

static void next(void);
static void run(const char *name, cnet_blocklist_t *bl, cnet_connect_opts o) {
  connect_crafted(name, (cnet_socket_opts){.block_list = bl}, o, next);
}

static void done(cnet_server_t *srv, const cnet_error_t *err, void *ctx) {
  server_closed(srv, err, ctx);
  cnet_blocklist_free(v6);
  cnet_blocklist_free(both);
}

static void next(void) {
  static int step;
  switch (step++) {
    case 0: run("first-blocked", v6, (cnet_connect_opts){.lookup_ctx = SYNC({"::1", 6}, {"127.0.0.1", 4})}); break;
    case 1: run("all-blocked", both, (cnet_connect_opts){.lookup_ctx = SYNC({"127.0.0.1", 4}, {"::1", 6})}); break;
    case 2:
      run("single-blocked", both, (cnet_connect_opts){.auto_select_family = CNET_FALSE,
                                                      .lookup_ctx = SYNC({"127.0.0.1", 4})});
      break;
    case 3: run("literal-blocked", both, (cnet_connect_opts){.host = "127.0.0.1"}); break;
    default: cnet_server_close(server, done, NULL);
  }
}

int main(void) {
  v6 = cnet_blocklist_new();
  cnet_blocklist_add_address(v6, "::1", "ipv6");
  both = cnet_blocklist_new();
  cnet_blocklist_add_address(both, "::1", "ipv6");
  cnet_blocklist_add_subnet(both, "127.0.0.0", 8, NULL);
  start_ending_server(&server, &port, next);
  return run_loop();
}
