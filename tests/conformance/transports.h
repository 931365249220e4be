/* The transports the sock_* cases run over, as their .js scripts do:
 * TCP on 127.0.0.1, TCP on ::1, and a Unix socket in a temporary folder. */
#ifndef CNET_TRANSPORTS_H
#define CNET_TRANSPORTS_H

#include <stdlib.h>
#include <unistd.h>

#include "trace.h"

#define N_TRANSPORTS 3
static const char *const transport_names[N_TRANSPORTS] = {"tcp4", "tcp6", "unix"};
static const char *const transport_hosts[N_TRANSPORTS] = {"127.0.0.1", "::1", NULL};
static char transport_dir[] = "/tmp/cnet-XXXXXX";
static char transport_path[64];

static inline int transports_init(void) {
  if (!mkdtemp(transport_dir)) return -1;
  snprintf(transport_path, sizeof transport_path, "%s/s", transport_dir);
  return 0;
}

static inline void transports_done(void) { rmdir(transport_dir); }

/* server.listen(0, host) or server.listen(path) */
static inline void transport_listen(cnet_server_t *srv, int t, cnet_listener_fn on_listening) {
  if (transport_hosts[t])
    cnet_server_listen_port(srv, 0, transport_hosts[t], on_listening, NULL);
  else
    cnet_server_listen_path(srv, transport_path, on_listening, NULL);
}

/* The connect options that reach srv listening on transport t. */
static inline cnet_connect_opts transport_target(cnet_server_t *srv, int t) {
  if (!transport_hosts[t]) return (cnet_connect_opts){.path = transport_path};
  return (cnet_connect_opts){.port = server_port(srv), .host = transport_hosts[t]};
}

#endif
