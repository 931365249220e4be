/* C port of fault_peer.js */
#include <stdlib.h>
#include <unistd.h>

#include "fault_trace.h"

static char dir[] = "/tmp/cnet-fault-XXXXXX";
static char sock_path[64];
static char CHUNK[65536];

enum { TCP4, TCP6, UNIX_ };
static const char *const tname[] = {"tcp4", "tcp6", "unix"};

/* ---- the scenario under way ---- */
typedef void (*scenario_fn)(void);
static int t;                 /* its transport */
static char name[96];
static tracker_t trackers[64];
static int ntrackers;
static cnet_server_t *srv;
static cnet_socket_t *s;
static bool half;
static int after;
static uint64_t received;
static void go(void);

static tracker_t *track_s(void) { return track(s, &trackers[ntrackers++], name); }

static cnet_connect_opts target(void) {
  if (t == UNIX_) return (cnet_connect_opts){.path = sock_path};
  return (cnet_connect_opts){.port = server_port(srv), .host = t == TCP4 ? "127.0.0.1" : "::1"};
}

static void with_server(const cnet_server_opts *o, cnet_listener_fn on_conn, cnet_listener_fn client) {
  srv = cnet_create_server(NULL, o, on_conn, NULL);
  if (t == UNIX_) cnet_server_listen_path(srv, sock_path, client, NULL);
  else cnet_server_listen_port(srv, 0, t == TCP4 ? "127.0.0.1" : "::1", client, NULL);
}

static void closed_next(cnet_server_t *x, const cnet_error_t *e, void *ctx) {
  (void)x; (void)e; (void)ctx;
  go();
}
static void close_server(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(srv, closed_next, NULL);
}

static void write_chunks(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  for (int i = 0; i < 256; i++) cnet_socket_write(s, CHUNK, sizeof CHUNK, tracker_cb, ctx);
}
static void reset_peer(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_reset_and_destroy(ev->emitter);
}
static void destroy_peer(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_destroy(ev->emitter, NULL);
}

/* ---- reset-mid-write ---- */
static void rmw_conn(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_once(ev->u.connection, CNET_EV_DATA, reset_peer, NULL);
}

/* Connects s to the scenario's server. As in the .js, s is kept until the
 * next scenario: the peer may look at it after its `close`. */
static cnet_socket_t *connect_opts(const cnet_connect_opts *o) {
  s = cnet_socket_retain(cnet_connect(NULL, o, NULL, NULL));
  return s;
}
static cnet_socket_t *connect_s(bool allow_half_open) {
  cnet_connect_opts o = target();
  o.allow_half_open = allow_half_open;
  return connect_opts(&o);
}

static void reset_mid_write_client(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  connect_s(false);
  tracker_t *tr = track_s();
  cnet_on(s, CNET_EV_CLOSE, close_server, NULL);
  cnet_on(s, CNET_EV_CONNECT, write_chunks, tr);
}
static void reset_mid_write(void) { with_server(NULL, rmw_conn, reset_mid_write_client); }

/* ---- reset-mid-read, all read ---- */
static void say_go(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_write_string(ev->emitter, "go", NULL, NULL, NULL);
}
static void rmr_all_conn(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_write_string(ev->u.connection, "hello", NULL, NULL, NULL);
  cnet_once(ev->u.connection, CNET_EV_DATA, reset_peer, NULL);
}
static void rmr_all_client(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  connect_s(false);
  track_s();
  cnet_once(s, CNET_EV_DATA, say_go, NULL);
  cnet_on(s, CNET_EV_CLOSE, close_server, NULL);
}
static void reset_mid_read_all(void) { with_server(NULL, rmr_all_conn, rmr_all_client); }

/* ---- reset-mid-read, data unread ---- */
static void resume_s(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_resume(s);
}
static void rmr_unread_conn(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->u.connection;
  for (int i = 0; i < 256; i++) cnet_socket_write(c, CHUNK, sizeof CHUNK, NULL, NULL);
  cnet_once(c, CNET_EV_DATA, reset_peer, NULL);
  cnet_on(c, CNET_EV_CLOSE, resume_s, NULL);
}
static void pause_say_go(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_pause(ev->emitter);
  cnet_socket_write_string(ev->emitter, "go", NULL, NULL, NULL);
}
static void rmr_unread_client(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  connect_s(false);
  track_s();
  cnet_once(s, CNET_EV_DATA, pause_say_go, NULL);
  cnet_on(s, CNET_EV_CLOSE, close_server, NULL);
}
static void reset_mid_read_unread(void) { with_server(NULL, rmr_unread_conn, rmr_unread_client); }

