/* C port of sock_unref.js. The process ends when uv_run returns: the
 * unref'd sockets are still open then, as in Node at exit; the port then
 * closes them quietly, as the process's end does in Node. */
#include "trace.h"

static cnet_server_t *server;
static cnet_socket_t *c, *peer;

static void log_event(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  T("%s", (const char *)ctx);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("server connection");
  peer = cnet_socket_retain(ev->u.connection);
  cnet_socket_unref(peer);
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_unref(server);
  c = cnet_socket_retain(cnet_socket_new(NULL, NULL));
  cnet_socket_unref(c); /* no handle yet: applied at connect */
  cnet_socket_ref(c);
  cnet_socket_unref(c);
  cnet_socket_set_timeout(c, 5000, log_event, "timeout");
  cnet_socket_connect_port(c, server_port(server), "127.0.0.1", log_event, "client connected");
  cnet_on(c, CNET_EV_CLOSE, log_event, "client close");
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", on_listening, NULL);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  T("exit 0");
  cnet_remove_all_listeners(c, CNET_EV_CLOSE);
  cnet_socket_destroy(c, NULL);
  cnet_socket_release(c);
  cnet_socket_destroy(peer, NULL);
  cnet_socket_release(peer);
  cnet_server_close(server, NULL, NULL);
  return run_loop();
}
