/* C port of sock_end_data.js */
#include "trace.h"

static cnet_server_t *server;
static int port;

static void cb(cnet_socket_t *s, const cnet_error_t *err, void *name) {
  (void)s;
  printf("%s cb ", (const char *)name);
  put_err(err);
  putchar('\n');
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_resume(ev->u.connection);
  cnet_socket_end(ev->u.connection, NULL, NULL);
}

static void server_closed(cnet_server_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)err; (void)ctx;
  T("server closed");
}

static void b_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *b = ev->emitter;
  cnet_socket_end(b, NULL, NULL);
  cnet_socket_end_string(b, "x", NULL, cb, "b end-data-after-end");
  T("b %s %zu", B(cnet_socket_destroyed(b)), cnet_socket_writable_length(b));
}
static void b_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(server, server_closed, NULL);
}

static void a_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *a = ev->emitter;
  cnet_socket_destroy(a, NULL);
  cnet_socket_end_string(a, "x", NULL, cb, "a end-data-after-destroy");
  T("a %s %zu", B(cnet_socket_destroyed(a)), cnet_socket_writable_length(a));
}
static void a_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *b = cnet_connect_port(NULL, port, "127.0.0.1", NULL, NULL);
  static const cnet_event_type evs[] = {CNET_EV_END, CNET_EV_FINISH, CNET_EV_ERROR, CNET_EV_CLOSE};
  watch(b, "b", evs, 4);
  cnet_on(b, CNET_EV_END, b_end, NULL);
  cnet_on(b, CNET_EV_CLOSE, b_close, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  port = server_port(server);
  cnet_socket_t *a = cnet_connect_port(NULL, port, "127.0.0.1", a_connect, NULL);
  static const cnet_event_type evs[] = {CNET_EV_ERROR, CNET_EV_CLOSE};
  watch(a, "a", evs, 2);
  cnet_on(a, CNET_EV_CLOSE, a_close, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", on_listening, NULL);
  return run_loop();
}
