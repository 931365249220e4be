/* C port of fault_matrix.js: the same cases, read from the same table. */
#include <stdlib.h>

#include "trace.h"

#define MAX_CASES 256
#define LINE 1024

typedef enum { CLIENT, PEER, SERVER } who_t;
static const char *const who_name[] = {"client", "peer", "server"};

typedef struct {
  char scenario[16], emitter[16], event[32], action[16];
  bool throws; /* Node v23.5.0 throws here: not compared (see the table) */
} case_t;

static case_t cases[MAX_CASES];
static size_t ncases, ci;

static void read_table(void) {
  FILE *f = fopen(CNET_CONF_DIR "/fault_matrix.table", "r");
  char line[512];
  if (!f) abort();
  while (fgets(line, sizeof line, f)) {
    char *w[16];
    int n = 0;
    for (char *tok = strtok(line, " \t\n"); tok && n < 16; tok = strtok(NULL, " \t\n")) w[n++] = tok;
    if (n < 4 || w[0][0] == '#') continue;
    for (int i = 3; i < n && ncases < MAX_CASES; i++) {
      case_t *c = &cases[ncases++];
      snprintf(c->scenario, sizeof c->scenario, "%s", w[0]);
      snprintf(c->emitter, sizeof c->emitter, "%s", w[1]);
      snprintf(c->event, sizeof c->event, "%s", w[2]);
      size_t len = strlen(w[i]);
      c->throws = len && w[i][len - 1] == '!';
      snprintf(c->action, sizeof c->action, "%.*s", (int)(len - c->throws), w[i]);
    }
  }
  fclose(f);
}

/* ---- the case under way ---- */

static struct {
  const case_t *c;
  char lines[3][LINE];
  bool closed[3], over[3], finished, after_close;
  cnet_server_t *server;
  int port;
} k;

typedef struct {
  who_t who;
} watch_t;
static watch_t watches[3] = {{CLIENT}, {PEER}, {SERVER}};

static void run_case(void);

static void next_case(void *ctx) {
  (void)ctx;
  if (ci < ncases) run_case();
}

static void finish(void *ctx) {
  (void)ctx;
  if (k.finished) return;
  k.finished = true;
  cnet_server_release(k.server);
  const case_t *c = k.c;
  T("%s %s %s %s", c->scenario, c->emitter, c->event, c->action);
  if (c->throws && !k.after_close) {
    T("  not compared: Node v23.5.0 throws a TypeError here");
  } else {
    for (int w = 0; w < 3; w++)
      if (k.lines[w][0]) T("  %s: %s", who_name[w], k.lines[w]);
  }
  cnet_set_immediate(NULL, next_case, NULL);
}

/* the case is over once the client, the server and its socket have closed */
static void check(void) {
  if (k.closed[CLIENT] && k.closed[PEER] && k.closed[SERVER]) cnet_set_immediate(NULL, finish, NULL);
}

static void over(void *ctx) { k.over[((watch_t *)ctx)->who] = true; }

static void matrix_event(const cnet_event_t *ev, void *ctx) {
  who_t who = ((watch_t *)ctx)->who;
  char text[128];
  const char *name = cnet_event_name(ev->type);
  if (ev->type == CNET_EV_ERROR)
    snprintf(text, sizeof text, "error %s", ev->u.error->code);
  else if (ev->type == CNET_EV_CLOSE && who != SERVER)
    snprintf(text, sizeof text, "close %s", B(ev->u.close.had_error));
  else if (ev->type == CNET_EV_DATA)
    snprintf(text, sizeof text, "data \"%.*s\"", (int)ev->u.data.len, ev->u.data.bytes);
  else
    snprintf(text, sizeof text, "%s", name);
  char *l = k.lines[who];
  size_t n = strlen(l);
  if (k.over[who] && who != SERVER) k.after_close = true;
  snprintf(l + n, LINE - n, "%s%s%s", n ? ", " : "", k.over[who] ? "AFTER CLOSE " : "", text);
  if (ev->type == CNET_EV_CLOSE) {
    cnet_next_tick(NULL, over, ctx);
    k.closed[who] = true;
    check();
  }
}

static void resume_later(void *s) {
  cnet_socket_resume(s);
  cnet_socket_release(s);
}

static void act(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  const char *a = k.c->action;
  cnet_socket_t *s = ev->type == CNET_EV_CONNECTION ? ev->u.connection : ev->emitter;
  if (strcmp(a, "destroy") == 0) {
    cnet_socket_destroy(s, NULL);
  } else if (strcmp(a, "destroyErr") == 0) {
    cnet_socket_destroy(s, &(cnet_error_t){.name = "Error", .code = "EBOOM", .message = "boom"});
  } else if (strcmp(a, "end") == 0) {
    cnet_socket_end(s, NULL, NULL);
  } else if (strcmp(a, "reset") == 0) {
    cnet_socket_reset_and_destroy(s);
  } else if (strcmp(a, "pause") == 0) {
    cnet_socket_pause(s);
    cnet_set_timeout(NULL, 20, resume_later, cnet_socket_retain(s));
  } else {
    cnet_server_close(k.server, NULL, NULL);
  }
}

