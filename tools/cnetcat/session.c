/* stdin -> connections, connections -> stdout. */
#include "session.h"

#include <stdio.h>
#include <stdlib.h>

#include "verbose.h"

void session_error(session *ss, const conn *c, const char *message) {
  if (c && ss->o->listen) fprintf(stderr, "cnetcat: #%d %s\n", c->id, message);
  else fprintf(stderr, "cnetcat: %s\n", message);
  ss->status = 1;
}

static bool is_ready(const conn *c) {
  return c->connected && cnet_socket_writable(c->s);
}

/* stdin flows while some connection can take its bytes and none has asked
 * to wait for `drain`. */
static void update_stdin(session *ss) {
  bool ready = false;
  for (conn *c = ss->conns; c && !ready; c = c->next) ready = is_ready(c);
  if (ready && !ss->stdin_ended && !ss->awaiting_drain && !ss->finished) io_in_resume(&ss->in);
  else io_in_pause(&ss->in);
}

static void on_stdin_data(io_in *in, const char *bytes, size_t len) {
  session *ss = in->data;
  for (conn *c = ss->conns; c; c = c->next) {
    if (!is_ready(c)) continue;
    if (!cnet_socket_write(c->s, bytes, len, NULL, NULL) && !c->awaiting_drain) {
      c->awaiting_drain = true;
      ss->awaiting_drain++;
    }
  }
  update_stdin(ss);
}

static void on_stdin_end(io_in *in, int err) {
  session *ss = in->data;
  if (err) {
    char msg[128];
    snprintf(msg, sizeof msg, "stdin: %s", uv_strerror(err));
    session_error(ss, NULL, msg);
  }
  ss->stdin_ended = true;
  for (conn *c = ss->conns; c; c = c->next)
    if (cnet_socket_writable(c->s)) cnet_socket_end(c->s, NULL, NULL);
}

static void pause_all(session *ss, bool pause) {
  for (conn *c = ss->conns; c; c = c->next) {
    if (pause) cnet_socket_pause(c->s);
    else cnet_socket_resume(c->s);
  }
}

static void on_stdout_drain(io_out *out) {
  session *ss = out->data;
  ss->stdout_blocked = false;
  pause_all(ss, false);
}

static void on_stdout_error(io_out *out, int err) {
  session *ss = out->data;
  char msg[128];
  snprintf(msg, sizeof msg, "stdout: %s", uv_strerror(err));
  session_error(ss, NULL, msg);
  session_stop(ss); /* nowhere to put what comes: netcat would die of SIGPIPE */
}

int session_open(session *ss, const cnetcat_options *o, uv_loop_t *loop) {
  *ss = (session){.o = o, .loop = loop, .next_id = 1};
  int err = io_in_open(&ss->in, loop, 0, on_stdin_data, on_stdin_end);
  if (err < 0) {
    fprintf(stderr, "cnetcat: stdin: %s\n", uv_strerror(err));
    return -1;
  }
  ss->in.data = ss;
  err = io_out_open(&ss->out, loop, 1, on_stdout_drain, on_stdout_error);
  if (err < 0) {
    fprintf(stderr, "cnetcat: stdout: %s\n", uv_strerror(err));
    io_in_close(&ss->in);
    uv_run(loop, UV_RUN_NOWAIT);
    return -1;
  }
  ss->out.data = ss;
  return 0;
}

/* ---- a connection's events ---- */

static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  conn *c = ctx;
  c->connected = true;
  update_stdin(c->ss);
}

static void on_data(const cnet_event_t *ev, void *ctx) {
  conn *c = ctx;
  session *ss = c->ss;
  if (!io_out_write(&ss->out, ev->u.data.bytes, ev->u.data.len) && !ss->stdout_blocked) {
    ss->stdout_blocked = true;
    pause_all(ss, true);
  }
}

/* The peer's FIN: with one connection, stdout ends with it. Without
 * --half-open the socket ends its side too (Node's allowHalfOpen false), so
 * stdin stops. */
static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  conn *c = ctx;
  if (!c->ss->o->keep_listening) io_out_end(&c->ss->out);
  update_stdin(c->ss);
}

static void on_drain(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  conn *c = ctx;
  if (!c->awaiting_drain) return;
  c->awaiting_drain = false;
  c->ss->awaiting_drain--;
  update_stdin(c->ss);
}

static void on_timeout(const cnet_event_t *ev, void *ctx) {
  conn *c = ctx;
  char msg[64];
  snprintf(msg, sizeof msg, "idle for %g s: closing", (double)c->ss->o->idle_timeout_ms / 1000);
  session_error(c->ss, c, msg);
  cnet_socket_destroy(ev->emitter, NULL);
}

static void on_error(const cnet_event_t *ev, void *ctx) {
  conn *c = ctx;
  session_error(c->ss, c, ev->u.error->message);
}

static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  conn *c = ctx;
  session *ss = c->ss;
  if (c->awaiting_drain) ss->awaiting_drain--;
  if (c->prev) c->prev->next = c->next; else ss->conns = c->next;
  if (c->next) c->next->prev = c->prev;
  free(c);
  if (ss->o->keep_listening && !ss->finished) update_stdin(ss);
  else session_finish(ss);
}

conn *session_add(session *ss, cnet_socket_t *s, bool connected) {
  conn *c = calloc(1, sizeof *c);
  if (!c) abort();
  *c = (conn){.ss = ss, .s = s, .id = ss->next_id++, .connected = connected, .next = ss->conns};
  if (ss->conns) ss->conns->prev = c;
  ss->conns = c;
  if (ss->o->verbose) verbose_watch_socket(c);
  cnet_on(s, CNET_EV_CONNECT, on_connect, c);
  cnet_on(s, CNET_EV_DATA, on_data, c);
  cnet_on(s, CNET_EV_END, on_end, c);
  cnet_on(s, CNET_EV_DRAIN, on_drain, c);
  cnet_on(s, CNET_EV_TIMEOUT, on_timeout, c);
  cnet_on(s, CNET_EV_ERROR, on_error, c);
  cnet_on(s, CNET_EV_CLOSE, on_close, c);
  if (ss->o->idle_timeout_ms) cnet_socket_set_timeout(s, ss->o->idle_timeout_ms, NULL, NULL);
  if (ss->stdout_blocked) cnet_socket_pause(s);
  if (ss->stdin_ended) cnet_socket_end(s, NULL, NULL);
  update_stdin(ss);
  return c;
}

void session_finish(session *ss) {
  if (ss->finished) return;
  ss->finished = true;
  io_in_close(&ss->in);
  io_out_end(&ss->out);
}

void session_close_server(session *ss) {
  if (!ss->server || ss->server_closing) return;
  ss->server_closing = true;
  cnet_server_close(ss->server, NULL, NULL);
}

void session_stop(session *ss) {
  session_close_server(ss);
  for (conn *c = ss->conns; c; c = c->next) cnet_socket_destroy(c->s, NULL);
  session_finish(ss);
}
