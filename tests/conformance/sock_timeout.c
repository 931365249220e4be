/* C port of sock_timeout.js */
#include <unistd.h>

#include "steps.h"
#include "transports.h"

static int i, n;
static const char *name;
static cnet_server_t *server;
static cnet_socket_t *c;

static void run(void);

/* socket.timeout as the .js prints it: undefined joins as "" */
static const char *timeout_of(cnet_socket_t *s) {
  static char buf[24];
  int64_t t = cnet_socket_timeout(s);
  if (t < 0) return "";
  snprintf(buf, sizeof buf, "%lld", (long long)t);
  return buf;
}

static void first(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  T("%s first cb %s %s", name, timeout_of(c), cnet_socket_ready_state(c));
}
static void second(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  T("%s second cb", name);
}
static void third(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  T("%s third cb", name);
}
static void shorter(void) {
  cnet_socket_set_timeout(c, 20, second, NULL);
  cnet_socket_set_timeout(c, 20, second, NULL);
  T("%s twice %zu", name, cnet_listener_count(c, CNET_EV_TIMEOUT));
}
static void on_timeout(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  n++;
  T("%s timeout %d %s %s %zu", name, n, cnet_socket_ready_state(c), B(cnet_socket_destroyed(c)),
    cnet_listener_count(c, CNET_EV_TIMEOUT));
  if (n == 1) {
    cnet_socket_set_timeout(c, 0, NULL, NULL);
    T("%s disabled %s", name, timeout_of(c));
    later(60, shorter);
  } else {
    cnet_socket_set_timeout(c, 10, third, NULL);
    cnet_socket_set_timeout(c, 0, third, NULL);
    T("%s removed %s %zu", name, timeout_of(c), cnet_listener_count(c, CNET_EV_TIMEOUT));
    cnet_socket_destroy(c, NULL);
    cnet_socket_set_timeout(c, 5, NULL, NULL);
    T("%s after destroy %s", name, timeout_of(c));
  }
}
static void server_closed(cnet_server_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)err; (void)ctx;
  i++;
  run();
}
static void client_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(server, server_closed, NULL);
}

static void connected(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_set_timeout(c, 50, NULL, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_connect_opts o = transport_target(server, i);
  c = cnet_socket_new(NULL, NULL);
  T("%s fresh %s", name, timeout_of(c));
  cnet_socket_set_timeout(c, 60000, first, NULL);
  T("%s set %s %zu", name, timeout_of(c), cnet_listener_count(c, CNET_EV_TIMEOUT));
  static const cnet_event_type evs[] = {CNET_EV_CONNECT, CNET_EV_TIMEOUT, CNET_EV_END, CNET_EV_CLOSE};
  watch(c, name, evs, 4);
  cnet_socket_connect(c, &o, connected, NULL);
  n = 0;
  cnet_on(c, CNET_EV_TIMEOUT, on_timeout, NULL);
  cnet_on(c, CNET_EV_CLOSE, client_close, NULL);
}

static void run(void) {
  if (i == 3) {
    transports_done();
    return;
  }
  name = transport_names[i];
  server = cnet_create_server(NULL, NULL, NULL, NULL);
  transport_listen(server, i, on_listening);
}

int main(void) {
  if (transports_init()) return 1;
  run();
  return run_loop();
}
