/* A line-based chat server: a client's first line is its name; each line
 * after it goes to every other client. Usage: chat_server [PORT [HOST [IDLE_MS]]]
 *
 *   const clients = new Set();
 *   net.createServer((c) => {
 *     c.setTimeout(60000, () => c.end('* idle for too long, bye\n'));
 *     readline.createInterface({ input: c }).on('line', (line) => {
 *       if (c.name) return broadcast(c, `${c.name}: ${line}\n`);
 *       clients.add(c).name = line;
 *       broadcast(null, `* ${line} joined\n`);
 *     });
 *     c.on('drain', () => { c.behind = false; });
 *     c.on('close', () => clients.delete(c) && broadcast(null, `* ${c.name} left\n`));
 *   }).listen(8124);
 *   const broadcast = (from, text) => { for (const c of clients)
 *     if (c !== from && c.writable && !c.write(text)) c.behind = true; };
 *
 * A slow reader slows no one else: when a write to it returns false, it is
 * marked behind until `drain`; past MAX_BEHIND bytes queued it is dropped. */
#include <cnet.h>
#include <stdio.h>
#include <stdlib.h>

#include "lines.h"

#define MAX_BEHIND (1 << 20)

typedef struct client { /* per-connection state, hung on the socket */
  cnet_socket_t *socket;
  struct client *next; /* in `clients` once it has a name */
  char name[32];
  bool behind;
  line_buffer lines;
} client;

static client *clients;
static int64_t idle_ms = 60000;

static void send_line(client *to, const char *from, const char *text) {
  cnet_socket_t *s = to->socket;
  cnet_socket_cork(s); /* the pieces leave in one write */
  cnet_socket_write_string(s, from ? from : "*", NULL, NULL, NULL);
  cnet_socket_write_string(s, from ? ": " : " ", NULL, NULL, NULL);
  cnet_socket_write_string(s, text, NULL, NULL, NULL);
  bool room = cnet_socket_write(s, "\n", 1, NULL, NULL);
  cnet_socket_uncork(s);
  if (cnet_socket_writable_length(s) > MAX_BEHIND) {
    printf("%s: dropped, too far behind\n", to->name);
    cnet_socket_destroy(s, NULL);
  } else if (!room && !to->behind) {
    to->behind = true;
    printf("%s: behind, %zu bytes queued until drain\n", to->name, cnet_socket_writable_length(s));
  }
}

static void broadcast(client *from, const char *text) {
  for (client *c = clients; c; c = c->next)
    if (c != from && cnet_socket_writable(c->socket)) send_line(c, from ? from->name : NULL, text);
}

static void announce(client *cl, const char *what) {
  char text[64];
  snprintf(text, sizeof text, "%s %s", cl->name, what);
  printf("%s\n", text);
  broadcast(NULL, text);
}

static bool on_line(char *line, void *ctx) {
  client *cl = ctx;
  if (cl->name[0]) return broadcast(cl, line), true;
  snprintf(cl->name, sizeof cl->name, "%s", line[0] ? line : "anonymous");
  cl->next = clients;
  clients = cl;
  announce(cl, "joined");
  return true;
}

static void on_data(const cnet_event_t *ev, void *cl) {
  if (!lines_feed(&((client *)cl)->lines, ev->u.data.bytes, ev->u.data.len, on_line, cl))
    cnet_socket_destroy(ev->emitter, NULL); /* a line too long */
}

static void on_drain(const cnet_event_t *ev, void *ctx) {
  client *cl = cnet_socket_get_data(ev->emitter);
  (void)ctx;
  cl->behind = false;
  printf("%s: caught up\n", cl->name);
}

static void on_idle(const cnet_event_t *ev, void *ctx) {
  client *cl = cnet_socket_get_data(ev->emitter);
  (void)ctx;
  printf("%s: idle, ended\n", cl->name[0] ? cl->name : "a newcomer");
  cnet_socket_end_string(ev->emitter, "* idle for too long, bye\n", NULL, NULL, NULL);
}

static void on_close(const cnet_event_t *ev, void *ctx) {
  client *cl = cnet_socket_get_data(ev->emitter), **p = &clients;
  (void)ctx;
  while (*p && *p != cl) p = &(*p)->next;
  if (*p) *p = cl->next, announce(cl, "left");
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  client *cl = calloc(1, sizeof *cl);
  cl->socket = ev->u.connection;
  cnet_socket_set_data(cl->socket, cl, free); /* freed with the socket, after `close` */
  cnet_socket_set_timeout(cl->socket, idle_ms, on_idle, NULL);
  cnet_on(cl->socket, CNET_EV_DATA, on_data, cl);
  cnet_on(cl->socket, CNET_EV_DRAIN, on_drain, NULL);
  cnet_on(cl->socket, CNET_EV_CLOSE, on_close, NULL);
  cnet_socket_write_string(cl->socket, "* welcome; your name?\n", NULL, NULL, NULL);
}

static void on_sigterm(uv_signal_t *h, int signum) {
  printf("signal %d: shutting down\n", signum);
  cnet_server_close(h->data, NULL, NULL); /* `close` comes once the last client has gone */
  for (client *c = clients; c; c = c->next)
    if (cnet_socket_writable(c->socket))
      cnet_socket_end_string(c->socket, "* shutting down\n", NULL, NULL, NULL);
  uv_close((uv_handle_t *)h, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  printf("listening on port %d\n", cnet_server_port(ev->emitter));
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0); /* a line at a time, even into a pipe */
  char *end = "", *end_ms = "";
  long port = argc > 1 ? strtol(argv[1], &end, 10) : 8124; /* not atoi(): "x" is no port 0 */
  if (argc > 3) idle_ms = strtoll(argv[3], &end_ms, 10);
  if (*end || *end_ms || end == argv[1] || port != (int)port)
    return fprintf(stderr, "usage: chat_server [PORT [HOST [IDLE_MS]]]\n"), 2;
  cnet_server_t *server = cnet_create_server(NULL, NULL, on_connection, NULL);
  if (cnet_server_listen_port(server, (int)port, argc > 2 ? argv[2] : NULL, on_listening, NULL) < 0)
    return fprintf(stderr, "%s\n", cnet_last_error()->message), 1;
  static uv_signal_t sigterm; /* the program's own libuv handle, on cnet's loop */
  uv_signal_init(uv_default_loop(), &sigterm);
  sigterm.data = server;
  uv_signal_start(&sigterm, on_sigterm, SIGTERM);
  uv_unref((uv_handle_t *)&sigterm); /* as in Node, a signal watcher keeps no program alive */
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  return uv_loop_close(uv_default_loop()) == 0 ? 0 : 1;
}
