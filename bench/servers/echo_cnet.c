/* cnet, as a user writes Node's c.pipe(c) echo server with include/cnet.h:
 * a `data` listener that writes back and pauses when write() says the queue
 * is full, and a `drain` listener that resumes. An `error` listener keeps a
 * peer's reset from reaching the uncaught-error handler, as in echo_node.js.
 *
 *   echo_cnet PORT|PATH */
#include <cnet.h>
#include <stdio.h>

#include "../target.h"

static void on_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->emitter;
  if (!cnet_socket_write(c, ev->u.data.bytes, ev->u.data.len, NULL, NULL)) cnet_socket_pause(c);
}

static void on_drain(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_resume(ev->emitter);
}

static void on_error(const cnet_event_t *ev, void *ctx) { (void)ev, (void)ctx; }

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->u.connection;
  cnet_on(c, CNET_EV_ERROR, on_error, NULL);
  cnet_on(c, CNET_EV_DATA, on_data, NULL);
  cnet_on(c, CNET_EV_DRAIN, on_drain, NULL);
}

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
