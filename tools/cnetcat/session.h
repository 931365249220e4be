/* A cnetcat run: stdin to the connections, the connections to stdout, with
 * backpressure both ways and half-close. One connection, or with -k every
 * connection the listener accepts (stdin goes to each, each one's bytes to
 * stdout). */
#ifndef CNETCAT_SESSION_H
#define CNETCAT_SESSION_H

#include <cnet.h>

#include "io.h"
#include "options.h"

typedef struct session session;

typedef struct conn {
  session *ss;
  cnet_socket_t *s;
  int id;               /* 1, 2, ... in the order they came */
  bool connected;       /* stdin's bytes go to connected sockets only */
  bool awaiting_drain;  /* its last write returned false */
  struct conn *prev, *next;
} conn;

struct session {
  const cnetcat_options *o;
  uv_loop_t *loop;
  io_in in;
  io_out out;
  conn *conns;
  size_t awaiting_drain; /* connections whose write returned false */
  int next_id;
  bool stdin_ended;
  bool stdout_blocked;   /* connections are paused until stdout drains */
  bool finished;
  cnet_server_t *server; /* the listener, until its `close` */
  bool server_closing;
  int status;            /* the exit status */
};

/* Opens stdin and stdout on the loop; 0, or -1 after printing why. */
int session_open(session *ss, const cnetcat_options *o, uv_loop_t *loop);
/* A socket joins: connecting (a client), or accepted (connected). */
conn *session_add(session *ss, cnet_socket_t *s, bool connected);
/* Prints "cnetcat: [#N ]message" for an error and makes the exit status 1. */
void session_error(session *ss, const conn *c, const char *message);
/* Nothing more will connect: stdin is closed, stdout ends after its bytes. */
void session_finish(session *ss);
/* Closes the listener, once: it stops accepting, and its `close` comes after
 * the last connection's. */
void session_close_server(session *ss);
/* Stops everything now: the listener closes, the connections are destroyed. */
void session_stop(session *ss);

#endif
