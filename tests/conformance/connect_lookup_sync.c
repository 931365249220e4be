/* C port of connect_lookup_sync.js */
#include "connect_trace.h"

static cnet_server_t *server;
static int port;

#define LIST(...) ((const cnet_lookup_address[]){__VA_ARGS__, {NULL, 0}})
#define SYNC(...) (&(crafted_t){.list = LIST(__VA_ARGS__), .delay = -1})

static void next(void);

static void run(const char *name, cnet_connect_opts o) {
  cnet_socket_t *s = connect_crafted(name, (cnet_socket_opts){0}, o, next);
  T("%s connect returned %s %s", name, B(cnet_socket_connecting(s)), cnet_socket_ready_state(s));
}

static void next(void) {
  static int step;
  switch (step++) {
    case 0: run("v6-first", (cnet_connect_opts){.lookup_ctx = SYNC({"::1", 6}, {"127.0.0.1", 4})}); break;
    case 1: run("v4-first", (cnet_connect_opts){.lookup_ctx = SYNC({"127.0.0.1", 4}, {"::1", 6})}); break;
    case 2:
      run("order", (cnet_connect_opts){.lookup_ctx = SYNC({"127.0.0.2", 4}, {"127.0.0.3", 4}, {"::1", 6},
                                                          {"127.0.0.2", 4}, {"127.0.0.4", 4}, {"::1", 6})});
      break;
    case 3: run("dedup-single", (cnet_connect_opts){.lookup_ctx = SYNC({"127.0.0.1", 4}, {"127.0.0.1", 4})}); break;
    case 4:
      run("no-autoselect", (cnet_connect_opts){.auto_select_family = CNET_FALSE,
                                               .lookup_ctx = SYNC({"::1", 6}, {"127.0.0.1", 4})});
      break;
    case 5: run("family4", (cnet_connect_opts){.family = 4, .lookup_ctx = SYNC({"127.0.0.1", 4})}); break;
    case 6: run("family6", (cnet_connect_opts){.family = 6, .lookup_ctx = SYNC({"::1", 6})}); break;
    case 7: run("hints", (cnet_connect_opts){.hints = 1024, .lookup_ctx = SYNC({"127.0.0.2", 4}, {"::1", 6})}); break;
    case 8:
      run("local-address", (cnet_connect_opts){.local_address = "127.0.0.1",
                                               .lookup_ctx = SYNC({"127.0.0.1", 4}, {"::1", 6})});
      break;
    case 9: run("bad-ip", (cnet_connect_opts){.lookup_ctx = SYNC({"not-an-ip", 4})}); break;
    case 10: run("bad-family", (cnet_connect_opts){.lookup_ctx = SYNC({"127.0.0.1", 5})}); break;
    case 11:
      run("bad-ip-single", (cnet_connect_opts){.auto_select_family = CNET_FALSE,
                                               .lookup_ctx = SYNC({"not-an-ip", 4})});
      break;
    case 12:
      run("skip-bad", (cnet_connect_opts){.lookup_ctx = SYNC({"nope", 4}, {"::1", 6}, {"127.0.0.1", 5},
                                                             {"127.0.0.2", 4})});
      break;
    default: cnet_server_close(server, server_closed, NULL);
  }
}

int main(void) {
  start_ending_server(&server, &port, next);
  return run_loop();
}
