/* Node's order of events, ticks, immediates and timers: order.js in C. */
#include <cnet.h>
#include <stdio.h>

static cnet_server_t *server;

static void say(void *text) {
  printf("%s\n", (const char *)text);
}

static void tick_1(void *ctx) {
  (void)ctx;
  printf("tick 1\n");
  cnet_next_tick(NULL, say, "tick 3, queued by tick 1");
}

static void immediate(void *ctx) {
  (void)ctx;
  printf("immediate\n");
  cnet_next_tick(NULL, say, "tick queued by the immediate");
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  printf("connection\n");
  cnet_set_timeout(NULL, 0, say, "timeout of 0 ms");
  cnet_set_immediate(NULL, immediate, NULL);
  cnet_next_tick(NULL, tick_1, NULL);
  cnet_next_tick(NULL, say, "tick 2");
  cnet_socket_end(ev->u.connection, NULL, NULL);
  cnet_server_close(server, NULL, NULL);
  printf("connection listener returns\n");
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  printf("listening\n");
  cnet_socket_resume(cnet_connect_port(NULL, cnet_server_port(ev->emitter), "127.0.0.1", NULL, NULL));
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", on_listening, NULL);
  cnet_next_tick(NULL, say, "tick queued by the main program");
  printf("main program ends\n"); /* Node's script ends here; C's main runs the loop */
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  return 0;
}