/* ---- half-close-mid-write ---- */
static void hc_end_peer(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end(ev->emitter, NULL, NULL);
}
static void hc_count(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  received += ev->u.data.len;
}
static void hc_peer_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  say("%s peer got all %s", name, B(received == cnet_socket_bytes_written(s)));
}
static void hc_conn(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->u.connection;
  cnet_once(c, CNET_EV_DATA, hc_end_peer, NULL);
  cnet_on(c, CNET_EV_DATA, hc_count, NULL);
  cnet_on(c, CNET_EV_END, hc_peer_end, NULL);
}
static void hc_write(void *ctx);
static void hc_written(cnet_socket_t *x, const cnet_error_t *err, void *ctx) {
  tracker_cb(x, err, ctx);
  if (!err) cnet_set_immediate(NULL, hc_write, ctx);
}
/* without half-open, writes go on after `end` until one fails */
static void hc_write(void *ctx) {
  if (cnet_socket_destroyed(s) || (half && cnet_socket_writable_ended(s))) return;
  if (half && cnet_socket_readable_ended(s) && ++after > 8) {
    cnet_socket_end(s, NULL, NULL);
    return;
  }
  cnet_socket_write(s, CHUNK, sizeof CHUNK, hc_written, ctx);
}
static void hc_connected(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  hc_write(ctx);
}
static void hc_client(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  connect_s(half);
  tracker_t *tr = track_s();
  cnet_on(s, CNET_EV_CONNECT, hc_connected, tr);
  cnet_on(s, CNET_EV_CLOSE, close_server, NULL);
}
static void half_close_mid_write(void) {
  received = 0;
  after = 0;
  with_server(&(cnet_server_opts){.allow_half_open = true}, hc_conn, hc_client);
}

/* ---- epipe ---- */
static void ep_write(void *ctx);
static void ep_written(cnet_socket_t *x, const cnet_error_t *err, void *ctx) {
  tracker_cb(x, err, ctx);
  if (!err) cnet_set_immediate(NULL, ep_write, ctx);
}
static void ep_write(void *ctx) { cnet_socket_write_string(s, "x", NULL, ep_written, ctx); }
static void ep_on_end(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  ep_write(ctx);
}
static void ep_conn(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_destroy(ev->u.connection, NULL);
}
static void ep_client(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  connect_s(true);
  tracker_t *tr = track_s();
  cnet_on(s, CNET_EV_END, ep_on_end, tr);
  cnet_on(s, CNET_EV_CLOSE, close_server, NULL);
}
static void epipe(void) { with_server(NULL, ep_conn, ep_client); }

/* ---- vanish-with-queue ---- */
static void vq_conn(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_once(ev->u.connection, CNET_EV_DATA, destroy_peer, NULL);
}
static void vq_client(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  connect_s(false);
  tracker_t *tr = track_s();
  cnet_on(s, CNET_EV_CONNECT, write_chunks, tr);
  cnet_on(s, CNET_EV_CLOSE, close_server, NULL);
}
static void vanish_with_queue(void) { with_server(NULL, vq_conn, vq_client); }

/* ---- refused ---- */
static cnet_connect_opts refused_opts;
static void go_soon(void *ctx) {
  (void)ctx;
  go();
}
static void rf_closed(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  if (t == UNIX_) unlink(sock_path);
  cnet_set_immediate(NULL, go_soon, NULL);
}
static void rf_server_closed(cnet_server_t *x, const cnet_error_t *e, void *ctx) {
  (void)x; (void)e; (void)ctx;
  if (t == UNIX_) fclose(fopen(sock_path, "w")); /* a file that is no socket */
  connect_opts(&refused_opts);
  tracker_t *tr = track_s();
  cnet_socket_write_string(s, "x", NULL, tracker_cb, tr);
  cnet_socket_write_string(s, "y", NULL, tracker_cb, tr);
  cnet_socket_end(s, tracker_cb, tr);
  cnet_on(s, CNET_EV_CLOSE, rf_closed, NULL);
}
static void rf_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  refused_opts = target();
  cnet_server_close(srv, rf_server_closed, NULL);
}
static void refused(void) {
  srv = cnet_create_server(NULL, NULL, NULL, NULL);
  if (t == UNIX_) cnet_server_listen_path(srv, sock_path, rf_listening, NULL);
  else cnet_server_listen_port(srv, 0, t == TCP4 ? "127.0.0.1" : "::1", rf_listening, NULL);
}

/* ---- the list ---- */
typedef struct {
  const char *name;
  scenario_fn fn;
  int transports[3];
  int ntransports;
  int half; /* -1: not a half-close case */
} scenario_t;

static const scenario_t scenarios[] = {
  {"reset-mid-write", reset_mid_write, {TCP4, TCP6}, 2, -1},
  {"reset-mid-read, all read", reset_mid_read_all, {TCP4, TCP6}, 2, -1},
  {"reset-mid-read, data unread", reset_mid_read_unread, {TCP4, TCP6}, 2, -1},
  {"half-close-mid-write allowHalfOpen=false", half_close_mid_write, {TCP4, UNIX_}, 2, 0},
  {"half-close-mid-write allowHalfOpen=true", half_close_mid_write, {TCP4, UNIX_}, 2, 1},
  {"epipe", epipe, {TCP4, UNIX_}, 2, -1},
  {"vanish-with-queue", vanish_with_queue, {TCP4, UNIX_}, 2, -1},
  {"refused", refused, {TCP4, TCP6, UNIX_}, 3, -1},
};

static void go(void) {
  static size_t si, ti;
  if (s) cnet_socket_release(s);
  s = NULL;
  if (si == sizeof scenarios / sizeof scenarios[0]) {
    rmdir(dir);
    return;
  }
  const scenario_t *sc = &scenarios[si];
  t = sc->transports[ti];
  half = sc->half == 1;
  snprintf(name, sizeof name, "%s %s", sc->name, tname[t]);
  if (++ti == (size_t)sc->ntransports) ti = 0, si++;
  sc->fn();
}

int main(void) {
  if (!mkdtemp(dir)) return 1;
  fault_dir = dir;
  snprintf(sock_path, sizeof sock_path, "%s/s", dir);
  memset(CHUNK, 'x', sizeof CHUNK);
  go();
  return run_loop();
}
