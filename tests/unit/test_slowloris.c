/* examples/slowloris_server against slow clients, run as a user would run
 * it (a process of its own; its lines say how each connection ended).
 *
 * - A silent client is caught by the idle timeout.
 * - A slowloris, one byte every TRICKLE_MS, is NOT caught by the idle
 *   timeout (IDLE_MS, five trickles long): every byte starts its count
 *   again. The request deadline catches it, after more than IDLE_MS.
 * - An honest client is served, and its deadline cleared.
 * - Against the same server without a deadline, a slowloris that trickles
 *   three times IDLE_MS long is still connected when it stops, and only
 *   then does the idle timeout close it: what an idle timeout alone lets
 *   a trickle do.
 *
 * The times leave a margin of five between a trickle and the idle timeout,
 * so a loaded machine does not turn a trickle into an idle gap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnet.h"

#define IDLE_MS 500
#define DEADLINE_MS 1500
#define TRICKLE_MS 100
#define TRICKLES_UNGUARDED 15 /* 1.5 s of trickle: three idle timeouts long */

typedef struct {
  uv_process_t proc;
  uv_pipe_t out;
  char buf[4096];
  size_t len;
  int port;
  bool exited;
} server_proc_t;

static server_proc_t guarded, unguarded;

typedef struct {
  const char *name;
  server_proc_t *server;
  cnet_socket_t *s;
  int local_port, trickles, max_trickles;
  cnet_timer_t *trickle;
  bool closed;
  char answer[32];
  char verdict[64]; /* the server's line: "REASON after N bytes" */
} client_t;

static client_t silent = {.name = "silent"}, loris = {.name = "slowloris"}, honest = {.name = "honest"},
                loris_unguarded = {.name = "slowloris, no deadline"};
static client_t *const clients[] = {&silent, &loris, &honest, &loris_unguarded};
#define NCLIENTS (sizeof clients / sizeof clients[0])

static void start_clients(void);
static void all_closed_maybe(void);

/* ---- the server processes' lines ---- */

static void on_line(server_proc_t *sp, char *line) {
  int port;
  char rest[64];
  if (sscanf(line, "listening on port %d", &port) == 1) {
    sp->port = port;
    if (guarded.port && unguarded.port) start_clients();
    return;
  }
  if (sscanf(line, "closed port %d: %63[^\n]", &port, rest) != 2) return;
  for (size_t i = 0; i < NCLIENTS; i++)
    if (clients[i]->server == sp && clients[i]->local_port == port)
      snprintf(clients[i]->verdict, sizeof clients[i]->verdict, "%s", rest);
  all_closed_maybe();
}

static void out_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *b) {
  (void)suggested;
  server_proc_t *sp = h->data;
  *b = uv_buf_init(sp->buf + sp->len, (unsigned)(sizeof sp->buf - sp->len - 1));
}

static void out_read(uv_stream_t *st, ssize_t n, const uv_buf_t *b) {
  (void)b;
  server_proc_t *sp = st->data;
  if (n < 0) {
    uv_close((uv_handle_t *)st, NULL);
    return;
  }
  sp->len += (size_t)n;
  sp->buf[sp->len] = '\0';
  char *nl;
  while ((nl = strchr(sp->buf, '\n'))) {
    *nl = '\0';
    on_line(sp, sp->buf);
    sp->len -= (size_t)(nl + 1 - sp->buf);
    memmove(sp->buf, nl + 1, sp->len + 1);
  }
}

static void on_exit_(uv_process_t *p, int64_t status, int sig) {
  (void)status;
  (void)sig;
  ((server_proc_t *)p->data)->exited = true;
  uv_close((uv_handle_t *)p, NULL);
}

static void spawn(server_proc_t *sp, const char *deadline) {
  char idle[16];
  snprintf(idle, sizeof idle, "%d", IDLE_MS);
  char *args[] = {EXAMPLE_SLOWLORIS_SERVER, "--idle", idle, "--deadline", (char *)deadline, "0", NULL};
  uv_pipe_init(uv_default_loop(), &sp->out, 0);
  sp->out.data = sp->proc.data = sp;
  uv_stdio_container_t stdio[3] = {{.flags = UV_IGNORE},
                                   {.flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE,
                                    .data.stream = (uv_stream_t *)&sp->out},
                                   {.flags = UV_INHERIT_FD, .data.fd = 2}};
  uv_process_options_t o = {.file = args[0], .args = args, .exit_cb = on_exit_, .stdio = stdio,
                            .stdio_count = 3};
  assert_int_equal(uv_spawn(uv_default_loop(), &sp->proc, &o), 0);
  uv_read_start((uv_stream_t *)&sp->out, out_alloc, out_read);
}

