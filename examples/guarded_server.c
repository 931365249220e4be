/* A server that admits two clients at a time (maxConnections: one more is
 * dropped, with a `drop` event) and none from a blocked address (BlockList:
 * closed at once, with no event). Clients then connect one after another,
 * each once the step before has shown its effect: A and B are admitted, C
 * is dropped, A leaves, D (from 127.0.0.2) is blocked, and E is admitted.
 * (The limit is checked first: while it is reached, D would be dropped.)
 *
 *   const blockList = new net.BlockList();
 *   blockList.addAddress('127.0.0.2');
 *   const server = net.createServer({ blockList }, (c) => {
 *     console.log('connection from', c.remoteAddress);
 *     c.write('welcome\n');
 *   });
 *   server.maxConnections = 2;
 *   server.on('drop', (data) => {
 *     console.log('drop', data.remoteAddress);
 *     server.getConnections((err, count) => console.log(count, 'connections open'));
 *   });
 *   server.listen(0, '127.0.0.1', () => {
 *     net.connect({ port: server.address().port, host: '127.0.0.1' });  // A, then B, C
 *     net.connect({ port: server.address().port, host: '127.0.0.1', localAddress: '127.0.0.2' });  // D
 *   }); */
#include <cnet.h>
#include <stdio.h>

static cnet_server_t *server;
static cnet_socket_t *a, *b, *e;
static int step;
static void next(void);

static void on_client_close(const cnet_event_t *ev, void *name) {
  printf("%s: closed by the server (had_error %s)\n", (char *)name, ev->u.close.had_error ? "true" : "false");
  next();
}

static cnet_socket_t *client(const char *name, const char *local_address, bool refused) {
  cnet_connect_opts o = {
      .port = cnet_server_port(server), .host = "127.0.0.1", .local_address = local_address};
  cnet_socket_t *s = cnet_connect(NULL, &o, NULL, NULL);
  cnet_socket_resume(s); /* reads (and drops) the welcome, to see the end */
  if (refused) cnet_on(s, CNET_EV_CLOSE, on_client_close, (void *)name);
  return s;
}

static void next(void) {
  switch (step++) {
    case 0: a = client("A", NULL, false); break;     /* admitted */
    case 1: b = client("B", NULL, false); break;     /* admitted */
    case 2: client("C", NULL, true); break;          /* dropped */
    case 3: cnet_socket_end(a, NULL, NULL); break;   /* A leaves */
    case 4: client("D", "127.0.0.2", true); break;   /* blocked */
    case 5: e = client("E", NULL, false); break;     /* admitted again */
    case 6:
      cnet_socket_end(b, NULL, NULL);
      cnet_socket_end(e, NULL, NULL);
      cnet_server_close(server, NULL, NULL); /* `close` after the last connection */
      break;
    default: break;
  }
}

static void on_closed(const cnet_event_t *ev, void *ctx) {
  (void)ev, (void)ctx;
  if (step == 4) printf("a connection closed\n"); /* A's */
  next();
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  printf("connection from %s\n", cnet_socket_remote_address(ev->u.connection));
  cnet_socket_write_string(ev->u.connection, "welcome\n", NULL, NULL, NULL);
  cnet_on(ev->u.connection, CNET_EV_CLOSE, on_closed, NULL);
  next();
}

static void on_count(cnet_server_t *srv, const cnet_error_t *err, size_t count, void *ctx) {
  (void)srv, (void)err, (void)ctx;
  printf("%zu connections open\n", count);
}

static void on_drop(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  printf("drop %s\n", ev->u.drop.remote_address);
  cnet_server_get_connections(server, on_count, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev, (void)ctx;
  next();
}

static void on_server_close(const cnet_event_t *ev, void *ctx) {
  (void)ev, (void)ctx;
  printf("server closed\n");
}

int main(void) {
  cnet_blocklist_t *block_list = cnet_blocklist_new();
  cnet_blocklist_add_address(block_list, "127.0.0.2", "ipv4");
  server = cnet_create_server(NULL, &(cnet_server_opts){.block_list = block_list}, on_connection, NULL);
  cnet_server_set_max_connections(server, 2);
  cnet_on(server, CNET_EV_DROP, on_drop, NULL);
  cnet_on(server, CNET_EV_CLOSE, on_server_close, NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", on_listening, NULL);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  cnet_blocklist_free(block_list); /* the server does not own it: it must outlive the server */
  return uv_loop_close(uv_default_loop()) == 0 ? 0 : 1;
}
