/* cnet inside a libuv program: the program has its own loop (not the
 * default one) and its own uv timers, and runs a cnet server and client on
 * that loop beside them. At the end it closes what is its own, cnet frees
 * what is cnet's, and uv_loop_close() succeeds: nothing is left open.
 *
 * In Node the loop is implicit, and a program's timers share it with its
 * sockets in the same way:
 *
 *   const server = net.createServer((c) => c.end('hello from cnet\n'));
 *   server.listen(0, '127.0.0.1', () => {
 *     setTimeout(() => {                                 // the program's timer
 *       const client = net.connect(server.address().port, '127.0.0.1');
 *       process.nextTick(() => console.log('tick'));     // before any I/O event
 *       client.on('data', (d) => process.stdout.write(d));
 *       client.on('close', () => { clearTimeout(watchdog); server.close(); });
 *     }, 10);
 *   });
 *   const watchdog = setTimeout(() => process.exit(1), 10000).unref(); */
#include <cnet.h>
#include <stdio.h>
#include <stdlib.h>

static uv_loop_t loop;                  /* the program's, not uv_default_loop() */
static uv_timer_t kickoff, watchdog;    /* the program's own handles */
static cnet_server_t *server;

static void on_tick(void *ctx) {
  printf("tick queued in the timer's callback\n");
  (void)ctx;
}

static void on_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  printf("client got: %.*s", (int)ev->u.data.len, ev->u.data.bytes);
}

static void on_server_closed(cnet_server_t *srv, const cnet_error_t *err, void *ctx) {
  (void)srv, (void)err, (void)ctx;
  printf("server closed\n");
}

static void on_client_close(const cnet_event_t *ev, void *ctx) {
  (void)ev, (void)ctx;
  printf("client closed; the program closes everything\n");
  cnet_server_close(server, on_server_closed, NULL); /* cnet frees it after `close` */
  uv_close((uv_handle_t *)&kickoff, NULL);           /* libuv's rule: close every handle */
  uv_close((uv_handle_t *)&watchdog, NULL);
}

/* A plain libuv callback: cnet may be called from it, and a tick queued
 * here runs before cnet's next callback (the connect below), as in Node. */
static void on_kickoff(uv_timer_t *t) {
  (void)t;
  printf("the program's timer: connecting\n");
  cnet_socket_t *client = cnet_connect_port(&loop, cnet_server_port(server), "127.0.0.1", NULL, NULL);
  cnet_next_tick(&loop, on_tick, NULL);
  cnet_on(client, CNET_EV_DATA, on_data, NULL);
  cnet_on(client, CNET_EV_CLOSE, on_client_close, NULL);
}

static void on_watchdog(uv_timer_t *t) {
  (void)t;
  fprintf(stderr, "no answer in 10 s\n");
  exit(1);
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  printf("server: connection\n");
  cnet_socket_end_string(ev->u.connection, "hello from cnet\n", NULL, NULL, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev, (void)ctx;
  printf("server listening; the program starts its timer\n");
  uv_timer_start(&kickoff, on_kickoff, 10, 0);
}

int main(void) {
  uv_loop_init(&loop);
  uv_timer_init(&loop, &kickoff);
  uv_timer_init(&loop, &watchdog);
  uv_timer_start(&watchdog, on_watchdog, 10000, 0);
  uv_unref((uv_handle_t *)&watchdog); /* it alone does not keep the loop running */
  server = cnet_create_server(&loop, NULL, on_connection, NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", on_listening, NULL);
  uv_run(&loop, UV_RUN_DEFAULT);
  int rc = uv_loop_close(&loop); /* UV_EBUSY if any handle were still open */
  printf("uv_loop_close: %s\n", rc == 0 ? "0" : uv_err_name(rc));
  return rc == 0 ? 0 : 1;
}
