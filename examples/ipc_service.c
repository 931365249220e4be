/* A control socket: a service on a Unix socket that every local user may
 * talk to (readableAll, writableAll), as a daemon offers its command-line
 * tools. Usage: ipc_service PATH, then e.g. `echo stats | nc -N -U PATH`.
 *
 *   let requests = 0, clients = 0;
 *   const server = net.createServer((c) => {
 *     clients++;
 *     c.on('close', () => clients--);
 *     readline.createInterface({ input: c }).on('line', (line) => {
 *       requests++;
 *       if (line === 'ping') c.write('pong\n');
 *       else if (line === 'stats') c.write(`requests ${requests}, clients ${clients}\n`);
 *       else if (line === 'stop') { c.end('stopping\n'); server.close(); }
 *       else c.write(`unknown command: ${line}\n`);
 *     });
 *   });
 *   server.listen({ path: process.argv[2], readableAll: true, writableAll: true },
 *                 () => console.log('listening on', server.address()));
 *
 * The server removes its socket file when it closes. */
#include <cnet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lines.h"

static cnet_server_t *server;
static unsigned requests, clients;

static bool on_line(char *line, void *ctx) {
  cnet_socket_t *c = ctx;
  char reply[LINE_MAX_LEN + 32];
  requests++;
  if (strcmp(line, "ping") == 0) {
    cnet_socket_write_string(c, "pong\n", NULL, NULL, NULL);
  } else if (strcmp(line, "stats") == 0) {
    snprintf(reply, sizeof reply, "requests %u, clients %u\n", requests, clients);
    cnet_socket_write_string(c, reply, NULL, NULL, NULL);
  } else if (strcmp(line, "stop") == 0) {
    printf("stopping\n");
    cnet_socket_end_string(c, "stopping\n", NULL, NULL, NULL);
    cnet_server_close(server, NULL, NULL); /* `close` once the last client has gone */
    return false; /* nothing more on this connection */
  } else {
    snprintf(reply, sizeof reply, "unknown command: %s\n", line);
    cnet_socket_write_string(c, reply, NULL, NULL, NULL);
  }
  return true;
}

static void on_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->emitter;
  if (!cnet_socket_writable(c)) return; /* it said stop */
  if (!lines_feed(cnet_socket_get_data(c), ev->u.data.bytes, ev->u.data.len, on_line, c) &&
      cnet_socket_writable(c))
    cnet_socket_end_string(c, "line too long\n", NULL, NULL, NULL);
}

static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  (void)ctx;
  clients--;
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->u.connection;
  clients++;
  cnet_socket_set_data(c, calloc(1, sizeof(line_buffer)), free); /* freed with c */
  cnet_on(c, CNET_EV_DATA, on_data, NULL);
  cnet_on(c, CNET_EV_CLOSE, on_close, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  const char *path;
  cnet_server_address(ev->emitter, NULL, &path, NULL);
  printf("listening on %s\n", path);
}

static void on_server_close(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  (void)ctx;
  printf("closed after %u requests\n", requests);
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0); /* a line at a time, even into a pipe */
  if (argc != 2) return fprintf(stderr, "usage: ipc_service PATH\n"), 2;
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_on(server, CNET_EV_CLOSE, on_server_close, NULL);
  cnet_listen_opts o = {.path = argv[1], .readable_all = true, .writable_all = true};
  if (cnet_server_listen(server, &o, on_listening, NULL) < 0)
    return fprintf(stderr, "%s\n", cnet_last_error()->message), 1;
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  return uv_loop_close(uv_default_loop()) == 0 ? 0 : 1;
}
