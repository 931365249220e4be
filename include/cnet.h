/* cnet: the Node.js `net` module (v23.5.0) in C, on libuv.
 *
 * This header is the manual. It is grouped as Node's documentation is: the
 * module's foundations (errors, events, abort signals), then net.BlockList,
 * net.SocketAddress, net.Server, net.Socket and the module functions.
 *
 * Threads: every object belongs to the uv_loop_t it was made on and is used
 * from that loop's thread only. Every constructor takes a loop; NULL means
 * uv_default_loop(). The application runs the loop with uv_run().
 *
 * Errors: a function that Node would make throw returns a negative code
 * instead; cnet_err_name() and cnet_strerror() give Node's code and message,
 * and cnet_last_error() gives the full error of the last failed call on this
 * thread, worded exactly as Node's exception. libuv's own negative codes
 * (UV_EINVAL, ...) pass through unchanged.
 */
#ifndef CNET_H
#define CNET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CNET_VERSION_MAJOR 0
#define CNET_VERSION_MINOR 1
#define CNET_VERSION_PATCH 0

/* ======================================================================== */
/* Errors                                                                   */
/* ======================================================================== */

/* Codes for what Node throws as ERR_* errors. libuv's codes are all above
 * -4096, so these never collide with them. */
typedef enum {
  CNET_ERR_INVALID_ARG_TYPE = -5001,
  CNET_ERR_INVALID_ARG_VALUE = -5002,
  CNET_ERR_OUT_OF_RANGE = -5003,
  CNET_ERR_SOCKET_BAD_PORT = -5004,
  CNET_ERR_INVALID_ADDRESS = -5005,
  CNET_ERR_MISSING_ARGS = -5006,
  CNET_ERR_SERVER_ALREADY_LISTEN = -5007,
  CNET_ERR_SERVER_NOT_RUNNING = -5008,
  CNET_ERR_SOCKET_CLOSED = -5009,
  CNET_ERR_SOCKET_CLOSED_BEFORE_CONNECTION = -5010,
  CNET_ERR_INVALID_HANDLE_TYPE = -5011,
  CNET_ERR_INVALID_FD_TYPE = -5012,
  CNET_ERR_STREAM_WRITE_AFTER_END = -5013,
  CNET_ERR_STREAM_DESTROYED = -5014,
  CNET_ERR_STREAM_PUSH_AFTER_EOF = -5015,
  CNET_ERR_IP_BLOCKED = -5016,
  CNET_ERR_SOCKET_CONNECTION_TIMEOUT = -5017,
  CNET_ERR_UNKNOWN_ENCODING = -5018,
  CNET_ERR_ABORT = -5019,              /* AbortError, code "ABORT_ERR" */
  CNET_ERR_STREAM_ALREADY_FINISHED = -5020,
} cnet_errcode;

/* An error as Node reports it. Passed to `error` listeners and callbacks,
 * borrowed for the duration of the call: cnet_error_ref() keeps it longer. */
typedef struct cnet_error_s cnet_error_t;
struct cnet_error_s {
  const char *name;     /* "Error", "TypeError", "RangeError", "AggregateError", "AbortError" */
  const char *code;     /* Node's err.code: "ECONNREFUSED", "ERR_SOCKET_CLOSED", ... */
  int errnum;           /* Node's err.errno: libuv's negative code, 0 for ERR_* codes
                           (named errnum because errno is a macro in C) */
  const char *syscall;  /* "connect", "listen", "write", ... or NULL */
  const char *address;  /* or NULL */
  int port;             /* or -1 when the error has no port */
  const char *message;  /* worded as Node's: "connect ECONNREFUSED 127.0.0.1:8124" */
  size_t nerrors;       /* AggregateError: its member errors, in order */
  cnet_error_t *const *errors;
};

/* Node's code for a negative return ("ERR_SOCKET_BAD_PORT", "EADDRINUSE"). */
const char *cnet_err_name(int code);
/* Node's message for a negative return, in general words; cnet_last_error()
 * has the exact message of the last failure, with the values it was given. */
const char *cnet_strerror(int code);
/* The error of the last call on this thread that returned a negative code.
 * Valid until the next failing call on this thread. */
const cnet_error_t *cnet_last_error(void);

cnet_error_t *cnet_error_ref(const cnet_error_t *err);
void cnet_error_unref(cnet_error_t *err);

/* An `error` emitted with no `error` listener goes to the loop's uncaught-error
 * handler. The default prints the error as Node does and aborts the process,
 * because that is what Node does. NULL restores the default. */
typedef void (*cnet_uncaught_cb)(const cnet_error_t *err, void *emitter, void *ctx);
void cnet_set_uncaught_error_handler(uv_loop_t *loop, cnet_uncaught_cb cb, void *ctx);

/* ======================================================================== */
/* Events                                                                   */
/* ======================================================================== */