static const cnet_event_type socket_events[] = {
    CNET_EV_LOOKUP, CNET_EV_CONNECTION_ATTEMPT, CNET_EV_CONNECTION_ATTEMPT_FAILED, CNET_EV_CONNECT,
    CNET_EV_READY,  CNET_EV_DATA,               CNET_EV_DRAIN,                     CNET_EV_END,
    CNET_EV_FINISH, CNET_EV_TIMEOUT,            CNET_EV_ERROR,                     CNET_EV_CLOSE};
static const cnet_event_type server_events[] = {CNET_EV_LISTENING, CNET_EV_CONNECTION, CNET_EV_DROP,
                                                CNET_EV_ERROR, CNET_EV_CLOSE};

static void watch_em(void *em, who_t who) {
  const cnet_event_type *evs = who == SERVER ? server_events : socket_events;
  size_t n = who == SERVER ? sizeof server_events / sizeof *evs : sizeof socket_events / sizeof *evs;
  for (size_t i = 0; i < n; i++) cnet_on(em, evs[i], matrix_event, &watches[who]);
  /* the action, from inside the first emit of the row's event */
  if (strcmp(k.c->emitter, who_name[who]) != 0) return;
  for (int t = 0; t < CNET_EV__COUNT; t++)
    if (strcmp(cnet_event_name((cnet_event_type)t), k.c->event) == 0) cnet_once(em, (cnet_event_type)t, act, NULL);
}

/* ---- the scenario ---- */

static void ignore(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  (void)ctx;
}

static void peer_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_write(ev->emitter, ev->u.data.bytes, ev->u.data.len, NULL, NULL);
  cnet_socket_end(ev->emitter, NULL, NULL);
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *p = ev->u.connection;
  k.closed[PEER] = false;
  watch_em(p, PEER);
  cnet_on(p, CNET_EV_DATA, peer_data, NULL);
  cnet_on(p, CNET_EV_ERROR, ignore, NULL);
}

static void answer(void *req) {
  static const cnet_lookup_address one[] = {{"127.0.0.1", 4}};
  cnet_lookup_done(req, NULL, one, 1);
}

static void lookup(const char *host, const cnet_lookup_opts *o, cnet_lookup_req_t *req, void *ctx) {
  (void)host;
  (void)o;
  (void)ctx;
  cnet_set_immediate(NULL, answer, req);
}

static void client_closed(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  (void)ctx;
  if (strcmp(k.c->scenario, "refused") != 0) cnet_server_close(k.server, NULL, NULL);
}

static void on_timeout(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_set_timeout(ev->emitter, 0, NULL, NULL);
  cnet_socket_write_string(ev->emitter, "hello", NULL, NULL, NULL);
}

static void connect_client(void) {
  cnet_connect_opts o = {.port = k.port, .host = "x.test", .writable_high_water_mark = 1, .lookup = lookup};
  cnet_socket_t *s = cnet_connect(NULL, &o, NULL, NULL);
  watch_em(s, CLIENT);
  cnet_on(s, CNET_EV_ERROR, ignore, NULL);
  cnet_on(s, CNET_EV_CLOSE, client_closed, NULL);
  if (strcmp(k.c->scenario, "talk") == 0) {
    cnet_socket_set_timeout(s, 20, NULL, NULL);
    cnet_once(s, CNET_EV_TIMEOUT, on_timeout, NULL);
  }
}

static void refused_closed(cnet_server_t *srv, const cnet_error_t *err, void *ctx) {
  (void)srv;
  (void)err;
  (void)ctx;
  connect_client();
}

static void note_port(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  k.port = cnet_server_port(ev->emitter);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  (void)ctx;
  if (strcmp(k.c->scenario, "refused") != 0)
    connect_client();
  else
    cnet_server_close(k.server, refused_closed, NULL);
}

static void run_case(void) {
  memset(&k, 0, sizeof k);
  k.c = &cases[ci++];
  k.closed[PEER] = true;
  /* kept for the whole case, as the .js keeps its server: the scenario
   * closes it again after it may have closed */
  k.server = cnet_server_retain(cnet_create_server(NULL, NULL, NULL, NULL));
  cnet_on(k.server, CNET_EV_LISTENING, note_port, NULL);
  watch_em(k.server, SERVER);
  cnet_on(k.server, CNET_EV_CONNECTION, on_connection, NULL);
  if (strcmp(k.c->scenario, "drop") == 0) cnet_server_set_max_connections(k.server, 0);
  cnet_server_listen_port(k.server, 0, "127.0.0.1", on_listening, NULL);
}

int main(void) {
  read_table();
  run_case();
  return run_loop();
}
