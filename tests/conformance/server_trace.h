/* Server traces: as server_trace.js. */
#ifndef CNET_SERVER_TRACE_H
#define CNET_SERVER_TRACE_H

#include "trace.h"

/* An error with a trailing ":<port>" printed as ":PORT". */
static inline const char *errN(const cnet_error_t *e) {
  static char buf[2048];
  if (!e) return "null";
  size_t n = (size_t)snprintf(buf, sizeof buf, "%s \"", e->code);
  size_t len = strlen(e->message);
  const char *colon = strrchr(e->message, ':');
  if (colon && colon[1] && strspn(colon + 1, "0123456789") == strlen(colon + 1)) len = (size_t)(colon - e->message);
  for (size_t i = 0; i < len && n < sizeof buf - 16; i++) {
    char c = e->message[i];
    if (c == '"' || c == '\\') buf[n++] = '\\';
    buf[n++] = c;
  }
  snprintf(buf + n, sizeof buf - n, "%s\"", len < strlen(e->message) ? ":PORT" : "");
  return buf;
}

/* The last thrown error, as errN. */
static inline const char *thrown(void) { return errN(cnet_last_error()); }

/* server.address() in one line. */
static inline const char *addr(cnet_server_t *s) {
  static char buf[256];
  cnet_address_t a;
  const char *path = NULL;
  if (cnet_server_address(s, &a, &path, NULL) < 0) return "null";
  if (path) snprintf(buf, sizeof buf, "\"%s\"", path);
  else snprintf(buf, sizeof buf, "%s %s %s", a.address, a.family, P(a.port));
  return buf;
}

static inline void server_event(const cnet_event_t *ev, void *ctx) {
  const char *name = ctx;
  switch (ev->type) {
    case CNET_EV_ERROR: T("%s error %s", name, errN(ev->u.error)); break;
    case CNET_EV_DROP:
      if (ev->u.drop.local_family)
        T("%s drop %s %s %s %s %s %s", name, ev->u.drop.local_address, ev->u.drop.local_family,
          ev->u.drop.remote_address, ev->u.drop.remote_family,
          ev->u.drop.local_port >= 0 ? "number" : "undefined",
          ev->u.drop.remote_port >= 0 ? "number" : "undefined");
      else
        T("%s drop undefined undefined undefined", name);
      break;
    default: T("%s %s", name, cnet_event_name(ev->type)); break;
  }
}

/* watchServer(s, name): listening, close, error, drop. */
static inline cnet_server_t *watch_server(cnet_server_t *s, const char *name) {
  static const cnet_event_type evs[] = {CNET_EV_LISTENING, CNET_EV_CLOSE, CNET_EV_ERROR, CNET_EV_DROP};
  for (size_t i = 0; i < 4; i++) cnet_on(s, evs[i], server_event, (void *)name);
  return s;
}

/* The steps of a case, run one after the other: next() starts the next one. */
typedef void (*step_fn)(void);
static step_fn steps[16];
static size_t nsteps, cur;
static inline void next(void) {
  if (cur < nsteps) steps[cur++]();
}
static inline void set_steps(const step_fn *all, size_t n) {
  for (size_t i = 0; i < n && nsteps < sizeof steps / sizeof steps[0]; i++) steps[nsteps++] = all[i];
}
static inline void next_cb(cnet_server_t *s, const cnet_error_t *e, void *ctx) {
  (void)s; (void)e; (void)ctx;
  next();
}

#endif
