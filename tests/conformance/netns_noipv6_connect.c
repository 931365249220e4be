/* C port of netns_noipv6_connect.js (run through tests/netns/run with
 * CNET_NETNS_NO_IPV6=1). */
#include "connect_trace.h"

static cnet_server_t *server;
static int port;

static const cnet_lookup_address v6_v4[] = {{"::1", 6}, {"127.0.0.1", 4}, {NULL, 0}};
static const cnet_lookup_address v6_v4_refused[] = {{"::1", 6}, {"127.0.0.2", 4}, {NULL, 0}};
static const crafted_t multi = {v6_v4, 1, NULL}, all_fail = {v6_v4_refused, 1, NULL};

static void next(void) {
  static int step;
  switch (step++) {
    case 0:
      connect_crafted("single", (cnet_socket_opts){0},
                      (cnet_connect_opts){.host = "::1", .auto_select_family = CNET_FALSE}, next);
      break;
    case 1: connect_crafted("multi", (cnet_socket_opts){0}, (cnet_connect_opts){.lookup_ctx = (void *)&multi}, next); break;
    case 2:
      connect_crafted("all-fail", (cnet_socket_opts){0},
                      (cnet_connect_opts){.lookup_ctx = (void *)&all_fail}, next);
      break;
    default: cnet_server_close(server, server_closed, NULL);
  }
}

int main(void) {
  start_ending_server(&server, &port, next);
  return run_loop();
}
