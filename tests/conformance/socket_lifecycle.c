/* C port of socket_lifecycle.js */
#include "trace.h"

static cnet_server_t *server;

static void server_echo(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_write(ev->emitter, ev->u.data.bytes, ev->u.data.len, NULL, NULL);
}
static void server_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end(ev->emitter, NULL, NULL);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->u.connection;
  T("server connection %s %s %s", cnet_socket_ready_state(c), cnet_socket_remote_address(c),
    cnet_socket_remote_family(c));
  static const cnet_event_type evs[] = {CNET_EV_DATA, CNET_EV_END, CNET_EV_FINISH, CNET_EV_CLOSE};
  watch(c, "server-side", evs, 4);
  cnet_on(c, CNET_EV_DATA, server_echo, NULL);
  cnet_on(c, CNET_EV_END, server_end, NULL);
}

static void write1_cb(cnet_socket_t *c, const cnet_error_t *err, void *ctx) {
  (void)err; (void)ctx;
  T("client write1 cb %zu", cnet_socket_writable_length(c));
}
static void write2_cb(cnet_socket_t *c, const cnet_error_t *err, void *ctx) {
  (void)c; (void)err; (void)ctx;
  T("client write2 cb");
}
static void end_cb(cnet_socket_t *c, const cnet_error_t *err, void *ctx) {
  (void)err; (void)ctx;
  T("client end cb %s", B(cnet_socket_writable_finished(c)));
}
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->emitter;
  T("client connected %s %s %s %s %s %s", cnet_socket_ready_state(c), B(cnet_socket_pending(c)),
    B(cnet_socket_connecting(c)), cnet_socket_remote_address(c), cnet_socket_remote_family(c),
    cnet_socket_local_address(c));
  cnet_socket_write_string(c, "world", NULL, write2_cb, NULL);
  cnet_socket_end(c, end_cb, NULL);
  T("client after end %s %s %s", cnet_socket_ready_state(c), B(cnet_socket_writable_ended(c)),
    B(cnet_socket_writable_finished(c)));
}
static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("client end state %s %s", cnet_socket_ready_state(ev->emitter), B(cnet_socket_readable_ended(ev->emitter)));
}
static void server_closed(cnet_server_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)err; (void)ctx;
  T("server closed");
}
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->emitter;
  T("client closed %s %s %llu %llu %s", cnet_socket_ready_state(c), B(cnet_socket_destroyed(c)),
    (unsigned long long)cnet_socket_bytes_read(c), (unsigned long long)cnet_socket_bytes_written(c),
    cnet_socket_remote_address(c));
  cnet_server_close(server, server_closed, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *c = cnet_create_connection(NULL, &(cnet_connect_opts){.port = server_port(server), .host = "127.0.0.1"}, NULL, NULL);
  T("client created %s %s %s %llu", cnet_socket_ready_state(c), B(cnet_socket_pending(c)),
    B(cnet_socket_connecting(c)), (unsigned long long)cnet_socket_bytes_written(c));
  watch_socket(c, "client");
  int r = cnet_socket_write_string(c, "hello ", NULL, write1_cb, NULL);
  T("client write1 returned %s %llu %zu", B(r), (unsigned long long)cnet_socket_bytes_written(c),
    cnet_socket_writable_length(c));
  cnet_on(c, CNET_EV_CONNECT, on_connect, NULL);
  cnet_on(c, CNET_EV_END, on_end, NULL);
  cnet_on(c, CNET_EV_CLOSE, on_close, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", on_listening, NULL);
  return run_loop();
}
