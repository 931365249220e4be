/* cnet's worker pool running echo_cnet's server on each worker: Node's
 * cluster with every worker calling net.createServer(c => c.pipe(c)).
 *
 *   echo_cnet_workers PORT|PATH WORKERS [shared|reuseport]
 *
 * shared (the default): the main loop accepts and hands connections to the
 * workers in turn, as Node's primary does; reuseport: each worker binds its
 * own socket (TCP only) and the kernel spreads connections. */
#include <cnet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../target.h"
#include "echo_cnet.h"

static void on_listening(cnet_workers_t *pool, const cnet_error_t *err, void *arg) {
  if (err) {
    fprintf(stderr, "listen: %s\n", err->message);
    exit(1);
  }
  cnet_address_t a = {0};
  cnet_workers_address(pool, 0, &a, NULL, NULL);
  target_ready(arg, a.port);
}

int main(int argc, char **argv) {
  if (argc < 3 || argc > 4 || atoi(argv[2]) < 1) {
    fprintf(stderr, "usage: echo_cnet_workers PORT|PATH WORKERS [shared|reuseport]\n");
    return 2;
  }
  target_process_init();
  int port = target_port(argv[1]);
  cnet_workers_opts o = {
    .count = (unsigned)atoi(argv[2]),
    .connection = on_connection,
    .listening = on_listening,
    .ctx = argv[1],
  };
  if (port >= 0) {
    o.listen.port = port;
    o.listen.host = "127.0.0.1";
    o.listen.reuse_port = argc == 4 && strcmp(argv[3], "reuseport") == 0;
  } else {
    o.listen.path = argv[1];
  }
  if (!cnet_workers_new(NULL, &o)) {
    fprintf(stderr, "listen: %s\n", cnet_last_error()->message);
    return 1;
  }
  return uv_run(uv_default_loop(), UV_RUN_DEFAULT);
}
