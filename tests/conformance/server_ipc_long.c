/* C port of server_ipc_long.js */
#include "server_trace.h"

static char name[110];

static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("long listening %s %s", B(cnet_server_listening(ev->emitter)), B(strcmp(ev->u.error->address, name) == 0));
  cnet_server_close(ev->emitter, NULL, NULL);
}

int main(void) {
  memset(name, 'l', 109);
  cnet_server_t *s = watch_server(cnet_create_server(NULL, NULL, NULL, NULL), "long");
  cnet_on(s, CNET_EV_ERROR, on_error, NULL);
  cnet_server_listen_path(s, name, NULL, NULL);
  return run_loop();
}
