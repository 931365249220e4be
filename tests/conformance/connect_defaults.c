/* C port of connect_defaults.js */
#include <inttypes.h>

#include "connect_trace.h"

static cnet_server_t *server;
static int port;

static const cnet_lookup_address v6_v4[] = {{"::1", 6}, {"127.0.0.1", 4}, {NULL, 0}};
static const crafted_t both = {v6_v4, -1, NULL};

static void next(void);

static void run(const char *name, cnet_connect_opts o) {
  o.lookup_ctx = (void *)&both;
  connect_crafted(name, (cnet_socket_opts){0}, o, next);
}

static void set_timeout_default(int64_t v) {
  if (cnet_set_default_auto_select_family_attempt_timeout(v) == 0) {
    T("set %" PRId64 " ok %d", v, cnet_get_default_auto_select_family_attempt_timeout());
  } else {
    const cnet_error_t *e = cnet_last_error();
    T("set %" PRId64 " throws %s %s %s", v, e->name, e->code, e->message);
  }
}

static void next(void) {
  static int step;
  switch (step++) {
    case 0:
      cnet_set_default_auto_select_family(false);
      T("family default %s", B(cnet_get_default_auto_select_family()));
      next();
      break;
    case 1: run("default-off", (cnet_connect_opts){0}); break;
    case 2:
      run("override-on", (cnet_connect_opts){.auto_select_family = CNET_TRUE,
                                             .auto_select_family_attempt_timeout = 5000});
      break;
    case 3:
      cnet_set_default_auto_select_family(true);
      T("family default %s", B(cnet_get_default_auto_select_family()));
      next();
      break;
    case 4: run("default-on", (cnet_connect_opts){0}); break;
    case 5: run("override-off", (cnet_connect_opts){.auto_select_family = CNET_FALSE}); break;
    default: cnet_server_close(server, server_closed, NULL);
  }
}

int main(void) {
  T("defaults %s %d", B(cnet_get_default_auto_select_family()),
    cnet_get_default_auto_select_family_attempt_timeout());
  static const int64_t values[] = {5, 10, 1, 1234, 2147483647, 0, -1, INT64_C(1) << 31,
                                   INT64_C(1) << 33, -(INT64_C(1) << 33)};
  for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) set_timeout_default(values[i]);
  T("timeout now %d", cnet_get_default_auto_select_family_attempt_timeout());
  cnet_set_default_auto_select_family_attempt_timeout(250);
  start_ending_server(&server, &port, next);
  return run_loop();
}
