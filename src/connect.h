/* Internal: the state of a TCP connect, shared by socket_connect.c (the
 * lookup, one attempt, Unix sockets, the connect calls) and
 * happy_eyeballs.c (several addresses: Node's internalConnectMultiple). */
#ifndef CNET_CONNECT_H
#define CNET_CONNECT_H

#include "socket.h"

typedef struct {
  char address[CNET_ADDRSTRLEN];
  int family;
} addr_t;

typedef struct {
  uv_connect_t req;
  cnet_connect_t *c; /* NULL once abandoned or the socket stopped connecting */
  /* Set (and held) when the socket was destroyed during an autoselection
   * attempt: Node's afterConnectMultiple still reports that attempt's
   * cancellation as connectionAttemptFailed, before `close`. */
  cnet_socket_t *orphan_of;
  addr_t addr;
  int port;
  char local_address[CNET_ADDRSTRLEN]; /* when bound to a local port */
  int local_port;                      /* that port, or 0 */
} attempt_t;

struct cnet_connect_s {
  cnet_socket_t *s;
  unsigned refs;   /* the socket's, and one per callback running on it */
  bool cancelled;  /* the socket connected or was destroyed */
  char *host;
  int port;
  char local_address[CNET_ADDRSTRLEN];
  int local_port;
  int family;
  int hints;
  cnet_lookup_fn lookup;
  void *lookup_ctx;
  bool auto_select;
  int attempt_timeout;
  cnet_lookup_req_t *lookup_req;
  attempt_t *attempt;
  uv_timer_t *timer;
  addr_t *addrs;
  size_t naddrs, current;
  cnet_error_t **errors;
  size_t nerrors;
  bool multiple;
};

/* Listeners may destroy the socket (and so cancel the connect) in any emit;
 * a callback holds the connect so that it can look at `cancelled` after. */
void cnet__connect_hold(cnet_connect_t *c);
void cnet__connect_drop(cnet_connect_t *c);
/* destroy(err), taking err */
void cnet__connect_fail(cnet_socket_t *s, cnet_error_t *err);
/* Keeps an attempt's error (taken) for the AggregateError. */
void cnet__connect_add_error(cnet_connect_t *c, cnet_error_t *err);
/* Node's createConnectionError for an attempt that failed with status. */
cnet_error_t *cnet__attempt_error(const attempt_t *at, int status);
void cnet__emit_attempt(cnet_socket_t *s, cnet_event_type type, const addr_t *a, int port,
                        const cnet_error_t *err);
/* Binds for localAddress/localPort; a negative code when it failed. */
int cnet__bind_local(cnet_socket_t *s, const char *address, int family, int port);
/* Starts connecting the socket's handle to a (local: the bound address when
 * a local port was asked for); a synchronous error. */
int cnet__start_attempt(cnet_connect_t *c, const addr_t *a, const char *local);
bool cnet__attempt_blocked(cnet_socket_t *s, const addr_t *a);
cnet_error_t *cnet__blocked_error(const addr_t *a);
/* A synchronous connect failure, with the handle's own name as Node's details. */
cnet_error_t *cnet__connect_sync_error(cnet_connect_t *c, int err, const addr_t *a);

/* happy_eyeballs.c: tries c->addrs in turn, each with an attempt timeout. */
void cnet__happy_eyeballs_start(cnet_connect_t *c);
/* The attempt under way failed (canceled: by the close); the next, or the end. */
void cnet__next_attempt(cnet_connect_t *c, bool canceled);

#endif
