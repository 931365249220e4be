/* C port of socket_backpressure.js */
#include <stdlib.h>

#include "trace.h"

#define CHUNK 65536
#define BIG (64 * 1024 * 1024)

static cnet_server_t *server;
static uint64_t expected, received;
static int k, last_cb = -1, called;
static bool in_order = true;
static char *big;
static char chunk[CHUNK];

static void srv_data(const cnet_event_t *ev, void *ctx) { (void)ctx; received += ev->u.data.len; }
static void srv_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("server received all %s", B(received == expected));
  cnet_socket_end(ev->emitter, NULL, NULL);
}
static void resume_later(uv_timer_t *t) {
  cnet_socket_resume(t->data);
  cnet_socket_release(t->data);
  uv_close((uv_handle_t *)t, (uv_close_cb)free);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->u.connection;
  cnet_on(c, CNET_EV_DATA, srv_data, NULL);
  cnet_on(c, CNET_EV_END, srv_end, NULL);
  uv_timer_t *t = malloc(sizeof *t);
  uv_timer_init(uv_default_loop(), t);
  t->data = cnet_socket_retain(c);
  uv_timer_start(t, resume_later, 100, 0);
}

static void chunk_cb(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  (void)s;
  int i = (int)(intptr_t)ctx;
  if (err || i != last_cb + 1) in_order = false;
  last_cb = i;
  called++;
}
static void big_cb(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)ctx;
  T("big write cb %s", err ? err->code : "");
  free(big);
}
static void drain_after_big(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("drain after big %zu", cnet_socket_writable_length(ev->emitter));
  cnet_socket_end(ev->emitter, NULL, NULL);
}
static void on_drain(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->emitter;
  T("drain %zu %s %s", cnet_socket_writable_length(c), B(called == k), B(in_order));
  big = malloc(BIG);
  memset(big, 'b', BIG);
  expected += BIG;
  int r = cnet_socket_write_nocopy(c, big, BIG, big_cb, NULL);
  T("big write returned %s %s", B(r), B(cnet_socket_writable_length(c) > 0));
  cnet_once(c, CNET_EV_DRAIN, drain_after_big, NULL);
}
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->emitter;
  memset(chunk, 'a', sizeof chunk);
  while (k < 2000 && cnet_socket_write(c, chunk, CHUNK, chunk_cb, (void *)(intptr_t)k)) k++;
  k++;
  expected = (uint64_t)k * CHUNK;
  T("write turned false %s %s %s %s %s", B(k < 2000), B(cnet_socket_writable_length(c) > 0),
    B(cnet_socket_buffer_size(c) == cnet_socket_writable_length(c)),
    B(cnet_socket_writable_length(c) >= cnet_socket_writable_high_water_mark(c)),
    B(cnet_socket_bytes_written(c) == expected));
  cnet_once(c, CNET_EV_DRAIN, on_drain, NULL);
}
static void client_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("client close %s", B(ev->u.close.had_error));
  cnet_server_close(server, NULL, NULL);
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *c = cnet_connect_port(NULL, server_port(server), "127.0.0.1", on_connect, NULL);
  cnet_on(c, CNET_EV_CLOSE, client_close, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, &(cnet_server_opts){.pause_on_connect = true}, on_connection, NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", on_listening, NULL);
  return run_loop();
}
