/* Node's family autoselection (Happy Eyeballs, RFC 8305 loosely): the
 * addresses of a lookup tried one after the other, each given an attempt
 * timeout before the next starts; the first to connect wins, all failing
 * make an AggregateError. Also the module-wide defaults of it. */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "connect.h"
#include "debug.h"
#include "error.h"

/* ---- module-wide defaults ---- */

static bool default_auto_select_family = true;
static int default_attempt_timeout = 250;

bool cnet_get_default_auto_select_family(void) { return default_auto_select_family; }
void cnet_set_default_auto_select_family(bool value) { default_auto_select_family = value; }
int cnet_get_default_auto_select_family_attempt_timeout(void) { return default_attempt_timeout; }

/* Node's ERR_OUT_OF_RANGE writes integers beyond 2**32 as 8_589_934_592. */
static void received_text(int64_t v, char *out, size_t size) {
  char digits[24];
  int n = snprintf(digits, sizeof digits, "%lld", (long long)v);
  if (v <= INT64_C(4294967296) && v >= -INT64_C(4294967296)) {
    snprintf(out, size, "%s", digits);
    return;
  }
  int start = digits[0] == '-' ? 1 : 0;
  int head = start + (n - start - 1) % 3 + 1; /* the digits before the first '_' */
  size_t o = 0;
  for (int i = 0; i < n && o + 2 < size; i++) {
    if (i >= head && (i - head) % 3 == 0) out[o++] = '_';
    out[o++] = digits[i];
  }
  out[o] = '\0';
}

int cnet_set_default_auto_select_family_attempt_timeout(int64_t value) {
  char received[32];
  received_text(value, received, sizeof received);
  if (value < 1 || value > INT32_MAX)
    return cnet__throw(CNET_ERR_OUT_OF_RANGE,
                       "The value of \"value\" is out of range. It must be >= 1 && <= 2147483647. "
                       "Received %s", received);
  default_attempt_timeout = value < 10 ? 10 : (int)value;
  return 0;
}

/* ---- the attempts ---- */

/* socket.autoSelectFamilyAttemptedAddresses = [] */
static void reset_attempted(cnet_socket_t *s) {
  cnet_socket_ext_t *x = cnet__socket_ext(s);
  for (size_t i = 0; i < x->attempted_len; i++) free(x->attempted[i]);
  x->attempted_len = 0;
  x->attempted = cnet__realloc(x->attempted, sizeof *x->attempted); /* set, even when empty */
}

static void push_attempted(cnet_socket_t *s, const addr_t *a, int port) {
  cnet_socket_ext_t *x = cnet__socket_ext(s);
  char buf[CNET_ADDRSTRLEN + 8];
  snprintf(buf, sizeof buf, "%s:%d", a->address, port);
  x->attempted = cnet__realloc(x->attempted, (x->attempted_len + 1) * sizeof *x->attempted);
  x->attempted[x->attempted_len++] = cnet__strdup(buf);
}

static void on_attempt_timeout(uv_timer_t *t) {
  cnet_connect_t *c = t->data;
  cnet_socket_t *s = c->s;
  cnet_loop_t *loop = s->loop;
  attempt_t *at = c->attempt;
  if (!at) return;
  cnet__socket_hold(s);
  cnet__connect_hold(c);
  cnet__enter(loop);
  /* unless a tick queued outside any callback, which Node runs first, ended it */
  if (!c->cancelled && c->attempt == at) {
    /* Abandoned from now on: Node drops the request's oncomplete. */
    at->c = NULL;
    c->attempt = NULL;
    NET_DEBUG("connect/multiple: connection to %s:%d timed out", at->addr.address, at->port);
    cnet__emit_attempt(s, CNET_EV_CONNECTION_ATTEMPT_TIMEOUT, &at->addr, at->port, NULL);
    cnet__connect_add_error(c, cnet__attempt_error(at, UV_ETIMEDOUT));
    if (!c->cancelled) cnet__next_attempt(c, false); /* closes the abandoned handle */
  }
  cnet__connect_drop(c);
  cnet__socket_drop(s);
  cnet__leave(loop);
}

