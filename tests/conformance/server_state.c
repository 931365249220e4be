/* C port of server_state.js */
#include <unistd.h>

#include "transports.h"

#define N_WHERE 4
static const char *const names[N_WHERE] = {"tcp4", "tcp6", "unix", "abstract"};
static char abstract[64];
static size_t abstract_len;
static int i;
static cnet_blocklist_t *bl;

static void run(void);

/* the port, then the family, or for a path whether it and its length are the ones listened on */
static void show(const char *when, cnet_server_t *srv) {
  cnet_address_t a;
  const char *path = NULL;
  size_t len = 0;
  int p = cnet_server_port(srv);
  printf("%s %s %s ", names[i], when, p == -1 ? "-1" : P(p));
  if (cnet_server_address(srv, &a, &path, &len) < 0) {
    T("null");
  } else if (path) {
    const char *want = i == 2 ? transport_path : abstract;
    size_t want_len = i == 2 ? strlen(transport_path) : abstract_len;
    T("path %s %s", B(len == want_len && memcmp(path, want, len) == 0), B(len == want_len));
  } else {
    T("%s", a.family);
  }
}

static void on_closed(cnet_server_t *srv, const cnet_error_t *err, void *ctx) {
  (void)err; (void)ctx;
  show("closed", srv);
  cnet_blocklist_free(bl);
  i++;
  run();
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  show("listening", ev->emitter);
  cnet_server_close(ev->emitter, on_closed, NULL);
}

static void run(void) {
  if (i == N_WHERE) {
    transports_done();
    return;
  }
  bl = cnet_blocklist_new();
  /* the even ones get a block list */
  cnet_server_t *srv = cnet_create_server(NULL, &(cnet_server_opts){.block_list = i % 2 == 0 ? bl : NULL},
                                          NULL, NULL);
  cnet_blocklist_t *got = cnet_server_block_list(srv);
  T("%s blockList %s", names[i], i % 2 == 0 ? B(got == bl) : got ? "set" : "undefined");
  show("before listen", srv);
  if (i < 2)
    cnet_server_listen_port(srv, 0, transport_hosts[i], on_listening, NULL);
  else if (i == 2)
    cnet_server_listen_path(srv, transport_path, on_listening, NULL);
  else
    cnet_server_listen(srv, &(cnet_listen_opts){.path = abstract, .path_len = abstract_len}, on_listening, NULL);
}

int main(void) {
  if (transports_init()) return 1;
  abstract_len = 1 + (size_t)snprintf(abstract + 1, sizeof abstract - 1, "cnet-state-%d", (int)getpid());
  run();
  return run_loop();
}
