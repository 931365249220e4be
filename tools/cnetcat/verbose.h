/* -v: the events of sockets and of the listener, one line each on stderr. */
#ifndef CNETCAT_VERBOSE_H
#define CNETCAT_VERBOSE_H

#include "session.h"

/* lookup, connectionAttempt, connectionAttemptFailed,
 * connectionAttemptTimeout, connect, end, close */
void verbose_watch_socket(conn *c);
/* listening, drop */
void verbose_watch_server(cnet_server_t *srv);
/* connection: the accepted connection c */
void verbose_connection(const conn *c);

#endif
