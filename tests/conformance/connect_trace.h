/* The C side of connect_trace.js: the same lines. */
#ifndef CNET_CONNECT_TRACE_H
#define CNET_CONNECT_TRACE_H

#include <stdlib.h>

#include "trace.h"

static int trace_ports[4];
static size_t trace_nports;

static inline void add_port(int port) { trace_ports[trace_nports++] = port; }

/* JSON of the message with ":PORT" for the test's ports. */
static inline void put_scrubbed(const char *msg) {
  char out[1024];
  size_t o = 0;
  for (const char *p = msg; *p && o < sizeof out - 8;) {
    bool hit = false;
    for (size_t i = 0; i < trace_nports && !hit; i++) {
      char pat[16];
      int n = snprintf(pat, sizeof pat, ":%d", trace_ports[i]);
      if (strncmp(p, pat, (size_t)n) == 0) {
        memcpy(out + o, ":PORT", 5);
        o += 5;
        p += n;
        hit = true;
      }
    }
    if (!hit) out[o++] = *p++;
  }
  put_json(out, o, false);
}

static inline void put_errc(const cnet_error_t *e) {
  if (!e) { fputs("null", stdout); return; }
  printf("%s %s ", e->name, e->code ? e->code : "undefined");
  put_scrubbed(e->message);
  if (e->name && strcmp(e->name, "AggregateError") == 0) {
    fputs(" [", stdout);
    for (size_t i = 0; i < e->nerrors; i++) {
      if (i) fputs(", ", stdout);
      put_errc(e->errors[i]);
    }
    putchar(']');
  }
}

static inline void watchc_event(const cnet_event_t *ev, void *ctx) {
  cnet_socket_t *s = ev->emitter;
  printf("%s %s", (const char *)ctx, cnet_event_name(ev->type));
  switch (ev->type) {
    case CNET_EV_LOOKUP:
      printf(" %s %s ", ev->u.lookup.err ? ev->u.lookup.err->code : "null",
             ev->u.lookup.address ? ev->u.lookup.address : "undefined");
      put_family(ev->u.lookup.family);
      printf(" %s", ev->u.lookup.host);
      break;
    case CNET_EV_CONNECTION_ATTEMPT:
    case CNET_EV_CONNECTION_ATTEMPT_TIMEOUT:
      printf(" %s %s %d", ev->u.attempt.ip, P(ev->u.attempt.port), ev->u.attempt.family);
      break;
    case CNET_EV_CONNECTION_ATTEMPT_FAILED:
      printf(" %s %s %d ", ev->u.attempt.ip, P(ev->u.attempt.port), ev->u.attempt.family);
      put_errc(ev->u.attempt.error);
      break;
    case CNET_EV_DATA: printf(" %zu", ev->u.data.len); break;
    case CNET_EV_ERROR: putchar(' '); put_errc(ev->u.error); break;
    case CNET_EV_CLOSE: {
      printf(" %s attempted ", B(ev->u.close.had_error));
      size_t n;
      const char *const *a = cnet_socket_auto_select_family_attempted_addresses(s, &n);
      if (!a) { fputs("undefined", stdout); break; }
      putchar('[');
      for (size_t i = 0; i < n; i++) {
        if (i) putchar(',');
        put_scrubbed(a[i]);
      }
      putchar(']');
      break;
    }
    default: break;
  }
  putchar('\n');
  fflush(stdout);
}

static inline void watchc(cnet_socket_t *s, const char *name) {
  static const cnet_event_type evs[] = {
    CNET_EV_LOOKUP, CNET_EV_CONNECTION_ATTEMPT, CNET_EV_CONNECTION_ATTEMPT_TIMEOUT,
    CNET_EV_CONNECTION_ATTEMPT_FAILED, CNET_EV_CONNECT, CNET_EV_READY, CNET_EV_END,
    CNET_EV_FINISH, CNET_EV_TIMEOUT, CNET_EV_DATA, CNET_EV_ERROR, CNET_EV_CLOSE};
  for (size_t i = 0; i < sizeof evs / sizeof evs[0]; i++) cnet_on(s, evs[i], watchc_event, (void *)name);
}

