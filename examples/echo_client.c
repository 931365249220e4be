/* The echo server's client: sends one line, prints what comes back.
 * Usage: echo_client [PORT [HOST]]  (8124 and localhost, as Node's).
 *
 *   const client = net.createConnection({ port: 8124 }, () => {
 *     console.log('connected to server!');
 *     client.write('world!\r\n');
 *   });
 *   client.on('data', (data) => {
 *     console.log(data.toString());
 *     client.end();
 *   });
 *   client.on('end', () => console.log('disconnected from server'));
 *
 * A name such as localhost may have several addresses (::1 and 127.0.0.1):
 * as Node's, the connect tries each in turn (Happy Eyeballs). */
#include <cnet.h>
#include <stdio.h>
#include <stdlib.h>

static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  printf("connected to server!\n");
  cnet_socket_write_string(ev->emitter, "world!\r\n", NULL, NULL, NULL);
}

static void on_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  /* The bytes are lent for this call only: print them, or copy them. */
  printf("%.*s\n", (int)ev->u.data.len, ev->u.data.bytes);
  cnet_socket_end(ev->emitter, NULL, NULL); /* a second end() does nothing */
}

static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  (void)ctx;
  printf("disconnected from server\n");
}

int main(int argc, char **argv) {
  char *end = "";
  long port = argc > 1 ? strtol(argv[1], &end, 10) : 8124; /* not atoi(): "x" is no port 0 */
  if (*end || end == argv[1] || port != (int)port)
    return fprintf(stderr, "usage: echo_client [PORT [HOST]]\n"), 2;
  const char *host = argc > 2 ? argv[2] : NULL; /* NULL is "localhost" */
  cnet_socket_t *client = cnet_create_connection(NULL, &(cnet_connect_opts){.port = (int)port, .host = host},
                                                 on_connect, NULL);
  if (!client) { /* a bad port, say: where Node throws */
    fprintf(stderr, "%s\n", cnet_last_error()->message);
    return 1;
  }
  cnet_on(client, CNET_EV_DATA, on_data, NULL);
  cnet_on(client, CNET_EV_END, on_end, NULL);
  /* ECONNREFUSED and the like have no `error` listener here: as in Node,
   * the error is printed and the program exits with status 1. */
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  return uv_loop_close(uv_default_loop()) == 0 ? 0 : 1;
}