/* ---- the clients ---- */

static void all_closed_maybe(void) {
  for (size_t i = 0; i < NCLIENTS; i++)
    if (!clients[i]->closed || !clients[i]->verdict[0]) return;
  uv_process_kill(&guarded.proc, SIGTERM);
  uv_process_kill(&unguarded.proc, SIGTERM);
}

static void stop_trickle(client_t *c) {
  if (!c->trickle) return;
  cnet_clear_interval(c->trickle);
  cnet_timer_release(c->trickle);
  c->trickle = NULL;
}

static void trickle(void *ctx) {
  client_t *c = ctx;
  if (c->max_trickles && c->trickles == c->max_trickles) {
    stop_trickle(c); /* and say nothing more */
    return;
  }
  c->trickles++;
  cnet_socket_write_string(c->s, "x", NULL, NULL, NULL);
}

static void on_data(const cnet_event_t *ev, void *ctx) {
  client_t *c = ctx;
  strncat(c->answer, ev->u.data.bytes, ev->u.data.len < 16 ? ev->u.data.len : 16);
}

static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  client_t *c = ctx;
  c->closed = true;
  stop_trickle(c);
  all_closed_maybe();
}

static void on_connect(const cnet_event_t *ev, void *ctx) {
  client_t *c = ctx;
  c->local_port = cnet_socket_local_port(ev->emitter);
  if (c == &honest) cnet_socket_write_string(c->s, "hello\n", NULL, NULL, NULL);
  if (c == &loris || c == &loris_unguarded)
    c->trickle = cnet_timer_retain(cnet_set_interval(NULL, TRICKLE_MS, trickle, c));
}

static void ignore_error(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  (void)ctx;
}

static void start_client(client_t *c, server_proc_t *sp) {
  c->server = sp;
  c->s = cnet_socket_retain(cnet_connect_port(NULL, sp->port, "127.0.0.1", on_connect, c));
  cnet_on(c->s, CNET_EV_DATA, on_data, c);
  cnet_on(c->s, CNET_EV_ERROR, ignore_error, c);
  cnet_on(c->s, CNET_EV_CLOSE, on_close, c);
}

static void start_clients(void) {
  start_client(&silent, &guarded);
  start_client(&loris, &guarded);
  start_client(&honest, &guarded);
  loris_unguarded.max_trickles = TRICKLES_UNGUARDED;
  start_client(&loris_unguarded, &unguarded);
}

static void slow_clients_are_caught(void **state) {
  (void)state;
  char deadline[16];
  snprintf(deadline, sizeof deadline, "%d", DEADLINE_MS);
  spawn(&guarded, deadline);
  spawn(&unguarded, "0");
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  for (size_t i = 0; i < NCLIENTS; i++) {
    print_message("%-24s server: %s (%d bytes trickled)\n", clients[i]->name, clients[i]->verdict,
                  clients[i]->trickles);
    cnet_socket_release(clients[i]->s);
  }
  assert_true(guarded.exited && unguarded.exited);
  assert_string_equal(silent.verdict, "idle after 0 bytes");
  assert_string_equal(honest.verdict, "served after 6 bytes");
  assert_string_equal(honest.answer, "ok 6\n");
  /* the trickle outlived the idle timeout, twice over, and the deadline ended it */
  assert_string_equal(strtok(loris.verdict, " "), "deadline");
  assert_true(loris.trickles >= 2 * IDLE_MS / TRICKLE_MS);
  /* without a deadline, the idle timeout came only once the trickle stopped */
  char expect[32];
  snprintf(expect, sizeof expect, "idle after %d bytes", TRICKLES_UNGUARDED);
  assert_string_equal(loris_unguarded.verdict, expect);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  assert_int_equal(uv_loop_close(uv_default_loop()), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(slow_clients_are_caught)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
