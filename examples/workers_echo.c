/* A 2-worker echo server: Node's cluster, made of threads.
 *
 *   const cluster = require('node:cluster');
 *   const net = require('node:net');
 *   if (cluster.isPrimary) {
 *     for (let i = 0; i < 2; i++) cluster.fork();
 *   } else {
 *     net.createServer((c) => c.pipe(c)).listen(8124, '127.0.0.1');
 *   }
 *
 * Run it with a port (0: any) and it prints the port; with --demo it also
 * connects two clients over loopback, prints which worker echoed each, and
 * closes the pool. */
#include <cnet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool demo;
static int answers, port;

/* ---- on the workers' threads ---- */

static void *worker_init(uv_loop_t *loop, cnet_server_t *srv, unsigned index, void *ctx) {
  (void)loop, (void)srv, (void)ctx;
  unsigned *id = malloc(sizeof *id);
  *id = index;
  return id; /* the connection listener's ctx */
}

static void worker_fini(uv_loop_t *loop, unsigned index, void *worker_ctx, void *ctx) {
  (void)loop, (void)index, (void)ctx;
  free(worker_ctx);
}

static void echo(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_write(ev->emitter, ev->u.data.bytes, ev->u.data.len, NULL, NULL);
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  char hello[32];
  snprintf(hello, sizeof hello, "worker %u: ", *(unsigned *)ctx);
  cnet_socket_write_string(ev->u.connection, hello, NULL, NULL, NULL);
  cnet_on(ev->u.connection, CNET_EV_DATA, echo, NULL);
}

/* ---- on the main loop ---- */

static void on_closed(cnet_workers_t *pool, const cnet_error_t *err, void *ctx) {
  (void)pool, (void)err, (void)ctx;
  printf("pool closed\n");
}

static void connect_one(cnet_workers_t *pool);

static void on_answer(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  printf("%.*s", (int)ev->u.data.len, ev->u.data.bytes);
  fflush(stdout);
}

/* One client after the other: the main loop hands them out in turn. */
static void on_client_close(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  printf("\n");
  if (++answers < 2)
    connect_one(ctx);
  else
    cnet_workers_close(ctx, 1000, on_closed, NULL);
}

static void connect_one(cnet_workers_t *pool) {
  cnet_socket_t *c = cnet_connect_port(NULL, port, "127.0.0.1", NULL, NULL);
  cnet_socket_end_string(c, "hello", NULL, NULL, NULL); /* the echo ends with it */
  cnet_on(c, CNET_EV_DATA, on_answer, pool);
  cnet_on(c, CNET_EV_CLOSE, on_client_close, pool);
}

static void on_listening(cnet_workers_t *pool, const cnet_error_t *err, void *ctx) {
  (void)ctx;
  if (err) {
    fprintf(stderr, "%s\n", err->message);
    cnet_workers_close(pool, 0, NULL, NULL);
    return;
  }
  cnet_address_t a;
  cnet_workers_address(pool, 0, &a, NULL, NULL);
  printf("2 workers listening on %s:%d\n", a.address, a.port);
  fflush(stdout);
  port = a.port;
  if (demo) connect_one(pool);
}

int main(int argc, char **argv) {
  demo = argc > 1 && strcmp(argv[1], "--demo") == 0;
  cnet_workers_opts opts = {
    .count = 2,
    .listen = {.port = demo || argc < 2 ? 0 : atoi(argv[1]), .host = "127.0.0.1"},
    .init = worker_init,
    .connection = on_connection,
    .fini = worker_fini,
    .listening = on_listening,
  };
  if (!cnet_workers_new(NULL, &opts)) {
    fprintf(stderr, "%s\n", cnet_last_error()->message);
    return 1;
  }
  return uv_run(uv_default_loop(), UV_RUN_DEFAULT);
}
