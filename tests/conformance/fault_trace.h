/* The C side of fault_trace.js: the same lines for the fault cases. */
#ifndef CNET_FAULT_TRACE_H
#define CNET_FAULT_TRACE_H

#include <stdlib.h>

#include "trace.h"

/* A line, unless it is the one printed last. */
static inline void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void say(const char *fmt, ...) {
  static char last[512];
  char line[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  if (strcmp(line, last) == 0) return;
  strcpy(last, line);
  puts(line);
  fflush(stdout);
}

static const char *fault_dir = "\1";
static int fault_ports[4];
static size_t fault_nports;

static inline void add_port(int port) { fault_ports[fault_nports++] = port; }

/* text with the temporary folder as DIR, into out */
static inline void norm_dir(char *out, size_t cap, const char *text) {
  size_t n = 0, dl = strlen(fault_dir);
  for (const char *m = text; *m && n < cap - 8; m++) {
    if (strncmp(m, fault_dir, dl) == 0) {
      memcpy(out + n, "DIR", 3), n += 3, m += dl - 1;
      continue;
    }
    char pat[16];
    bool port = false;
    for (size_t i = 0; i < fault_nports && !port; i++) {
      int pl = snprintf(pat, sizeof pat, ":%d", fault_ports[i]);
      if (strncmp(m, pat, (size_t)pl) == 0) port = true, m += pl - 1;
    }
    if (port) {
      memcpy(out + n, ":PORT", 5), n += 5;
      continue;
    }
    out[n++] = *m;
  }
  out[n] = '\0';
}

/* An error as "CODE \"message\"", with the test's ports and a trailing
 * :port as :PORT, the temporary folder as DIR, and an AggregateError's
 * members' codes in brackets. */
static inline const char *fault_err(const cnet_error_t *e) {
  static char out[600];
  char msg[512];
  norm_dir(msg, sizeof msg, e->message);
  char *colon = strrchr(msg, ':');
  if (colon && colon[1] && strspn(colon + 1, "0123456789") == strlen(colon + 1)) strcpy(colon, ":PORT");
  size_t o = (size_t)snprintf(out, sizeof out, "%s \"", e->code);
  for (const char *c = msg; *c && o < sizeof out - 4; c++) {
    if (*c == '"' || *c == '\\') out[o++] = '\\';
    out[o++] = *c;
  }
  o += (size_t)snprintf(out + o, sizeof out - o, "\"");
  for (size_t i = 0; i < e->nerrors && o < sizeof out - 40; i++)
    o += (size_t)snprintf(out + o, sizeof out - o, "%s%s", i ? " " : " [", e->errors[i]->code);
  if (e->nerrors) snprintf(out + o, sizeof out - o, "]");
  return out;
}

typedef struct {
  const char *name;
  bool closed; /* the `close` emit is over */
} tracker_t;

static inline void tracker_late(tracker_t *t, const char *what) {
  if (t->closed) say("%s AFTER CLOSE %s", t->name, what);
}

static inline void tracker_closed(void *ctx) { ((tracker_t *)ctx)->closed = true; }

static inline void tracker_event(const cnet_event_t *ev, void *ctx) {
  tracker_t *t = ctx;
  const char *name = cnet_event_name(ev->type);
  tracker_late(t, name);
  char ip[256];
  if (ev->type == CNET_EV_CONNECTION_ATTEMPT || ev->type == CNET_EV_CONNECTION_ATTEMPT_FAILED)
    norm_dir(ip, sizeof ip, ev->u.attempt.ip);
  if (ev->type == CNET_EV_ERROR) {
    say("%s error %s", t->name, fault_err(ev->u.error));
  } else if (ev->type == CNET_EV_CONNECTION_ATTEMPT) {
    say("%s connectionAttempt %s", t->name, ip);
  } else if (ev->type == CNET_EV_CONNECTION_ATTEMPT_FAILED) {
    say("%s connectionAttemptFailed %s %s", t->name, ip, fault_err(ev->u.attempt.error));
  } else if (ev->type == CNET_EV_CLOSE) {
    say("%s close %s", t->name, B(ev->u.close.had_error));
    cnet_next_tick(NULL, tracker_closed, t);
  } else {
    say("%s %s", t->name, name);
  }
}

/* A write callback with a tracker_t as ctx. */
static inline void tracker_cb(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  (void)s;
  tracker_t *t = ctx;
  tracker_late(t, "callback");
  say("%s cb %s", t->name, err ? err->code : "ok");
}

/* track(s, name): t must outlive the socket (a static). */
static inline tracker_t *track(cnet_socket_t *s, tracker_t *t, const char *name) {
  static const cnet_event_type evs[] = {
      CNET_EV_CONNECT, CNET_EV_END,   CNET_EV_FINISH, CNET_EV_DRAIN, CNET_EV_TIMEOUT, CNET_EV_DATA,
      CNET_EV_CONNECTION_ATTEMPT, CNET_EV_CONNECTION_ATTEMPT_FAILED, CNET_EV_ERROR, CNET_EV_CLOSE};
  *t = (tracker_t){.name = name};
  for (size_t i = 0; i < sizeof evs / sizeof evs[0]; i++) cnet_on(s, evs[i], tracker_event, t);
  return t;
}

#endif
