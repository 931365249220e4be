/* An echo server: greets each client, then sends back what it sends.
 * Usage: echo_server [PORT [HOST]]  (8124 and every address, as Node's).
 *
 *   const server = net.createServer((c) => {
 *     console.log('client connected');
 *     c.on('end', () => console.log('client disconnected'));
 *     c.write('hello\r\n');
 *     c.pipe(c);
 *   });
 *   server.on('error', (err) => { throw err; });
 *   server.listen(8124, () => console.log('server bound'));
 *
 * c.pipe(c) is three listeners in C: `data` writes, and pauses the socket
 * when write() says its queue is full; `drain` resumes it; `end` ends it.
 * Ctrl-C (or SIGTERM) closes the server: it stops accepting, and the
 * program ends when the last client has gone. */
#include <cnet.h>
#include <stdio.h>
#include <stdlib.h>

static uv_signal_t sigint, sigterm;

static void on_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  if (!cnet_socket_write(ev->emitter, ev->u.data.bytes, ev->u.data.len, NULL, NULL))
    cnet_socket_pause(ev->emitter); /* the client reads slower than it sends */
}

static void on_drain(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_resume(ev->emitter);
}

static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  printf("client disconnected\n");
  cnet_socket_end(ev->emitter, NULL, NULL);
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->u.connection;
  printf("client connected\n");
  cnet_on(c, CNET_EV_END, on_end, NULL);
  cnet_socket_write_string(c, "hello\r\n", NULL, NULL, NULL);
  cnet_on(c, CNET_EV_DATA, on_data, NULL);
  cnet_on(c, CNET_EV_DRAIN, on_drain, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  printf("server bound on port %d\n", cnet_server_port(ev->emitter));
}

static void on_signal(uv_signal_t *h, int signum) {
  cnet_server_t *server = h->data;
  printf("signal %d: closing the server\n", signum);
  cnet_server_close(server, NULL, NULL);
  uv_close((uv_handle_t *)&sigint, NULL);
  uv_close((uv_handle_t *)&sigterm, NULL);
}

static void watch(uv_signal_t *h, int signum, cnet_server_t *server) {
  uv_signal_init(uv_default_loop(), h);
  h->data = server;
  uv_signal_start(h, on_signal, signum);
  uv_unref((uv_handle_t *)h); /* as in Node, a signal watcher keeps no program alive */
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0); /* a line at a time, even into a pipe */
  char *end = "";
  long port = argc > 1 ? strtol(argv[1], &end, 10) : 8124; /* not atoi(): "x" is no port 0 */
  if (*end || end == argv[1] || port != (int)port)
    return fprintf(stderr, "usage: echo_server [PORT [HOST]]\n"), 2;
  const char *host = argc > 2 ? argv[2] : NULL;
  cnet_server_t *server = cnet_create_server(NULL, NULL, on_connection, NULL);
  /* No `error` listener: an error (EADDRINUSE, say) is thrown, as in Node:
   * printed, and the program exits with status 1. */
  if (cnet_server_listen_port(server, (int)port, host, on_listening, NULL) < 0) {
    fprintf(stderr, "%s\n", cnet_last_error()->message); /* a bad port, say */
    return 1;
  }
  watch(&sigint, SIGINT, server);
  watch(&sigterm, SIGTERM, server);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  return uv_loop_close(uv_default_loop()) == 0 ? 0 : 1;
}
