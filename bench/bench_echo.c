/* Echo round trips over loopback: a cnet echo server against a raw libuv
 * one, driven by the same raw libuv client in the same process, one
 * connection, 64-byte messages, one in flight. Prints round trips a second
 * for each and the ratio; both run in one process, one after the other. */
#include <cnet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MSG 64
#define ROUNDS 100000

static uv_loop_t *loop;

/* ---- the client: raw libuv, shared by both runs ---- */

typedef struct {
  uv_tcp_t tcp;
  uv_connect_t req;
  uv_write_t wreq;
  char msg[MSG];
  char in[65536];
  size_t got;
  int rounds;
  uint64_t start, end;
} client_t;

static void client_send(client_t *c);
static void client_alloc(uv_handle_t *h, size_t s, uv_buf_t *b) {
  (void)s;
  client_t *c = h->data;
  *b = uv_buf_init(c->in, sizeof c->in);
}
static void client_read(uv_stream_t *st, ssize_t n, const uv_buf_t *b) {
  (void)b;
  client_t *c = st->data;
  if (n <= 0) return;
  c->got += (size_t)n;
  if (c->got < MSG) return;
  c->got -= MSG;
  if (++c->rounds == ROUNDS) {
    c->end = uv_hrtime();
    uv_close((uv_handle_t *)&c->tcp, NULL);
    return;
  }
  client_send(c);
}
static void client_wrote(uv_write_t *r, int status) { (void)r; (void)status; }
static void client_send(client_t *c) {
  uv_buf_t b = uv_buf_init(c->msg, MSG);
  if (uv_try_write((uv_stream_t *)&c->tcp, &b, 1) != MSG)
    uv_write(&c->wreq, (uv_stream_t *)&c->tcp, &b, 1, client_wrote);
}
static void client_connected(uv_connect_t *r, int status) {
  client_t *c = r->data;
  if (status) { fprintf(stderr, "connect: %s\n", uv_strerror(status)); exit(1); }
  uv_read_start((uv_stream_t *)&c->tcp, client_alloc, client_read);
  c->start = uv_hrtime();
  client_send(c);
}
static double run_client(int port) {
  client_t *c = calloc(1, sizeof *c);
  memset(c->msg, 'x', MSG);
  uv_tcp_init(loop, &c->tcp);
  uv_tcp_nodelay(&c->tcp, 1);
  c->tcp.data = c->req.data = c;
  struct sockaddr_in a;
  uv_ip4_addr("127.0.0.1", port, &a);
  uv_tcp_connect(&c->req, &c->tcp, (struct sockaddr *)&a, client_connected);
  while (c->rounds < ROUNDS) uv_run(loop, UV_RUN_ONCE);
  double secs = (double)(c->end - c->start) / 1e9;
  uv_run(loop, UV_RUN_NOWAIT);
  free(c);
  return ROUNDS / secs;
}

/* ---- raw libuv echo server ---- */

typedef struct {
  uv_tcp_t tcp;
  char buf[65536];
} raw_conn_t;
static uv_tcp_t raw_server;
static void raw_alloc(uv_handle_t *h, size_t s, uv_buf_t *b) {
  (void)s;
  raw_conn_t *c = (raw_conn_t *)h;
  *b = uv_buf_init(c->buf, sizeof c->buf);
}
static void raw_wrote(uv_write_t *r, int status) { (void)status; free(r); }
static void raw_read(uv_stream_t *st, ssize_t n, const uv_buf_t *b) {
  if (n < 0) { uv_close((uv_handle_t *)st, (uv_close_cb)free); return; }
  uv_buf_t out = uv_buf_init(b->base, (unsigned)n);
  int w = uv_try_write(st, &out, 1);
  if (w < 0) w = 0;
  if (w < n) { /* the rest, copied, as a careful echo server must */
    uv_write_t *r = malloc(sizeof *r + (size_t)(n - w));
    memcpy(r + 1, b->base + w, (size_t)(n - w));
    out = uv_buf_init((char *)(r + 1), (unsigned)(n - w));
    uv_write(r, st, &out, 1, raw_wrote);
  }
}
static void raw_connection(uv_stream_t *s, int status) {
  if (status) return;
  raw_conn_t *c = malloc(sizeof *c);
  uv_tcp_init(loop, &c->tcp);
  uv_accept(s, (uv_stream_t *)&c->tcp);
  uv_tcp_nodelay(&c->tcp, 1);
  uv_read_start((uv_stream_t *)&c->tcp, raw_alloc, raw_read);
}
static double raw_libuv(void) {
  uv_tcp_init(loop, &raw_server);
  struct sockaddr_in a;
  uv_ip4_addr("127.0.0.1", 0, &a);
  uv_tcp_bind(&raw_server, (struct sockaddr *)&a, 0);
  uv_listen((uv_stream_t *)&raw_server, 128, raw_connection);
  struct sockaddr_storage ss;
  int len = sizeof ss;
  uv_tcp_getsockname(&raw_server, (struct sockaddr *)&ss, &len);
  double r = run_client(ntohs(((struct sockaddr_in *)&ss)->sin_port));
  uv_close((uv_handle_t *)&raw_server, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  return r;
}

/* ---- cnet echo server ---- */

static void echo(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_write(ev->emitter, ev->u.data.bytes, ev->u.data.len, NULL, NULL);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_set_no_delay(ev->u.connection, true);
  cnet_on(ev->u.connection, CNET_EV_DATA, echo, NULL);
}
static double with_cnet(void) {
  cnet_server_t *srv = cnet_create_server(loop, NULL, on_connection, NULL);
  cnet_server_listen_port(srv, 0, "127.0.0.1", NULL, NULL);
  while (!cnet_server_listening(srv)) uv_run(loop, UV_RUN_ONCE);
  cnet_address_t a;
  cnet_server_address(srv, &a, NULL, NULL);
  double r = run_client(a.port);
  cnet_server_close(srv, NULL, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  return r;
}

int main(void) {
  loop = uv_default_loop();
  double raw = raw_libuv(), cn = with_cnet();
  double raw2 = raw_libuv(), cn2 = with_cnet(); /* a second round, warm */
  raw = raw > raw2 ? raw : raw2;
  cn = cn > cn2 ? cn : cn2;
  printf("echo round trips a second, %d-byte messages, one connection, %d rounds (best of 2)\n",
         MSG, ROUNDS);
  printf("  raw libuv server: %9.0f\n", raw);
  printf("  cnet server:      %9.0f\n", cn);
  printf("  ratio cnet/raw:   %9.2f\n", cn / raw);
  return 0;
}
