/* C port of socket_destroy.js */
#include "trace.h"

static cnet_server_t *server;
static int port;
static int step;

static void next(void);
static void server_closed(cnet_server_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)err; (void)ctx;
  T("server closed");
}
static void ss_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  printf("server-side error ");
  put_err(ev->u.error);
  putchar('\n');
}
static void ss_end(const cnet_event_t *ev, void *ctx) { (void)ev; (void)ctx; T("server-side end"); }
static void ss_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("server-side close %s", B(ev->u.close.had_error));
  next();
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->u.connection;
  cnet_on(c, CNET_EV_ERROR, ss_error, NULL);
  cnet_on(c, CNET_EV_END, ss_end, NULL);
  cnet_on(c, CNET_EV_CLOSE, ss_close, NULL);
  cnet_socket_resume(c);
}

static const cnet_event_type client_evs[] = {CNET_EV_END, CNET_EV_FINISH, CNET_EV_ERROR, CNET_EV_CLOSE};

static void client(const char *name, cnet_listener_fn on_connect) {
  cnet_socket_t *c = cnet_connect_port(NULL, port, "127.0.0.1", on_connect, NULL);
  watch(c, name, client_evs, 4);
}

static void plain_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->emitter;
  cnet_socket_destroy(c, NULL);
  T("plain destroyed %s %s %s", B(cnet_socket_destroyed(c)), cnet_socket_ready_state(c), B(cnet_socket_pending(c)));
}
static void witherr_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->emitter;
  /* an application error: Error('boom') with code EBOOM */
  cnet_error_t e = {.name = "Error", .code = "EBOOM", .message = "boom", .port = -1};
  cnet_socket_destroy(c, &e);
  T("witherr destroyed %s", B(cnet_socket_destroyed(c)));
  cnet_socket_destroy(c, NULL);
}
static void soon_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->emitter;
  cnet_socket_write_string(c, "data", NULL, NULL, NULL);
  cnet_socket_destroy_soon(c);
  T("soon after destroySoon %s %s %s", cnet_socket_ready_state(c), B(cnet_socket_destroyed(c)),
    B(cnet_socket_writable_ended(c)));
}
static void reset_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->emitter;
  cnet_socket_reset_and_destroy(c);
  T("reset after %s", B(cnet_socket_destroyed(c)));
}
static void fresh_close(const cnet_event_t *ev, void *ctx) { (void)ev; (void)ctx; next(); }
static void unconnected_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *d = cnet_socket_new(NULL, NULL);
  static const cnet_event_type evs[] = {CNET_EV_ERROR, CNET_EV_CLOSE};
  watch(d, "fresh", evs, 2);
  cnet_on(d, CNET_EV_CLOSE, fresh_close, NULL);
  cnet_socket_destroy(d, NULL);
  T("fresh destroyed %s %s", B(cnet_socket_destroyed(d)), cnet_socket_ready_state(d));
}

static void next(void) {
  static const cnet_event_type evs3[] = {CNET_EV_CONNECT, CNET_EV_ERROR, CNET_EV_CLOSE};
  static const cnet_event_type evs2[] = {CNET_EV_ERROR, CNET_EV_CLOSE};
  switch (step++) {
    case 0: client("plain", plain_connect); break;
    case 1: client("witherr", witherr_connect); break;
    case 2: client("soon", soon_connect); break;
    case 3: client("reset", reset_connect); break;
    case 4: {
      cnet_socket_t *c = cnet_connect_port(NULL, port, "127.0.0.1", NULL, NULL);
      watch(c, "reset-connecting", evs3, 3);
      cnet_socket_reset_and_destroy(c);
      T("reset-connecting after %s %s", B(cnet_socket_destroyed(c)), B(cnet_socket_connecting(c)));
      break;
    }
    case 5: {
      cnet_socket_t *c = cnet_socket_new(NULL, NULL);
      watch(c, "unconnected", evs2, 2);
      cnet_socket_reset_and_destroy(c);
      cnet_on(c, CNET_EV_CLOSE, unconnected_close, NULL);
      break;
    }
    default: cnet_server_close(server, server_closed, NULL);
  }
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  port = server_port(server);
  next();
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", on_listening, NULL);
  return run_loop();
}
