/* C port of socket_write_errors.js */
#include "trace.h"

static cnet_server_t *server, *server2;
static int port, port2, pending = 2;
static char received[64];
static size_t received_len;

static void cb(cnet_socket_t *s, const cnet_error_t *err, void *name) {
  (void)s;
  printf("%s cb ", (const char *)name);
  put_err(err);
  putchar('\n');
}

static void server_end(const cnet_event_t *ev, void *ctx) { (void)ctx; cnet_socket_end(ev->emitter, NULL, NULL); }
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_resume(ev->u.connection);
  cnet_on(ev->u.connection, CNET_EV_END, server_end, NULL);
}

static void server_closed(cnet_server_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)err; (void)ctx;
  T("server closed");
}
static void done(void) {
  if (--pending) return;
  printf("server2 received ");
  put_json(received, received_len, true);
  putchar('\n');
  cnet_server_close(server, server_closed, NULL);
  cnet_server_close(server2, NULL, NULL);
}

static void s2_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  memcpy(received + received_len, ev->u.data.bytes, ev->u.data.len);
  received_len += ev->u.data.len;
  if (received_len == 2 && memcmp(received, "hi", 2) == 0) cnet_socket_end(ev->emitter, NULL, NULL);
}
static void s2_end(const cnet_event_t *ev, void *ctx) { (void)ev; (void)ctx; done(); }
static void on_connection2(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_set_encoding(ev->u.connection, "latin1");
  cnet_on(ev->u.connection, CNET_EV_DATA, s2_data, NULL);
  cnet_on(ev->u.connection, CNET_EV_END, s2_end, NULL);
}

/* 5. the peer ends first */
static void e_connect(const cnet_event_t *ev, void *ctx) { (void)ctx; cnet_socket_write_string(ev->emitter, "hi", NULL, NULL, NULL); }
static cnet_socket_t *e_sock;
static void e_later(void *ctx) {
  (void)ctx;
  int r = cnet_socket_write_string(e_sock, "late", NULL, cb, "e write-late");
  T("e later %s %s", cnet_socket_ready_state(e_sock), B(r));
}
static void e_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  e_sock = ev->emitter;
  const char *state = cnet_socket_ready_state(e_sock);
  int r = cnet_socket_write_string(e_sock, "from-end", NULL, cb, "e write-in-end");
  T("e in end %s %s", state, B(r));
  cnet_socket_retain(e_sock);
  cnet_set_immediate(NULL, e_later, NULL);
}
static void e_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_release(ev->emitter); /* after the deferred write */
  done();
}

/* 4. end twice */
static void d_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end(ev->emitter, cb, "d end1");
  cnet_socket_end(ev->emitter, cb, "d end2");
}
static void d_finish(const cnet_event_t *ev, void *ctx) { (void)ctx; cnet_socket_end(ev->emitter, cb, "d end3"); }
static void d_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *e = cnet_connect_port(NULL, port2, "127.0.0.1", e_connect, NULL);
  static const cnet_event_type evs[] = {CNET_EV_END, CNET_EV_FINISH, CNET_EV_ERROR, CNET_EV_CLOSE};
  watch(e, "e", evs, 4);
  cnet_on(e, CNET_EV_END, e_end, NULL);
  cnet_on(e, CNET_EV_CLOSE, e_close, NULL);
}

/* 3. destroyed while connecting */
static void c_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *d = cnet_connect_port(NULL, port, "127.0.0.1", d_connect, NULL);
  static const cnet_event_type evs[] = {CNET_EV_FINISH, CNET_EV_END, CNET_EV_ERROR, CNET_EV_CLOSE};
  watch(d, "d", evs, 4);
  cnet_on(d, CNET_EV_FINISH, d_finish, NULL);
  cnet_on(d, CNET_EV_CLOSE, d_close, NULL);
}

/* 2. write after destroy */
static void b_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *b = ev->emitter;
  cnet_socket_destroy(b, NULL);
  int r = cnet_socket_write_string(b, "x", NULL, cb, "b write-after-destroy");
  T("b write returned %s", B(r));
  cnet_socket_end(b, cb, "b end-after-destroy");
}
static void b_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *c = cnet_connect_port(NULL, port, "127.0.0.1", NULL, NULL);
  static const cnet_event_type evs[] = {CNET_EV_CONNECT, CNET_EV_ERROR, CNET_EV_CLOSE};
  watch(c, "c", evs, 3);
  cnet_socket_write_string(c, "one", NULL, cb, "c write1");
  cnet_socket_write_string(c, "two", NULL, cb, "c write2");
  cnet_socket_destroy(c, NULL);
  cnet_on(c, CNET_EV_CLOSE, c_close, NULL);
}

/* 1. write after end */
static void a_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *a = ev->emitter;
  cnet_socket_end(a, NULL, NULL);
  int r = cnet_socket_write_string(a, "x", NULL, cb, "a write-after-end");
  T("a write returned %s %s", B(r), B(cnet_socket_destroyed(a)));
}
static void a_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *b = cnet_connect_port(NULL, port, "127.0.0.1", b_connect, NULL);
  static const cnet_event_type evs[] = {CNET_EV_ERROR, CNET_EV_CLOSE};
  watch(b, "b", evs, 2);
  cnet_on(b, CNET_EV_CLOSE, b_close, NULL);
}

static void on_listening2(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  port2 = server_port(server2);
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  port = server_port(server);
  cnet_socket_t *a = cnet_connect_port(NULL, port, "127.0.0.1", a_connect, NULL);
  static const cnet_event_type evs[] = {CNET_EV_ERROR, CNET_EV_CLOSE, CNET_EV_FINISH};
  watch(a, "a", evs, 3);
  cnet_on(a, CNET_EV_CLOSE, a_close, NULL);
}

int main(void) {
  server2 = cnet_create_server(NULL, NULL, on_connection2, NULL);
  cnet_server_listen_port(server2, 0, "127.0.0.1", on_listening2, NULL);
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", on_listening, NULL);
  return run_loop();
}
