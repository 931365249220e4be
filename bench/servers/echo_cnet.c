/* cnet, as a user writes Node's c.pipe(c) echo server with include/cnet.h:
 * a `data` listener that writes back and pauses when write() says the queue
 * is full, and a `drain` listener that resumes. An `error` listener keeps a
 * peer's reset from reaching the uncaught-error handler, as in echo_node.js.
 *
 *   echo_cnet PORT|PATH */
#include <cnet.h>
#include <stdio.h>

#include "../target.h"
#include "echo_cnet.h"

static void on_listening(const cnet_event_t *ev, void *arg) {
  cnet_address_t a = {0};
  cnet_server_address(ev->emitter, &a, NULL, NULL);
  target_ready(arg, a.port);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: echo_cnet PORT|PATH\n");
    return 2;
  }
  target_process_init();
  cnet_server_t *server = cnet_create_server(NULL, NULL, on_connection, NULL);
  int port = target_port(argv[1]);
  int r = port >= 0 ? cnet_server_listen_port(server, port, "127.0.0.1", on_listening, argv[1])
                    : cnet_server_listen_path(server, argv[1], on_listening, argv[1]);
  if (r < 0) {
    fprintf(stderr, "listen: %s\n", cnet_last_error()->message);
    return 1;
  }
  return uv_run(uv_default_loop(), UV_RUN_DEFAULT);
}