/* Servers and sockets are event emitters with Node's rules: listeners run in
 * the order they were added; adding or removing a listener during an emit
 * does not change that emit; a `once` listener is removed before it runs. */
typedef enum {
  CNET_EV_CLOSE,
  CNET_EV_CONNECT,
  CNET_EV_CONNECTION,
  CNET_EV_CONNECTION_ATTEMPT,
  CNET_EV_CONNECTION_ATTEMPT_FAILED,
  CNET_EV_CONNECTION_ATTEMPT_TIMEOUT,
  CNET_EV_DATA,
  CNET_EV_DRAIN,
  CNET_EV_DROP,
  CNET_EV_END,
  CNET_EV_ERROR,
  CNET_EV_FINISH,
  CNET_EV_LISTENING,
  CNET_EV_LOOKUP,
  CNET_EV_READY,
  CNET_EV_TIMEOUT,
  CNET_EV__COUNT
} cnet_event_type;

typedef struct cnet_socket_s cnet_socket_t;
typedef struct cnet_server_s cnet_server_t;

typedef struct cnet_event_s {
  cnet_event_type type;
  void *emitter; /* the cnet_socket_t * or cnet_server_t * that emitted it */
  union {
    struct {               /* data: borrowed for the call */
      const char *bytes;   /* the bytes, or after setEncoding the decoded text */
      size_t len;          /* bytes' length (the text's, in bytes, without the NUL) */
      bool is_string;      /* setEncoding is on: bytes is NUL-terminated UTF-8 text */
    } data;
    struct { bool had_error; } close;
    const cnet_error_t *error;     /* error */
    cnet_socket_t *connection;     /* connection */
    struct {                       /* connectionAttempt, ...Failed, ...Timeout */
      const char *ip;
      int port;
      int family;                  /* 4 or 6 */
      const cnet_error_t *error;   /* connectionAttemptFailed only */
    } attempt;
    struct {                       /* lookup */
      const cnet_error_t *err;     /* NULL on success */
      const char *address;
      int family;                  /* 4, 6, or 0 when unknown */
      const char *host;
    } lookup;
    struct {                       /* drop */
      const char *local_address;
      int local_port;
      const char *local_family;    /* "IPv4" / "IPv6" */
      const char *remote_address;
      int remote_port;
      const char *remote_family;
    } drop;
  } u;
} cnet_event_t;

typedef void (*cnet_listener_fn)(const cnet_event_t *ev, void *ctx);

/* `emitter` is a cnet_socket_t * or cnet_server_t *. A listener is known by
 * (type, fn, ctx); cnet_off removes the one added last, as Node's does. */
int cnet_on(void *emitter, cnet_event_type type, cnet_listener_fn fn, void *ctx);
int cnet_once(void *emitter, cnet_event_type type, cnet_listener_fn fn, void *ctx);
int cnet_prepend_listener(void *emitter, cnet_event_type type, cnet_listener_fn fn, void *ctx);
int cnet_off(void *emitter, cnet_event_type type, cnet_listener_fn fn, void *ctx);
int cnet_remove_all_listeners(void *emitter, cnet_event_type type);
size_t cnet_listener_count(const void *emitter, cnet_event_type type);
/* Node's event name: "close", "connectionAttemptFailed", ... */
const char *cnet_event_name(cnet_event_type type);

/* ======================================================================== */
/* AbortController / AbortSignal                                            */
/* ======================================================================== */

/* Node's AbortController and AbortSignal, for the `signal` options of
 * new net.Socket() and server.listen(): aborting the controller destroys the
 * socket (with an AbortError) or closes the server.
 *
 * Lifetime: the controller owns its signal, and each socket or server given
 * the signal holds its own reference to it. So cnet_abort_controller_free()
 * is safe at any time, even while sockets still listen: the signal lives on
 * until the last holder lets go, and can simply no longer be aborted. A
 * signal pointer from cnet_abort_controller_signal() may be passed to
 * options while the controller is alive; the object then keeps it.
 *
 * Aborting runs the listeners that objects registered, once each, in the
 * order they registered; aborting again does nothing. */
typedef struct cnet_abort_controller_s cnet_abort_controller_t;
typedef struct cnet_abort_signal_s cnet_abort_signal_t;

/* new AbortController(). Free it with cnet_abort_controller_free(). */
cnet_abort_controller_t *cnet_abort_controller_new(void);
void cnet_abort_controller_free(cnet_abort_controller_t *ac);
/* controller.signal */
cnet_abort_signal_t *cnet_abort_controller_signal(cnet_abort_controller_t *ac);
/* controller.abort(reason). The signal keeps its own reference to reason.
 * NULL means Node's default: an AbortError, code "ABORT_ERR", message
 * "This operation was aborted". A listener may free the controller. */
