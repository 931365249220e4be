/* C port of connect_lookup_error.js */
#include "connect_trace.h"

static cnet_server_t *server;
static int port;
static char bad_name[80];

/* A caller's own error struct, as a lookup function would make it. */
static const cnet_error_t lookup_error = {
  .name = "Error", .code = "ENOTFOUND", .port = -1, .message = "getaddrinfo ENOTFOUND x.test"};
static const crafted_t fail_sync = {NULL, -1, &lookup_error}, fail_later = {NULL, 1, &lookup_error};

static void next(void);

static void run(const char *name, cnet_connect_opts o) {
  cnet_socket_t *s = connect_crafted(name, (cnet_socket_opts){0}, o, next);
  T("%s connect returned %s %s", name, B(cnet_socket_connecting(s)), cnet_socket_ready_state(s));
}

static void next(void) {
  static int step;
  switch (step++) {
    case 0: run("system-multi", (cnet_connect_opts){.host = bad_name}); break;
    case 1: run("system-single", (cnet_connect_opts){.host = bad_name, .auto_select_family = CNET_FALSE}); break;
    case 2: run("caller-multi-sync", (cnet_connect_opts){.lookup_ctx = (void *)&fail_sync}); break;
    case 3: run("caller-multi-later", (cnet_connect_opts){.lookup_ctx = (void *)&fail_later}); break;
    case 4:
      run("caller-single-sync", (cnet_connect_opts){.auto_select_family = CNET_FALSE,
                                                    .lookup_ctx = (void *)&fail_sync});
      break;
    case 5:
      run("caller-single-later", (cnet_connect_opts){.auto_select_family = CNET_FALSE,
                                                     .lookup_ctx = (void *)&fail_later});
      break;
    case 6: run("ip4-refused", (cnet_connect_opts){.host = "127.0.0.2"}); break;
    case 7: run("ip6-refused", (cnet_connect_opts){.host = "::1"}); break;
    case 8: run("ip4-ok", (cnet_connect_opts){.host = "127.0.0.1"}); break;
    default: cnet_server_close(server, server_closed, NULL);
  }
}

int main(void) {
  memset(bad_name, 'a', 64);
  strcpy(bad_name + 64, ".invalid");
  start_ending_server(&server, &port, next);
  return run_loop();
}
