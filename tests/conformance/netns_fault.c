/* C port of netns_fault.js (run through tests/netns/run). */
#include <stdlib.h>

#include "fault_trace.h"

static char CHUNK[65536];
static tracker_t trackers[3];
static int step;
static void next(void);

/* ---- drop-connect ---- */
static const char *const drop_names[] = {"drop-connect destroy()", "drop-connect destroy(err)"};
static void next_soon(void *ctx) {
  (void)ctx;
  next();
}
static void drop_timeout(const cnet_event_t *ev, void *ctx) {
  const char *name = ctx;
  cnet_socket_t *s = ev->emitter;
  say("%s connecting %s", name, B(cnet_socket_connecting(s)));
  if (name == drop_names[0])
    cnet_socket_destroy(s, NULL);
  else
    cnet_socket_destroy(s, &(cnet_error_t){.name = "Error", .code = "ETIMEDOUT", .message = "connect timed out"});
}
static void drop_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_set_immediate(NULL, next_soon, NULL);
}
static void drop_connect(int i) {
  cnet_socket_t *s = cnet_connect(NULL, &(cnet_connect_opts){.port = 9, .host = "127.0.0.3", .timeout = 100},
                                  NULL, NULL);
  tracker_t *tr = track(s, &trackers[i], drop_names[i]);
  cnet_socket_write_string(s, "queued", NULL, tracker_cb, tr);
  cnet_on(s, CNET_EV_TIMEOUT, drop_timeout, (void *)drop_names[i]);
  cnet_on(s, CNET_EV_CLOSE, drop_close, NULL);
}

/* ---- vanish silently ---- */
static const char *vanish = "vanish silently";
static cnet_server_t *srv;
static cnet_socket_t *conns[4];
static int nconns;

static void v_conn(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  conns[nconns++] = ev->u.connection;
  cnet_socket_pause(ev->u.connection);
}
static void v_connect(const cnet_event_t *ev, void *ctx) {
  cnet_socket_t *s = ev->emitter;
  if (system("sh " CNET_NETNS_DIR "/drop 127.0.0.4") != 0) say("drop failed");
  cnet_socket_set_timeout(s, 300, NULL, NULL);
  for (int i = 0; i < 128; i++) cnet_socket_write(s, CHUNK, sizeof CHUNK, tracker_cb, ctx);
}
static void v_timeout(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *s = ev->emitter;
  say("%s timeout with %s", vanish, cnet_socket_writable_length(s) > 0 ? "writes queued" : "nothing queued");
  cnet_socket_destroy(s, NULL);
}
static void v_server_closed(cnet_server_t *x, const cnet_error_t *e, void *ctx) {
  (void)x; (void)e; (void)ctx;
  say("server closed");
}
static void v_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  for (int i = 0; i < nconns; i++) cnet_socket_destroy(conns[i], NULL);
  cnet_server_close(srv, v_server_closed, NULL);
}
static void v_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *s = cnet_connect_port(NULL, server_port(srv), "127.0.0.4", NULL, NULL);
  tracker_t *tr = track(s, &trackers[2], vanish);
  cnet_on(s, CNET_EV_CONNECT, v_connect, tr);
  cnet_on(s, CNET_EV_TIMEOUT, v_timeout, NULL);
  cnet_on(s, CNET_EV_CLOSE, v_close, NULL);
}

static void next(void) {
  switch (step++) {
    case 0: drop_connect(0); break;
    case 1: drop_connect(1); break;
    case 2:
      srv = cnet_create_server(NULL, NULL, v_conn, NULL);
      cnet_server_listen_port(srv, 0, "127.0.0.4", v_listening, NULL);
      break;
    default: break;
  }
}

int main(void) {
  memset(CHUNK, 'x', sizeof CHUNK);
  next();
  return run_loop();
}
