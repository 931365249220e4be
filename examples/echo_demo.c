/* The demo: an echo server and a client over loopback, as in Node:
 *
 *   const server = net.createServer((c) => c.pipe(c));
 *   server.listen(0, '127.0.0.1', () => {
 *     const client = net.connect(server.address().port, '127.0.0.1', () => client.end('hello'));
 *     client.on('data', (d) => console.log('client got:', d.toString()));
 *     client.on('close', () => server.close());
 *   });
 */
#include <cnet.h>
#include <stdio.h>

static void on_server_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_write(ev->emitter, ev->u.data.bytes, ev->u.data.len, NULL, NULL);
}

static void on_server_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end(ev->emitter, NULL, NULL);
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->u.connection;
  printf("server: connection from %s:%d\n", cnet_socket_remote_address(c), cnet_socket_remote_port(c));
  cnet_on(c, CNET_EV_DATA, on_server_data, NULL);
  cnet_on(c, CNET_EV_END, on_server_end, NULL);
}

static void on_client_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  printf("client: connected\n");
  cnet_socket_end_data(ev->emitter, "hello", 5, NULL, NULL);
}

static void on_client_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  printf("client got: %.*s\n", (int)ev->u.data.len, ev->u.data.bytes);
}

static void on_client_close(const cnet_event_t *ev, void *server) {
  printf("client: closed (had_error=%s)\n", ev->u.close.had_error ? "true" : "false");
  cnet_server_close(server, NULL, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_server_t *server = ev->emitter;
  cnet_address_t addr;
  cnet_server_address(server, &addr, NULL, NULL);
  printf("server: listening on %s:%d\n", addr.address, addr.port);
  cnet_socket_t *client = cnet_connect_port(NULL, addr.port, "127.0.0.1", on_client_connect, NULL);
  cnet_on(client, CNET_EV_DATA, on_client_data, NULL);
  cnet_on(client, CNET_EV_CLOSE, on_client_close, server);
}

int main(void) {
  cnet_server_t *server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", on_listening, NULL);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  printf("done\n");
  return uv_loop_close(uv_default_loop()) == 0 ? 0 : 1;
}
