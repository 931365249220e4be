/* Heap bytes per idle accepted connection: cnet against raw libuv.
 *
 * A server accepts N connections from plain blocking client sockets (which
 * use no heap), each side idle; the heap in use (mallinfo2) before and after
 * is divided by N. cnet's socket has a `data`, an `end` and a `close`
 * listener, as an echo server's would: added one by one with cnet_on(), and
 * again attached from one listener set that all connections share. Kernel
 * socket buffers are not heap and are not counted. Prints the figures and
 * the ratios. */
#include <cnet.h>
#include <malloc.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#define N 2000

static int clients[N];
static size_t accepted;

static size_t heap_in_use(void) { return mallinfo2().uordblks; }

static void connect_clients(int port) {
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  for (int i = 0; i < N; i++) {
    clients[i] = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(clients[i], (struct sockaddr *)&a, sizeof a) != 0) { perror("connect"); exit(1); }
  }
}

static void close_clients(void) {
  for (int i = 0; i < N; i++) close(clients[i]);
}

/* ---- raw libuv ---- */

static void raw_on_connection(uv_stream_t *server, int status) {
  if (status) return;
  uv_tcp_t *c = malloc(sizeof *c);
  uv_tcp_init(server->loop, c);
  uv_accept(server, (uv_stream_t *)c);
  accepted++;
}

static double raw_libuv(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  uv_tcp_t server;
  uv_tcp_init(&loop, &server);
  struct sockaddr_in a;
  uv_ip4_addr("127.0.0.1", 0, &a);
  uv_tcp_bind(&server, (struct sockaddr *)&a, 0);
  uv_listen((uv_stream_t *)&server, 4096, raw_on_connection);
  struct sockaddr_storage ss;
  int len = sizeof ss;
  uv_tcp_getsockname(&server, (struct sockaddr *)&ss, &len);
  accepted = 0;
  size_t before = heap_in_use();
  connect_clients(ntohs(((struct sockaddr_in *)&ss)->sin_port));
  while (accepted < N) uv_run(&loop, UV_RUN_ONCE);
  size_t after = heap_in_use();
  close_clients();
  return (double)(after - before) / N;
}

/* ---- cnet ---- */

static cnet_socket_t *conns[N];

static void on_data(const cnet_event_t *ev, void *ctx) { (void)ev; (void)ctx; }
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_on(ev->u.connection, CNET_EV_DATA, on_data, NULL);
  cnet_on(ev->u.connection, CNET_EV_END, on_data, NULL);
  cnet_on(ev->u.connection, CNET_EV_CLOSE, on_data, NULL);
  conns[accepted++] = ev->u.connection;
}

static void on_connection_shared(const cnet_event_t *ev, void *set) {
  cnet_listeners_attach(ev->u.connection, set);
  conns[accepted++] = ev->u.connection;
}

/* set: the listener set the connections share, or NULL for cnet_on() on
 * each. A loop of its own each time: libuv's table of watched descriptors
 * grows with the highest descriptor and stays, which would favour a later
 * run. */
static double with_cnet(const cnet_listeners_t *set) {
  uv_loop_t loop_storage, *loop = &loop_storage;
  uv_loop_init(loop);
  cnet_server_t *server =
    cnet_create_server(loop, &(cnet_server_opts){.allow_half_open = true},
                       set ? on_connection_shared : on_connection, (void *)set);
  cnet_server_listen(server, &(cnet_listen_opts){.host = "127.0.0.1", .backlog = 4096}, NULL, NULL);
  while (!cnet_server_listening(server)) uv_run(loop, UV_RUN_ONCE);
  cnet_address_t a;
  cnet_server_address(server, &a, NULL, NULL);
  accepted = 0;
  uv_run(loop, UV_RUN_NOWAIT); /* the first accept's one-time allocations happen below */
  size_t before = heap_in_use();
  connect_clients(a.port);
  while (accepted < N) uv_run(loop, UV_RUN_ONCE);
  uv_run(loop, UV_RUN_NOWAIT); /* resume ticks: the sockets start flowing */
  size_t after = heap_in_use();
  close_clients();
  for (size_t i = 0; i < accepted; i++) cnet_socket_destroy(conns[i], NULL);
  cnet_server_close(server, NULL, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  uv_loop_close(loop);
  return (double)(after - before) / N;
}

int main(void) {
  double raw = raw_libuv();
  double cn = with_cnet(NULL);
  cnet_listeners_t *set = cnet_listeners_new();
  cnet_listeners_on(set, CNET_EV_DATA, on_data, NULL);
  cnet_listeners_on(set, CNET_EV_END, on_data, NULL);
  cnet_listeners_on(set, CNET_EV_CLOSE, on_data, NULL);
  double shared = with_cnet(set);
  cnet_listeners_free(set);
  printf("heap bytes per idle accepted connection, %d connections\n", N);
  printf("  raw libuv (uv_tcp_t only): %7.1f\n", raw);
  printf("  cnet (socket + handle + 3 listeners): %7.1f\n", cn);
  printf("  cnet with a shared listener set: %7.1f\n", shared);
  printf("  ratio cnet/raw: %.2f, with the shared set: %.2f\n", cn / raw, shared / raw);
  return 0;
}