void cnet_abort_controller_abort(cnet_abort_controller_t *ac, const cnet_error_t *reason);
/* signal.aborted */
bool cnet_abort_signal_aborted(const cnet_abort_signal_t *signal);
/* signal.reason: NULL until aborted, then valid as long as the signal. */
const cnet_error_t *cnet_abort_signal_reason(const cnet_abort_signal_t *signal);

/* ======================================================================== */
/* net.isIP, net.isIPv4, net.isIPv6                                         */
/* ======================================================================== */

/* 4 for an IPv4 address, 6 for an IPv6 address, 0 otherwise; exactly Node's
 * answers (no leading zeros in IPv4; IPv6 zone ids allowed). NULL is 0. */
int cnet_is_ip(const char *input);
bool cnet_is_ipv4(const char *input);
bool cnet_is_ipv6(const char *input);

/* ======================================================================== */
/* net.SocketAddress                                                        */
/* ======================================================================== */

#define CNET_ADDRSTRLEN 64 /* an IPv6 address with a zone id, and its NUL */

/* A value: copy it freely; nothing to free. */
typedef struct cnet_socketaddress_s {
  char address[CNET_ADDRSTRLEN]; /* socketaddress.address */
  int family;                    /* 4 or 6 (socketaddress.family is "ipv4"/"ipv6") */
  int port;                      /* socketaddress.port */
  uint32_t flowlabel;            /* socketaddress.flowlabel */
} cnet_socketaddress_t;

typedef struct cnet_socketaddress_opts {
  const char *address;  /* NULL: "127.0.0.1" for ipv4, "::" for ipv6 */
  const char *family;   /* "ipv4" or "ipv6", any case; NULL: "ipv4" */
  int port;             /* 0..65535 */
  int64_t flowlabel;    /* 0..2^20-1 */
} cnet_socketaddress_opts;

/* new net.SocketAddress(options). opts NULL = all defaults. Errors:
 * ERR_INVALID_ARG_VALUE (family), ERR_SOCKET_BAD_PORT, ERR_OUT_OF_RANGE
 * (flowlabel), ERR_INVALID_ADDRESS (address not of that family). */
int cnet_socketaddress_init(cnet_socketaddress_t *sa, const cnet_socketaddress_opts *opts);
/* SocketAddress.parse(input): "1.2.3.4:80", "[::1]:80", "127.1"; Node returns
 * undefined where this returns CNET_ERR_INVALID_ADDRESS. */
int cnet_socketaddress_parse(cnet_socketaddress_t *sa, const char *input);
/* "ipv4" or "ipv6". */
const char *cnet_socketaddress_family_name(const cnet_socketaddress_t *sa);

/* ======================================================================== */
/* net.BlockList                                                            */
/* ======================================================================== */

/* Rules that block addresses, ranges and subnets. `family` arguments are
 * "ipv4" or "ipv6" in any case; NULL means "ipv4". IPv4-mapped IPv6
 * addresses match IPv4 rules and the other way round, as in Node. A check
 * costs O(log n) in the number of rules. */
typedef struct cnet_blocklist_s cnet_blocklist_t;

cnet_blocklist_t *cnet_blocklist_new(void);
void cnet_blocklist_free(cnet_blocklist_t *bl);
/* BlockList.isBlockList(value): true when p is a live cnet_blocklist_t. */
bool cnet_blocklist_is_blocklist(const void *p);

int cnet_blocklist_add_address(cnet_blocklist_t *bl, const char *address, const char *family);
int cnet_blocklist_add_range(cnet_blocklist_t *bl, const char *start, const char *end,
                             const char *family);
int cnet_blocklist_add_subnet(cnet_blocklist_t *bl, const char *net, int prefix,
                              const char *family);
/* 1 when blocked, 0 when not, a negative code for bad input. */
int cnet_blocklist_check(const cnet_blocklist_t *bl, const char *address, const char *family);

/* The same, taking SocketAddress values (their family is their own). */
int cnet_blocklist_add_address_sa(cnet_blocklist_t *bl, const cnet_socketaddress_t *address);
int cnet_blocklist_add_range_sa(cnet_blocklist_t *bl, const cnet_socketaddress_t *start,
                                const cnet_socketaddress_t *end);
int cnet_blocklist_add_subnet_sa(cnet_blocklist_t *bl, const cnet_socketaddress_t *net,
                                 int prefix);
int cnet_blocklist_check_sa(const cnet_blocklist_t *bl, const cnet_socketaddress_t *address);

/* blockList.rules: newest first, worded as Node's ("Address: IPv4 1.1.1.1",
 * "Range: IPv4 10.0.0.1-10.0.0.10", "Subnet: IPv6 8592:757c:efae:4e45::/64").
 * The array belongs to the list and stays valid until the list changes. */
const char *const *cnet_blocklist_rules(const cnet_blocklist_t *bl, size_t *count);

#ifdef __cplusplus
}
#endif
#endif /* CNET_H */