/* A fresh handle for the next attempt; the old one closes on its own. */
static void reinitialize_handle(cnet_socket_t *s) {
  cnet_stream_handle_t *old = s->handle;
  if (old) {
    old->handle.data = NULL;
    uv_close(&old->handle, (uv_close_cb)free);
  }
  cnet__socket_set_handle(s, cnet__handle_new(s->loop->uv, UV_TCP), false);
  cnet__socket_user_buffer_init(s);
}

/* A failed attempt that never reached the network: recorded, reported, and
 * the next address tried at once. */
static void attempt_failed_now(cnet_connect_t *c, const addr_t *a, cnet_error_t *ex) {
  cnet__connect_add_error(c, cnet_error_ref(ex));
  cnet__emit_attempt(c->s, CNET_EV_CONNECTION_ATTEMPT_FAILED, a, c->port, ex);
  cnet_error_unref(ex);
  if (!c->cancelled) cnet__next_attempt(c, false);
}

/* The caller holds c, which is not cancelled. */
void cnet__next_attempt(cnet_connect_t *c, bool canceled) {
  cnet_socket_t *s = c->s;
  if (c->timer) uv_timer_stop(c->timer);
  if (canceled || c->current == c->naddrs) {
    if (c->nerrors == 0) {
      cnet__connect_fail(s, cnet__error_code(CNET_ERR_SOCKET_CONNECTION_TIMEOUT, NULL));
      return;
    }
    cnet_error_t *agg = cnet__error_aggregate(c->errors, c->nerrors); /* takes the members */
    free(c->errors);
    c->errors = NULL;
    c->nerrors = 0;
    cnet__connect_fail(s, agg);
    return;
  }
  size_t current = c->current++;
  const addr_t a = c->addrs[current];
  if (current > 0) {
    reinitialize_handle(s);
    if (c->cancelled) return; /* destroyed by onread's buffer function */
  }
  const char *local = NULL;
  if (c->local_port) {
    local = a.family == 6 ? "::" : "0.0.0.0";
    int err = cnet__bind_local(s, local, a.family, c->local_port);
    if (err) { /* Node records it without an event */
      cnet__connect_add_error(c, cnet__error_uv(err, "bind", local, c->local_port, false));
      cnet__next_attempt(c, false);
      return;
    }
  }
  if (cnet__attempt_blocked(s, &a)) {
    attempt_failed_now(c, &a, cnet__blocked_error(&a));
    return;
  }
  NET_DEBUG("connect/multiple: attempting to connect to %s:%d (addressType: %d)", a.address,
            c->port, a.family);
  cnet__emit_attempt(s, CNET_EV_CONNECTION_ATTEMPT, &a, c->port, NULL);
  /* Node v23.5.0 throws a TypeError here when a listener destroyed the socket. */
  if (c->cancelled) return;
  push_attempted(s, &a, c->port);
  int err = cnet__start_attempt(c, &a, local);
  if (err) {
    attempt_failed_now(c, &a, cnet__connect_sync_error(c, err, &a));
    return;
  }
  if (current < c->naddrs - 1) {
    if (!c->timer) {
      c->timer = cnet__malloc(sizeof *c->timer);
      uv_timer_init(s->loop->uv, c->timer);
      c->timer->data = c;
    }
    NET_DEBUG("connect/multiple: setting the attempt timeout to %d ms", c->attempt_timeout);
    uv_timer_start(c->timer, on_attempt_timeout, (uint64_t)c->attempt_timeout, 0);
  }
}

/* Node's internalConnectMultiple, for two or more addresses. */
void cnet__happy_eyeballs_start(cnet_connect_t *c) {
  c->multiple = true;
  reset_attempted(c->s);
  cnet__next_attempt(c, false);
}
