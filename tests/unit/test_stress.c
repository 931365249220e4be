/* Many connections doing random things at random times: writes of random
 * sizes, end, destroy, resetAndDestroy, destroySoon, timeouts, encodings,
 * destroy while connecting, names that need a lookup (answered by a lookup of
 * the test's own, now or on a later loop turn, so that nothing depends on how
 * this machine resolves a name: ::1 then 127.0.0.1, as Debian's `localhost`,
 * which makes Happy Eyeballs fail over from the refused ::1). Every client must
 * close, the server must close after them, and the loop must end clean
 * (the suite runs this under ASan+UBSan and valgrind). Seeded: the same
 * choices every run, whatever the kernel's timing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>

#include "cnet.h"

static cnet_server_t *server;
static int port, started, closed_clients, total = 600;
static unsigned seed = 12345;
static unsigned rnd(void) {
  seed = seed * 1103515245 + 12345;
  return (seed >> 16) & 0x7fff;
}
static char buf[200000];
static void s_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  if (rnd() % 50 == 0)
    cnet_socket_destroy(ev->emitter, NULL);
  else
    cnet_socket_write(ev->emitter, ev->u.data.bytes, ev->u.data.len, NULL, NULL);
}
static void s_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  if (rnd() % 2) cnet_socket_end(ev->emitter, NULL, NULL);
}
static void ignore(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  (void)ctx;
}
static void s_timeout(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_destroy(ev->emitter, NULL);
}
static void on_conn(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->u.connection;
  cnet_on(c, CNET_EV_DATA, s_data, NULL);
  cnet_on(c, CNET_EV_END, s_end, NULL);
  cnet_on(c, CNET_EV_ERROR, ignore, NULL);
  cnet_socket_set_timeout(c, 200 + rnd() % 300, s_timeout, NULL);
  if (rnd() % 7 == 0) cnet_socket_set_encoding(c, rnd() % 2 ? "utf8" : "base64");
}
static void start_one(void);
static void wcb(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  (void)s;
  (void)err;
  (void)ctx;
}
static void c_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->emitter;
  int n = rnd() % 8;
  for (int i = 0; i < n; i++) cnet_socket_write(c, buf, rnd() * 6 % sizeof buf, wcb, NULL);
  switch (rnd() % 5) {
    case 0:
      cnet_socket_end(c, wcb, NULL);
      break;
    case 1:
      cnet_socket_destroy(c, NULL);
      break;
    case 2:
      cnet_socket_reset_and_destroy(c);
      break;
    case 3:
      cnet_socket_destroy_soon(c);
      break;
    default:
      cnet_socket_set_timeout(c, 100, s_timeout, NULL);
  }
}
static void c_close(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  (void)ctx;
  closed_clients++;
  if (started < total) start_one();
  if (closed_clients == total) cnet_server_close(server, NULL, NULL);
}
static void answer(cnet_lookup_req_t *req) {
  static const cnet_lookup_address both[] = {{"::1", 6}, {"127.0.0.1", 4}};
  cnet_lookup_done(req, NULL, both, 2);
}
static void answer_later(uv_work_t *w, int status) {
  (void)status;
  answer(w->data);
  free(w);
}
static void no_work(uv_work_t *w) { (void)w; }
/* Answers now, or from the thread pool's completion as getaddrinfo does. */
static void lookup(const char *host, const cnet_lookup_opts *o, cnet_lookup_req_t *req, void *ctx) {
  (void)host; (void)o; (void)ctx;
  if (rnd() % 3 == 0) {
    answer(req);
    return;
  }
  uv_work_t *w = malloc(sizeof *w);
  w->data = req;
  uv_queue_work(uv_default_loop(), w, no_work, answer_later);
}
static void start_one(void) {
  started++;
  cnet_connect_opts o = {.port = port, .host = "127.0.0.1"};
  if (rnd() % 2) o.host = "stress.test", o.lookup = lookup;
  cnet_socket_t *c = cnet_connect(NULL, &o, c_connect, NULL);
  cnet_on(c, CNET_EV_ERROR, ignore, NULL);
  cnet_on(c, CNET_EV_CLOSE, c_close, NULL);
  cnet_on(c, CNET_EV_DATA, ignore, NULL);
  if (rnd() % 10 == 0) cnet_socket_destroy(c, NULL);
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  (void)ctx;
  cnet_address_t a;
  cnet_server_address(server, &a, NULL, NULL);
  port = a.port;
  for (int i = 0; i < 100; i++) start_one();
}
static bool server_closed;
static void on_server_close(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  (void)ctx;
  server_closed = true;
}

static void random_connections(void **state) {
  (void)state;
  server = cnet_create_server(NULL, NULL, on_conn, NULL);
  cnet_on(server, CNET_EV_CLOSE, on_server_close, NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", on_listening, NULL);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  assert_int_equal(closed_clients, total);
  assert_true(server_closed);
  assert_int_equal(uv_loop_close(uv_default_loop()), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(random_connections)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
