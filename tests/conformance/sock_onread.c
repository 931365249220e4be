/* C port of sock_onread.js */
#include <stdlib.h>
#include <unistd.h>

#include "steps.h"
#include "transports.h"

static int i, calls;
static const char *name;
static cnet_server_t *server;
static cnet_socket_t *c, *peer;
static char mine[4];

static void run(void);

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  peer = ev->u.connection;
  cnet_socket_write_string(peer, "abcdefghij", NULL, NULL, NULL);
}
static void while_paused(void) {
  T("%s while paused %llu", name, (unsigned long long)cnet_socket_bytes_read(c));
  cnet_socket_resume(c);
}
static void stopped(void) {
  T("%s stopped %llu %s", name, (unsigned long long)cnet_socket_bytes_read(c), B(cnet_socket_is_paused(c)));
  cnet_socket_resume(c);
}
static bool onread(cnet_socket_t *s, size_t nread, char *buf, void *ctx) {
  (void)s; (void)ctx;
  calls++;
  printf("%s onread %zu ", name, nread);
  put_json(buf, nread, true);
  T(" %s", B(buf == mine));
  if (calls == 2) {
    later(50, stopped); /* reading stops now: nothing more comes until resume() */
    return false;
  }
  if (calls == 3) {
    cnet_socket_pause(c);
    T("%s paused %s", name, B(cnet_socket_is_paused(c)));
    cnet_socket_write_string(peer, "klm", NULL, NULL, NULL);
    later(30, while_paused);
  }
  if (calls == 4) cnet_socket_end(peer, NULL, NULL);
  return true;
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

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_connect_opts o = transport_target(server, i);
  calls = 0;
  c = cnet_socket_new(NULL, &(cnet_socket_opts){
      .onread = {.buffer = mine, .len = sizeof mine, .callback = onread}});
  cnet_socket_connect(c, &o, NULL, NULL);
  static const cnet_event_type evs[] = {CNET_EV_CONNECT, CNET_EV_DATA, CNET_EV_END, CNET_EV_CLOSE};
  watch(c, name, evs, 4);
  cnet_on(c, CNET_EV_CLOSE, client_close, NULL);
}

static void run(void) {
  if (i == 3) {
    transports_done();
    return;
  }
  name = transport_names[i];
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  transport_listen(server, i, on_listening);
}

int main(void) {
  if (transports_init()) return 1;
  run();
  return run_loop();
}
