/* -v lines: "cnetcat: EVENT details", with "#N " before a listener's
 * connection's events. Event names are Node's. */
#include "verbose.h"

#include <stdarg.h>
#include <stdio.h>

static void say(const conn *c, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (c && c->ss->o->listen) fprintf(stderr, "cnetcat: #%d ", c->id);
  else fputs("cnetcat: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

/* An abstract name's leading NUL is shown as '@'. */
static const char *shown_path(const char *path) {
  static char buf[256];
  if (path[0]) return path;
  snprintf(buf, sizeof buf, "@%s", path + 1);
  return buf;
}

static void on_socket_event(const cnet_event_t *ev, void *ctx) {
  const conn *c = ctx;
  cnet_socket_t *s = ev->emitter;
  const char *name = cnet_event_name(ev->type);
  switch (ev->type) {
    case CNET_EV_LOOKUP:
      if (ev->u.lookup.err) say(c, "%s %s: %s", name, ev->u.lookup.host, ev->u.lookup.err->message);
      else say(c, "%s %s: %s (IPv%d)", name, ev->u.lookup.host, ev->u.lookup.address, ev->u.lookup.family);
      break;
    case CNET_EV_CONNECTION_ATTEMPT:
    case CNET_EV_CONNECTION_ATTEMPT_TIMEOUT:
    case CNET_EV_CONNECTION_ATTEMPT_FAILED: {
      char where[320]; /* a Unix socket's attempt has its path, no port */
      if (ev->u.attempt.family)
        snprintf(where, sizeof where, "%s port %d (IPv%d)", ev->u.attempt.ip, ev->u.attempt.port, ev->u.attempt.family);
      else
        snprintf(where, sizeof where, "%s", shown_path(c->ss->o->path));
      if (ev->type == CNET_EV_CONNECTION_ATTEMPT_FAILED) say(c, "%s %s: %s", name, where, ev->u.attempt.error->message);
      else say(c, "%s %s", name, where);
      break;
    }
    case CNET_EV_CONNECT:
      if (cnet_socket_remote_address(s))
        say(c, "%s to %s port %d from %s port %d", name, cnet_socket_remote_address(s),
            cnet_socket_remote_port(s), cnet_socket_local_address(s), cnet_socket_local_port(s));
      else
        say(c, "%s to %s", name, shown_path(c->ss->o->path));
      break;
    case CNET_EV_CLOSE:
      say(c, "%s%s", name, ev->u.close.had_error ? " (had error)" : "");
      break;
    default: /* end */
      say(c, "%s", name);
      break;
  }
}

void verbose_watch_socket(conn *c) {
  static const cnet_event_type types[] = {
    CNET_EV_LOOKUP, CNET_EV_CONNECTION_ATTEMPT, CNET_EV_CONNECTION_ATTEMPT_FAILED,
    CNET_EV_CONNECTION_ATTEMPT_TIMEOUT, CNET_EV_CONNECT, CNET_EV_END, CNET_EV_CLOSE,
  };
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) cnet_on(c->s, types[i], on_socket_event, c);
}

static void on_server_event(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  const char *name = cnet_event_name(ev->type);
  if (ev->type == CNET_EV_LISTENING) {
    cnet_address_t a;
    const char *path = NULL;
    if (cnet_server_address(ev->emitter, &a, &path, NULL) < 0) say(NULL, "%s", name);
    else if (path) say(NULL, "%s on %s", name, shown_path(path));
    else say(NULL, "%s on %s port %d", name, a.address, a.port);
  } else if (ev->u.drop.remote_address) {
    say(NULL, "%s %s port %d (maxConnections)", name, ev->u.drop.remote_address, ev->u.drop.remote_port);
  } else {
    say(NULL, "%s (maxConnections)", name);
  }
}

void verbose_watch_server(cnet_server_t *srv) {
  cnet_on(srv, CNET_EV_LISTENING, on_server_event, NULL);
  cnet_on(srv, CNET_EV_DROP, on_server_event, NULL);
}

void verbose_connection(const conn *c) {
  const char *from = cnet_socket_remote_address(c->s);
  if (from) say(c, "connection from %s port %d", from, cnet_socket_remote_port(c->s));
  else say(c, "connection");
}
