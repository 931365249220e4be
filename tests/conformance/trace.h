/* The C side of the conformance traces: the same lines as trace.js. */
#ifndef CNET_TRACE_H
#define CNET_TRACE_H

#include <cnet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static inline void T(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  putchar('\n');
  fflush(stdout);
}

static inline const char *B(bool v) { return v ? "true" : "false"; }

/* A port as trace.js's P(): PORT when it varies. */
static inline const char *P(int port) {
  static char buf[4][16];
  static int i;
  if (port > 0) return "PORT";
  i = (i + 1) % 4;
  if (port < 0) return "undefined";
  snprintf(buf[i], sizeof buf[i], "%d", port);
  return buf[i];
}

/* JSON.stringify of a string; latin1 maps bytes to U+0000..U+00FF. */
static inline void put_json(const char *s, size_t len, bool latin1) {
  putchar('"');
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
      case '"': fputs("\\\"", stdout); break;
      case '\\': fputs("\\\\", stdout); break;
      case '\n': fputs("\\n", stdout); break;
      case '\r': fputs("\\r", stdout); break;
      case '\t': fputs("\\t", stdout); break;
      case '\b': fputs("\\b", stdout); break;
      case '\f': fputs("\\f", stdout); break;
      default:
        if (c < 0x20) printf("\\u%04x", c);
        else if (c >= 0x80 && latin1) { putchar(0xc0 | (c >> 6)); putchar(0x80 | (c & 0x3f)); }
        else putchar(c);
    }
  }
  putchar('"');
}

static inline void put_err(const cnet_error_t *e) {
  if (!e) { fputs("null", stdout); return; }
  printf("%s ", e->code);
  put_json(e->message, strlen(e->message), false);
}

static inline void put_family(int family) {
  if (family) printf("%d", family); else fputs("undefined", stdout);
}

/* The listener behind watch(): ctx is the name to print. */
static inline void trace_event(const cnet_event_t *ev, void *ctx) {
  printf("%s %s", (const char *)ctx, cnet_event_name(ev->type));
  switch (ev->type) {
    case CNET_EV_DATA:
      printf(" %s %zu ", ev->u.data.is_string ? "string" : "bytes", ev->u.data.len);
      put_json(ev->u.data.bytes, ev->u.data.len, !ev->u.data.is_string);
      break;
    case CNET_EV_CLOSE:
      printf(" %s", ev->u.close.had_error_given ? B(ev->u.close.had_error) : "undefined");
      break;
    case CNET_EV_ERROR: putchar(' '); put_err(ev->u.error); break;
    case CNET_EV_LOOKUP:
      printf(" %s %s ", ev->u.lookup.err ? ev->u.lookup.err->code : "null",
             ev->u.lookup.address ? ev->u.lookup.address : "undefined");
      put_family(ev->u.lookup.family);
      printf(" %s", ev->u.lookup.host);
      break;
    case CNET_EV_CONNECTION_ATTEMPT:
    case CNET_EV_CONNECTION_ATTEMPT_TIMEOUT:
      printf(" %s %s ", ev->u.attempt.ip, P(ev->u.attempt.port));
      put_family(ev->u.attempt.family);
      break;
    case CNET_EV_CONNECTION_ATTEMPT_FAILED:
      printf(" %s %s ", ev->u.attempt.ip, P(ev->u.attempt.port));
      put_family(ev->u.attempt.family);
      putchar(' ');
      put_err(ev->u.attempt.error);
      break;
    default: break;
  }
  putchar('\n');
  fflush(stdout);
}

static const cnet_event_type SOCKET_EVENTS[] = {
  CNET_EV_LOOKUP, CNET_EV_CONNECTION_ATTEMPT, CNET_EV_CONNECTION_ATTEMPT_FAILED,
  CNET_EV_CONNECTION_ATTEMPT_TIMEOUT, CNET_EV_CONNECT, CNET_EV_READY, CNET_EV_DATA,
  CNET_EV_DRAIN, CNET_EV_END, CNET_EV_FINISH, CNET_EV_TIMEOUT, CNET_EV_ERROR, CNET_EV_CLOSE,
};

/* watch(em, name, SOCKET_EVENTS) */
static inline void watch_socket(void *em, const char *name) {
  for (size_t i = 0; i < sizeof SOCKET_EVENTS / sizeof SOCKET_EVENTS[0]; i++)
    cnet_on(em, SOCKET_EVENTS[i], trace_event, (void *)name);
}

static inline void watch(void *em, const char *name, const cnet_event_type *evs, size_t n) {
  for (size_t i = 0; i < n; i++) cnet_on(em, evs[i], trace_event, (void *)name);
}

/* server.address().port */
static inline int server_port(cnet_server_t *srv) { return cnet_server_port(srv); }

/* The whole process ends as Node's does when nothing is left to run. */
static inline int run_loop(void) {
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  return uv_loop_close(uv_default_loop()) == 0 ? 0 : 70;
}

#endif
