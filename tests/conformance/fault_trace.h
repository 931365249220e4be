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

/* An error as "CODE \"message\"", with a trailing :port as :PORT and the
 * temporary folder as DIR. */
static inline const char *fault_err(const cnet_error_t *e) {
  static char out[600];
  char msg[512];
  const char *m = e->message;
  size_t n = 0, dl = strlen(fault_dir);
  for (; *m && n < sizeof msg - 8; m++) {
    if (strncmp(m, fault_dir, dl) == 0) {
      memcpy(msg + n, "DIR", 3), n += 3, m += dl - 1;
      continue;
    }
    msg[n++] = *m;
  }
  msg[n] = '\0';
  char *colon = strrchr(msg, ':');
  if (colon && colon[1] && strspn(colon + 1, "0123456789") == strlen(colon + 1)) strcpy(colon, ":PORT");
  size_t o = (size_t)snprintf(out, sizeof out, "%s \"", e->code);
  for (const char *c = msg; *c && o < sizeof out - 4; c++) {
    if (*c == '"' || *c == '\\') out[o++] = '\\';
    out[o++] = *c;
  }
  snprintf(out + o, sizeof out - o, "\"");
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
  if (ev->type == CNET_EV_ERROR) {
    say("%s error %s", t->name, fault_err(ev->u.error));
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
  static const cnet_event_type evs[] = {CNET_EV_CONNECT, CNET_EV_END,     CNET_EV_FINISH, CNET_EV_DRAIN,
                                        CNET_EV_TIMEOUT, CNET_EV_DATA,    CNET_EV_ERROR,  CNET_EV_CLOSE};
  *t = (tracker_t){.name = name};
  for (size_t i = 0; i < sizeof evs / sizeof evs[0]; i++) cnet_on(s, evs[i], tracker_event, t);
  return t;
}

#endif