/* crafted(list, delay, err) of connect_trace.js: a lookup_ctx for
 * crafted_lookup. The list ends with a NULL address. */
typedef struct {
  const cnet_lookup_address *list;
  int delay; /* < 0: answers inside the call */
  const cnet_error_t *err;
} crafted_t;

typedef struct {
  uv_timer_t timer;
  const crafted_t *how;
  cnet_lookup_req_t *req;
} crafted_pending_t;

static inline void crafted_answer(const crafted_t *how, cnet_lookup_req_t *req) {
  T("lookup answers");
  size_t n = 0;
  while (how->list && how->list[n].address) n++;
  cnet_lookup_done(req, how->err, how->err ? NULL : how->list, how->err ? 0 : n);
}

static inline void crafted_closed(uv_handle_t *h) { free(h); }

static inline void crafted_timer(uv_timer_t *t) {
  crafted_pending_t *p = (crafted_pending_t *)t;
  crafted_answer(p->how, p->req);
  uv_close((uv_handle_t *)t, crafted_closed);
}

static inline void crafted_lookup(const char *host, const cnet_lookup_opts *o,
                                  cnet_lookup_req_t *req, void *ctx) {
  const crafted_t *how = ctx;
  printf("lookup called %s {", host);
  if (o->family) printf("\"family\":%d,", o->family);
  printf("\"hints\":%d%s}\n", o->hints, o->all ? ",\"all\":true" : "");
  fflush(stdout);
  if (how->delay < 0) {
    crafted_answer(how, req);
    return;
  }
  crafted_pending_t *p = calloc(1, sizeof *p);
  p->how = how;
  p->req = req;
  uv_timer_init(uv_default_loop(), &p->timer);
  uv_timer_start(&p->timer, crafted_timer, (uint64_t)how->delay, 0);
}

/* The peer of the connect_* cases: a server on 127.0.0.1 that ends every
 * connection. Once it listens, *port is its port (printed as PORT) and
 * first() runs. */
static cnet_server_t **ending_server;
static int *ending_port;
static void (*ending_first)(void);

static inline void ending_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end(ev->u.connection, NULL, NULL);
}

static inline void ending_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  *ending_port = server_port(*ending_server);
  add_port(*ending_port);
  ending_first();
}

static inline void start_ending_server(cnet_server_t **server, int *port, void (*first)(void)) {
  ending_server = server;
  ending_port = port;
  ending_first = first;
  *server = cnet_create_server(NULL, NULL, ending_connection, NULL);
  cnet_server_listen_port(*server, 0, "127.0.0.1", ending_listening, NULL);
}

/* s.connect({...o, port, host: o.host || 'x.test', lookup: the crafted one
 * when o.lookup_ctx is set}) on a new watched socket made with so; next()
 * runs at its close. */
static void (*crafted_next)(void);

static inline void crafted_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  crafted_next();
}

static inline cnet_socket_t *connect_crafted(const char *name, cnet_socket_opts so,
                                             cnet_connect_opts o, void (*next)(void)) {
  cnet_socket_t *s = cnet_socket_new(NULL, &so);
  watchc(s, name);
  crafted_next = next;
  cnet_on(s, CNET_EV_CLOSE, crafted_close, NULL);
  o.port = *ending_port;
  if (!o.host) o.host = "x.test";
  if (o.lookup_ctx) o.lookup = crafted_lookup;
  cnet_socket_connect(s, &o, NULL, NULL);
  return s;
}

static inline void server_closed(cnet_server_t *srv, const cnet_error_t *err, void *ctx) {
  (void)srv; (void)err; (void)ctx;
  T("server closed");
}

#endif
