/* C port of connect_lookup_async.js */
#include "connect_trace.h"

static cnet_server_t *server;
static int port;

/* The lookup answers after next() returned: its lists live as long as the program. */
static const cnet_lookup_address v6_v4[] = {{"::1", 6}, {"127.0.0.1", 4}, {NULL, 0}};
static const cnet_lookup_address v6_v4_refused[] = {{"::1", 6}, {"127.0.0.2", 4}, {NULL, 0}};
static const cnet_lookup_address v4[] = {{"127.0.0.1", 4}, {NULL, 0}};
static const cnet_lookup_address v4_refused[] = {{"127.0.0.2", 4}, {NULL, 0}};
static const crafted_t multi = {v6_v4, 1, NULL}, multi_refused = {v6_v4_refused, 1, NULL},
                       single = {v4, 1, NULL}, single_refused = {v4_refused, 1, NULL};

static void next(void);

static void run(const char *name, cnet_connect_opts o) {
  cnet_socket_t *s = connect_crafted(name, (cnet_socket_opts){0}, o, next);
  T("%s connect returned %s %s", name, B(cnet_socket_connecting(s)), cnet_socket_ready_state(s));
}

static void next(void) {
  static int step;
  switch (step++) {
    case 0: run("multi", (cnet_connect_opts){.lookup_ctx = (void *)&multi}); break;
    case 1: run("multi-refused", (cnet_connect_opts){.lookup_ctx = (void *)&multi_refused}); break;
    case 2:
      run("single", (cnet_connect_opts){.auto_select_family = CNET_FALSE, .lookup_ctx = (void *)&single});
      break;
    case 3:
      run("single-refused", (cnet_connect_opts){.auto_select_family = CNET_FALSE,
                                                .lookup_ctx = (void *)&single_refused});
      break;
    default: cnet_server_close(server, server_closed, NULL);
  }
}

int main(void) {
  start_ending_server(&server, &port, next);
  return run_loop();
}
