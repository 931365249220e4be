/* C port of sock_flow.js */
#include <stdlib.h>
#include <unistd.h>

#include "steps.h"
#include "transports.h"

static int i;
static const char *name;
static cnet_server_t *server;
static cnet_socket_t *c, *peer;

static void run(void);

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  peer = ev->u.connection;
}
static void client_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  T("%s client end %s %llu", name, B(cnet_socket_readable_ended(c)),
    (unsigned long long)cnet_socket_bytes_read(c));
}
static void server_closed(cnet_server_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)err; (void)ctx;
  i++;
  run();
}
static void client_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  T("%s client close %s", name, B(cnet_socket_readable_ended(c)));
  cnet_server_close(server, server_closed, NULL);
}
static void show(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  printf("%s data ", name);
  put_json(ev->u.data.bytes, ev->u.data.len, false);
  T(" %s", B(cnet_socket_is_paused(c)));
}
static void show_last(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  printf("%s data ", name);
  put_json(ev->u.data.bytes, ev->u.data.len, false);
  T("");
}

static bool have_peer(void) { return peer != NULL; }
static bool read3(void) { return cnet_socket_bytes_read(c) == 3; }
static bool read6(void) { return cnet_socket_bytes_read(c) == 6; }
static bool read11(void) { return cnet_socket_bytes_read(c) == 11; }
static bool read15(void) { return cnet_socket_bytes_read(c) == 15; }
static bool read19(void) { return cnet_socket_bytes_read(c) == 19; }

static void eof_seen(void) {
  T("%s eof seen %s", name, B(cnet_socket_readable_ended(c)));
  cnet_on(c, CNET_EV_DATA, show_last, NULL);
  cnet_socket_resume(c);
}
static void got_last(void) { later(50, eof_seen); }
static void after_lost(void) {
  T("%s after lost %llu", name, (unsigned long long)cnet_socket_bytes_read(c));
  cnet_socket_pause(c);
  cnet_socket_end_string(peer, "last", NULL, NULL, NULL);
  until(read19, got_last);
}
static void got_lost(void) { immediate(after_lost); }
static void after_resume(void) {
  cnet_remove_all_listeners(c, CNET_EV_DATA);
  cnet_socket_write_string(peer, "lost", NULL, NULL, NULL);
  until(read15, got_lost);
}
static void got_three(void) {
  T("%s read while paused %llu", name, (unsigned long long)cnet_socket_bytes_read(c));
  cnet_socket_resume(c);
  T("%s resumed %s", name, B(cnet_socket_is_paused(c)));
  immediate(after_resume);
}
static void step2(void) {
  cnet_socket_pause(c);
  T("%s paused %s", name, B(cnet_socket_is_paused(c)));
  cnet_socket_write_string(peer, "three", NULL, NULL, NULL);
  until(read11, got_three);
}
static void got_two(void) {
  T("%s held %llu %s", name, (unsigned long long)cnet_socket_bytes_read(c), B(cnet_socket_is_paused(c)));
  cnet_on(c, CNET_EV_DATA, show, NULL);
  T("%s listener added %s", name, B(cnet_socket_is_paused(c)));
  immediate(step2);
}
static void got_one(void) {
  cnet_socket_write_string(peer, "two", NULL, NULL, NULL);
  until(read6, got_two);
}
static void peer_ready(void) {
  cnet_socket_write_string(peer, "one", NULL, NULL, NULL);
  until(read3, got_one);
}
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  T("%s connected %s", name, B(cnet_socket_is_paused(c)));
  until(have_peer, peer_ready);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_connect_opts o = transport_target(server, i);
  c = cnet_connect(NULL, &o, NULL, NULL);
  cnet_on(c, CNET_EV_END, client_end, NULL);
  cnet_on(c, CNET_EV_CLOSE, client_close, NULL);
  cnet_on(c, CNET_EV_CONNECT, on_connect, NULL);
}

static void run(void) {
  if (i == 3) {
    transports_done();
    return;
  }
  name = transport_names[i];
  peer = NULL;
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  transport_listen(server, i, on_listening);
}

int main(void) {
  if (transports_init()) return 1;
  run();
  return run_loop();
}
