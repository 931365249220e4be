/* C port of socket_options.js */
#include "trace.h"

static cnet_server_t *server;
static int port, step;
static cnet_abort_controller_t *ac;
static cnet_blocklist_t *bl;

static void next(void);
static void next_listener(const cnet_event_t *ev, void *ctx) { (void)ev; (void)ctx; next(); }

static void signal_connected(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("signal connected");
  cnet_abort_controller_abort(ac, NULL);
  T("signal after abort %s", B(cnet_socket_destroyed(ev->emitter)));
}
static void local_connected(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->emitter;
  T("local %s %s", cnet_socket_local_address(c), cnet_socket_remote_address(c));
  cnet_socket_end(c, NULL, NULL);
}
static void idle_timeout(const cnet_event_t *ev, void *ctx) { (void)ctx; cnet_socket_destroy(ev->emitter, NULL); }
static void done(cnet_server_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)err; (void)ctx;
  T("done");
  cnet_abort_controller_free(ac);
  cnet_blocklist_free(bl);
}

static void next(void) {
  static const cnet_event_type ec[] = {CNET_EV_ERROR, CNET_EV_CLOSE};
  static const cnet_event_type acec[] = {CNET_EV_CONNECTION_ATTEMPT, CNET_EV_CONNECT, CNET_EV_ERROR, CNET_EV_CLOSE};
  static const cnet_event_type ctc[] = {CNET_EV_CONNECT, CNET_EV_TIMEOUT, CNET_EV_CLOSE};
  cnet_socket_t *c;
  switch (step++) {
    case 0: {
      ac = cnet_abort_controller_new();
      cnet_socket_t *s = cnet_socket_new(NULL, &(cnet_socket_opts){.signal = cnet_abort_controller_signal(ac)});
      cnet_socket_connect(s, &(cnet_connect_opts){.port = port, .host = "127.0.0.1"}, signal_connected, NULL);
      c = s;
      watch(c, "signal", ec, 2);
      break;
    }
    case 1:
      bl = cnet_blocklist_new();
      cnet_blocklist_add_address(bl, "127.0.0.1", NULL);
      c = cnet_connect(NULL, &(cnet_connect_opts){.port = port, .host = "127.0.0.1", .block_list = bl}, NULL, NULL);
      watch(c, "blocked", acec, 4);
      break;
    case 2:
      c = cnet_connect(NULL, &(cnet_connect_opts){.port = port, .host = "127.0.0.1", .local_address = "127.0.0.2",
                                                   .no_delay = true, .keep_alive = true,
                                                   .keep_alive_initial_delay = 2000},
                       local_connected, NULL);
      watch(c, "local", ec, 2);
      break;
    case 3:
      c = cnet_create_connection(NULL, &(cnet_connect_opts){.port = port, .host = "127.0.0.1", .timeout = 300}, NULL, NULL);
      T("timeout option %lld", (long long)cnet_socket_timeout(c));
      watch(c, "idle", ctc, 3);
      cnet_on(c, CNET_EV_TIMEOUT, idle_timeout, NULL);
      break;
    default:
      cnet_server_close(server, done, NULL);
      return;
  }
  cnet_on(c, CNET_EV_CLOSE, next_listener, NULL);
}

static void on_connection(const cnet_event_t *ev, void *ctx) { (void)ctx; cnet_socket_resume(ev->u.connection); }
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
