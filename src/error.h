/* Internal: making errors worded as Node's. */
#ifndef CNET_ERROR_H
#define CNET_ERROR_H

#include <stdio.h>

#include "cnet.h"

/* Record what Node would throw as this thread's last error and return code.
 * fmt words the message exactly as Node's exception does, e.g.
 *   return cnet__throw(CNET_ERR_SOCKET_BAD_PORT,
 *                      "Port should be >= 0 and < 65536. Received type number (%d).", port);
 * The error's name (TypeError, RangeError, Error) follows from the code. */
int cnet__throw(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The throw of a call given a NULL callback, as Node's for a missing function. */
int cnet__throw_no_callback(void);

/* A new error (one reference) for a cnet_errcode, worded by fmt. */
cnet_error_t *cnet__error_code(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A new error for a libuv failure, worded as Node's exceptionWithHostPort
 * ("connect ECONNREFUSED 127.0.0.1:80"): address NULL and port <= 0 are left
 * out. with_uv_message adds libuv's text as Node's uvExceptionWithHostPort
 * does ("listen EADDRINUSE: address already in use 127.0.0.1:80"). */
cnet_error_t *cnet__error_uv(int errnum, const char *syscall, const char *address, int port,
                             bool with_uv_message);

/* A reference to err when cnet made it (its identity kept, as Node hands on
 * the very object), else a copy with the same fields: err may be any struct
 * a caller filled in. */
cnet_error_t *cnet__error_keep(const cnet_error_t *err);

/* A copy of err that shares nothing with it (members and cause copied
 * too): one thread's error, for another thread to own. */
cnet_error_t *cnet__error_clone(const cnet_error_t *err);

/* err with a cause (taken: the caller's reference goes to err). */
cnet_error_t *cnet__error_with_cause(cnet_error_t *err, cnet_error_t *cause);

/* The same, with Node's " - Local (address:port)" suffix for the local end. */
cnet_error_t *cnet__error_uv_local(int errnum, const char *syscall, const char *address, int port,
                                   bool with_uv_message, const char *local);

/* afterConnect's error after binding a local port: the local end in the
 * message ("connect ECONNREFUSED 127.0.0.1:80 - Local (127.0.0.1:5000)") and
 * as err.localAddress and err.localPort. */
cnet_error_t *cnet__error_connect_bound(int errnum, const char *address, int port,
                                        const char *local_address, int local_port);

/* An AggregateError holding members (it takes their references); its code,
 * errno, syscall, address and port are the first member's, as Node's. */
cnet_error_t *cnet__error_aggregate(cnet_error_t **members, size_t n);

/* A lookup failure as Node's dns errors: "getaddrinfo ENOTFOUND host". */
cnet_error_t *cnet__error_dns(int errnum, const char *syscall, const char *host);

/* An Error with only a code and a message, as Node's genericNodeError
 * ("This socket has been ended by the other party", code EPIPE). */
cnet_error_t *cnet__error_plain(const char *code, const char *message);

/* Emit-side helper: the error's "name: message" line as Node prints it. */
void cnet__error_print(const cnet_error_t *err, FILE *out);

#endif
