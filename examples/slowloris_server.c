/* A server that a slow client cannot hold forever: the policy a cnet (or
 * Node) server needs against slowloris, shown on a one-line protocol
 * (the client sends a line, the server answers "ok N" and ends).
 *
 *   slowloris_server [--idle MS] [--deadline MS] [PORT]
 *
 * Two limits, because one is not enough:
 *
 * - socket.setTimeout(idle): an idle timeout. It catches a client that
 *   says nothing. It does NOT catch a client that sends a byte every so
 *   often: every byte is activity and starts the idle count again, in
 *   cnet as in Node. A trickle of one byte a second keeps a connection
 *   (and its descriptor) forever under any idle timeout above a second.
 * - a deadline for the whole request, a timer of the server's own, armed
 *   at `connection` and cleared once the line is complete. It catches the
 *   trickle. 0 turns it off, to see the trickle survive.
 *
 * Each connection's end is printed ("closed port PORT: REASON after N
 * bytes", PORT the client's, REASON idle, deadline or served); SIGTERM
 * closes the server. tests/unit/test_slowloris.c runs this program
 * against a silent client, a trickling one and an honest one. */
#include <cnet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t idle_ms = 10000, deadline_ms = 30000;

typedef struct {
  cnet_timer_t *deadline; /* retained while armed */
  size_t bytes;
  const char *reason;
  int port; /* the client's, read while connected */
} conn_t;

static void conn_free(void *p) {
  conn_t *c = p;
  if (c->deadline) {
    cnet_clear_timeout(c->deadline);
    cnet_timer_release(c->deadline);
  }
  free(c);
}

static void stop_deadline(conn_t *c) {
  if (!c->deadline) return;
  cnet_clear_timeout(c->deadline);
  cnet_timer_release(c->deadline);
  c->deadline = NULL;
}

static void on_deadline(void *s) {
  conn_t *c = cnet_socket_get_data(s);
  c->reason = "deadline";
  cnet_socket_destroy(s, NULL);
}

static void on_idle(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  conn_t *c = cnet_socket_get_data(ev->emitter);
  c->reason = "idle";
  cnet_socket_destroy(ev->emitter, NULL);
}

static void on_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  conn_t *c = cnet_socket_get_data(ev->emitter);
  c->bytes += ev->u.data.len;
  if (c->reason || !memchr(ev->u.data.bytes, '\n', ev->u.data.len)) return;
  stop_deadline(c); /* the request is in: no more deadline */
  c->reason = "served";
  char answer[32];
  snprintf(answer, sizeof answer, "ok %zu\n", c->bytes);
  cnet_socket_end_string(ev->emitter, answer, NULL, NULL, NULL);
}

static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  conn_t *c = cnet_socket_get_data(ev->emitter);
  printf("closed port %d: %s after %zu bytes\n", c->port, c->reason ? c->reason : "peer", c->bytes);
  fflush(stdout);
}

static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  (void)ctx; /* a reset peer: `close` follows */
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *s = ev->u.connection;
  conn_t *c = calloc(1, sizeof *c);
  c->port = cnet_socket_remote_port(s);
  cnet_socket_set_data(s, c, conn_free);
  cnet_on(s, CNET_EV_DATA, on_data, NULL);
  cnet_on(s, CNET_EV_ERROR, on_error, NULL);
  cnet_on(s, CNET_EV_CLOSE, on_close, NULL);
  cnet_socket_set_timeout(s, idle_ms, on_idle, NULL);
  if (deadline_ms > 0) c->deadline = cnet_timer_retain(cnet_set_timeout(NULL, (uint64_t)deadline_ms, on_deadline, s));
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  printf("listening on port %d\n", cnet_server_port(ev->emitter));
  fflush(stdout);
}

static void on_sigterm(uv_signal_t *sig, int signum) {
  (void)signum;
  cnet_server_close(sig->data, NULL, NULL); /* open connections end by the rules above */
  uv_close((uv_handle_t *)sig, NULL);
}

int main(int argc, char **argv) {
  int port = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--idle") == 0 && i + 1 < argc)
      idle_ms = atoll(argv[++i]);
    else if (strcmp(argv[i], "--deadline") == 0 && i + 1 < argc)
      deadline_ms = atoll(argv[++i]);
    else
      port = atoi(argv[i]);
  }
  cnet_server_t *server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_server_listen_port(server, port, "127.0.0.1", on_listening, NULL);
  uv_signal_t sigterm;
  uv_signal_init(uv_default_loop(), &sigterm);
  sigterm.data = server;
  uv_signal_start(&sigterm, on_sigterm, SIGTERM);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  return uv_loop_close(uv_default_loop()) == 0 ? 0 : 1;
}
