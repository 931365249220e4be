/* cnet: the Node.js `net` module (v23.5.0) in C, on libuv.
 *
 * This header is the manual. It is grouped as Node's documentation is: the
 * module's foundations (errors, events, abort signals), then net.BlockList,
 * net.SocketAddress, net.Server, net.Socket and the module functions.
 *
 * Threads: every object belongs to the uv_loop_t it was made on and is used
 * from that loop's thread only. Every constructor takes a loop; NULL means
 * uv_default_loop(). The application runs the loop with uv_run(). The one
 * call another thread may make is cnet_post(loop, cb, ctx), which runs cb
 * on the loop's thread; to move a connection or a listening socket to
 * another loop, detach its descriptor (cnet_socket_detach_fd(),
 * cnet_server_detach_fd()) and open it there with has_fd. A pool of worker
 * threads, each with its own loop and server, is in the Workers section.
 *
 * Signals: as Node does, cnet ignores SIGPIPE (a write to a socket the peer
 * closed then fails with EPIPE instead of ending the process), unless the
 * application has set a disposition of its own before its first cnet call.
 *
 * Descriptors 0-2: libuv reserves them for stdio and never closes them, so
 * cnet's first call opens /dev/null on any of them that is closed (as Node
 * does at startup), before it makes a descriptor of its own.
 *
 * Tracing: with CNET_DEBUG=net in the environment (a comma-separated list,
 * as NODE_DEBUG=net), cnet prints one line per state change of its sockets
 * and servers to stderr, "NET <pid>: afterConnect" and so on, as Node's
 * NODE_DEBUG=net does. Off, it costs one branch per trace point.
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

/* The version this header belongs to (CMakeLists.txt reads it from here).
 * While the major version is 0, a minor version may change the ABI: the
 * shared library's soname carries both (libcnet.so.0.2). */
#define CNET_VERSION_MAJOR 0
#define CNET_VERSION_MINOR 2
#define CNET_VERSION_PATCH 0
#define CNET_VERSION_HEX ((CNET_VERSION_MAJOR << 16) | (CNET_VERSION_MINOR << 8) | CNET_VERSION_PATCH)
#define CNET_STRINGIFY_(x) #x
#define CNET_STRINGIFY(x) CNET_STRINGIFY_(x)
#define CNET_VERSION_STRING                                                                   \
  CNET_STRINGIFY(CNET_VERSION_MAJOR) "." CNET_STRINGIFY(CNET_VERSION_MINOR) "." CNET_STRINGIFY(CNET_VERSION_PATCH)

/* The version of the library the program runs with (the macros give the one
 * it was compiled against), as uv_version(): CNET_VERSION_HEX's form. */
unsigned cnet_version(void);
/* "0.2.0" */
const char *cnet_version_string(void);

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
  CNET_ERR_INVALID_IP_ADDRESS = -5021,
  CNET_ERR_INVALID_ADDRESS_FAMILY = -5022,
  CNET_ERR_STREAM_NULL_VALUES = -5023,
} cnet_errcode;

/* An error as Node reports it. Passed to `error` listeners and callbacks,
 * borrowed for the duration of the call: cnet_error_ref() keeps it longer.
 * An error cnet made (or cnet_error_new() made) keeps its identity: given
 * to cnet_socket_destroy() or cnet_abort_controller_abort(), the same
 * pointer reaches the `error` listeners and cnet_socket_errored(), as Node
 * hands on the very object. A struct the caller filled in (on its stack,
 * say) is copied instead, and the copy is what listeners see. */
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
  const cnet_error_t *cause; /* err.cause, or NULL: the AbortError of a `signal`
                                has the signal's reason */
  const char *hostname;      /* a lookup's error: the name looked up, or NULL */
  const char *local_address; /* a connect's error after binding a local port: */
  int local_port;            /* err.localAddress and err.localPort, else NULL, 0 */
  const void *internal_;     /* cnet's own mark on the errors it made; leave NULL */
};

/* Node's code for a negative return ("ERR_SOCKET_BAD_PORT", "EADDRINUSE"). */
const char *cnet_err_name(int code);
/* Node's message for a negative return, in general words; cnet_last_error()
 * has the exact message of the last failure, with the values it was given. */
const char *cnet_strerror(int code);
/* The error of the last call on this thread that returned a negative code.
 * Valid until the next failing call on this thread. */
const cnet_error_t *cnet_last_error(void);

/* Keeps an error longer than the call that lent it: returns it with one more
 * reference (for a struct the caller filled in: a copy, with one), which
 * cnet_error_unref() lets go. NULL passes through. */
cnet_error_t *cnet_error_ref(const cnet_error_t *err);
void cnet_error_unref(cnet_error_t *err);

/* new Error(message, { cause }) with err.code = code: an error of the
 * application's own, with one reference that cnet_error_unref() lets go.
 * code and cause may be NULL (cause is referenced if cnet made it, else
 * copied); message NULL is "". */
cnet_error_t *cnet_error_new(const char *code, const char *message, const cnet_error_t *cause);

/* An `error` emitted with no `error` listener goes to the loop's uncaught-error
 * handler. The default prints the error as Node does and ends the process
 * with status 1, because that is what Node does. NULL restores the default. */
typedef void (*cnet_uncaught_cb)(const cnet_error_t *err, void *emitter, void *ctx);
/* process.on('uncaughtException', cb) for one loop (NULL: the default
 * loop): cb gets the error (borrowed) and the socket or server that emitted
 * it. At most 64 loops of the process have one. */
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
  CNET_EV_FD, /* cnet's own: a descriptor came over a Unix socket (fd_passing) */
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
    struct {                       /* close */
      bool had_error;
      /* false where Node emits `close` with no argument (a socket destroyed
       * before it had a handle): close() rather than close(false) */
      bool had_error_given;
    } close;
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
    int fd;                        /* fd: the descriptor, now the listener's */
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

/* A listener set: listeners built once and attached to many emitters, which
 * then share one block of them instead of each holding its own copy. No
 * Node counterpart; it is for memory: a server whose connections all get the
 * same listeners attaches one set to each accepted socket, saving the
 * socket's own listener block (about 100 bytes per connection for three).
 * The listeners' ctx is the set's, the same for every socket: keep
 * per-connection state with cnet_socket_set_data()/get_data() (ev->emitter
 * is the socket).
 *
 * cnet_listeners_attach(emitter, set) adds the set's listeners after the
 * emitter's own, in the set's order, exactly as cnet_on()/cnet_once() for
 * each would: a `data` listener makes a socket flow, cnet_off() and
 * cnet_listener_count() see them, a `once` listener fires once per emitter.
 * Changing one emitter's listeners later leaves the others' alone. An
 * emitter takes the set as it is at attach: listeners added to the set
 * later reach only the emitters it is attached to afterwards. The set may be
 * freed at any time; emitters keep the listeners attached to them. A set
 * and the emitters it is attached to share memory without locks: they
 * belong to one thread, as everything else of one loop does (in a worker
 * pool, each worker builds its own set, in its `init`). Errors:
 * ERR_INVALID_ARG_TYPE / ERR_INVALID_ARG_VALUE as cnet_on(), and
 * ERR_INVALID_ARG_TYPE for something that is not a set. */
typedef struct cnet_listeners_s cnet_listeners_t;
cnet_listeners_t *cnet_listeners_new(void);
int cnet_listeners_on(cnet_listeners_t *set, cnet_event_type type, cnet_listener_fn fn, void *ctx);
int cnet_listeners_once(cnet_listeners_t *set, cnet_event_type type, cnet_listener_fn fn,
                        void *ctx);
int cnet_listeners_attach(void *emitter, const cnet_listeners_t *set);
/* NULL is ignored. */
void cnet_listeners_free(cnet_listeners_t *set);

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
/* controller.abort(reason). The signal keeps its own copy of reason.
 * NULL means Node's default: an AbortError, code "ABORT_ERR", message
 * "This operation was aborted". A listener may free the controller. */
void cnet_abort_controller_abort(cnet_abort_controller_t *ac, const cnet_error_t *reason);
/* signal.aborted */
bool cnet_abort_signal_aborted(const cnet_abort_signal_t *signal);
/* signal.reason: NULL until aborted, then valid as long as the signal. */
const cnet_error_t *cnet_abort_signal_reason(const cnet_abort_signal_t *signal);

/* ======================================================================== */
/* Scheduling: process.nextTick and the timers                              */
/* ======================================================================== */

/* What a Node program has as process.nextTick, setTimeout, setInterval and
 * setImmediate, with Node's order: every cnet callback (a listener, a
 * timer's or an immediate's callback, a write's callback) is followed by
 * the ticks it queued, before anything else runs.
 *
 * From the application's own libuv callbacks (or before uv_run), a tick
 * runs before the next cnet callback of that loop begins, or in the loop's
 * next idle phase, whichever comes first: still before any cnet timer,
 * immediate or I/O event, as in Node. */
typedef void (*cnet_task_cb)(void *ctx);

/* process.nextTick(cb): cb(ctx) after the current callback returns and after
 * the ticks already queued. ERR_INVALID_ARG_TYPE when cb is NULL. */
int cnet_next_tick(uv_loop_t *loop, cnet_task_cb cb, void *ctx);

/* The only call that is safe from any thread: cb(ctx) runs on loop's
 * thread, in a turn of that loop, as a cnet callback (followed by its
 * ticks). Tasks posted to one loop run in the order they were posted, each
 * exactly once. A post does not keep the loop alive: cb runs while the
 * loop runs (something else keeps it; a pool's loops are kept while the
 * pool runs), or when it is run again.
 *
 * A loop takes posts while it has cnet state: from the first cnet object
 * (or timer, or tick) made on it until the last one is freed. Tasks posted
 * by then still run: the state waits for them, keeping the loop running,
 * before it closes. After that (or before any cnet call on the loop),
 * cnet_post returns UV_ENOENT and does not run cb: ctx stays the caller's.
 * ERR_INVALID_ARG_TYPE when cb is NULL. NULL loop: uv_default_loop(),
 * which must already exist. */
int cnet_post(uv_loop_t *loop, cnet_task_cb cb, void *ctx);

/* A timer: Node's Timeout (setTimeout, setInterval) or Immediate.
 *
 * Lifetime: cnet frees a timeout once its callback has returned, an
 * immediate likewise, and either once it is cleared; an interval when it is
 * cleared. Until then the pointer may be passed to every call below. To use
 * it longer (refresh() a timeout that ran, clear it without knowing whether
 * it ran), take a reference with cnet_timer_retain() and let go with
 * cnet_timer_release(). A timer holds its loop's cnet state, so one that
 * never runs (unref'd) must be cleared before uv_loop_close(). */
typedef struct cnet_timer_s cnet_timer_t;

/* setTimeout(cb, ms): cb(ctx) once, after ms, then its ticks. As Node's, a
 * duration below 1 or above 2^31-1 ms is 1. Keeps the loop alive until it
 * has run, unless unref'd. NULL (ERR_INVALID_ARG_TYPE) when cb is NULL. */
cnet_timer_t *cnet_set_timeout(uv_loop_t *loop, uint64_t ms, cnet_task_cb cb, void *ctx);
/* setInterval(cb, ms): cb(ctx) every ms until cleared. */
cnet_timer_t *cnet_set_interval(uv_loop_t *loop, uint64_t ms, cnet_task_cb cb, void *ctx);
/* setImmediate(cb): cb(ctx) in the loop's check phase (after I/O), then its
 * ticks; immediates queued by one wait for the next check phase. */
cnet_timer_t *cnet_set_immediate(uv_loop_t *loop, cnet_task_cb cb, void *ctx);

/* clearTimeout / clearInterval (the same in Node: either clears a timeout or
 * an interval) and clearImmediate. Clearing one that ran or was cleared, or
 * one of the other kind, does nothing. Safe from the timer's own callback. */
void cnet_clear_timeout(cnet_timer_t *t);
void cnet_clear_interval(cnet_timer_t *t);
void cnet_clear_immediate(cnet_timer_t *t);

/* timeout.ref() / unref(): whether it keeps the loop alive (an unref'd one
 * still runs while something else does). hasRef(). Each returns t. */
cnet_timer_t *cnet_timer_ref(cnet_timer_t *t);
cnet_timer_t *cnet_timer_unref(cnet_timer_t *t);
bool cnet_timer_has_ref(const cnet_timer_t *t);
/* timeout.refresh(): a timeout or interval counts again from now; a timeout
 * that has run runs again (retain it to keep the pointer). Nothing for a
 * cleared timer or an immediate. */
cnet_timer_t *cnet_timer_refresh(cnet_timer_t *t);
cnet_timer_t *cnet_timer_retain(cnet_timer_t *t);
void cnet_timer_release(cnet_timer_t *t);

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

/* new net.BlockList(). The list is the caller's: it must outlive the
 * sockets and servers given it (block_list options), and is freed with
 * cnet_blocklist_free(). */
cnet_blocklist_t *cnet_blocklist_new(void);
void cnet_blocklist_free(cnet_blocklist_t *bl);
/* BlockList.isBlockList(value): true when p is a live cnet_blocklist_t. */
bool cnet_blocklist_is_blocklist(const void *p);

/* blockList.addAddress(address[, type]), addRange(start, end[, type]) (both
 * ends included), addSubnet(net, prefix[, type]). 0, or Node's error:
 * ERR_INVALID_ARG_VALUE for a family that is neither or a range whose start
 * comes after its end, ERR_INVALID_ADDRESS for an address not of the
 * family, ERR_OUT_OF_RANGE for a prefix past 32 (IPv4) or 128 (IPv6). */
int cnet_blocklist_add_address(cnet_blocklist_t *bl, const char *address, const char *family);
int cnet_blocklist_add_range(cnet_blocklist_t *bl, const char *start, const char *end,
                             const char *family);
int cnet_blocklist_add_subnet(cnet_blocklist_t *bl, const char *net, int prefix,
                              const char *family);
/* blockList.check(address[, type]): 1 when blocked, 0 when not (also for
 * an address or family that is not valid, as Node's false); a negative
 * code for a NULL list or address. */
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

/* ======================================================================== */
/* Common types                                                             */
/* ======================================================================== */

/* Frees what the application hung on an object (cnet_socket_set_data()). */
typedef void (*cnet_free_cb)(void *data);

/* For options whose Node default is not false: zero means Node's default. */
typedef enum { CNET_DEFAULT = 0, CNET_TRUE = 1, CNET_FALSE = -1 } cnet_tristate;

/* An address as socket.address() and server.address() return it. */
typedef struct cnet_address_s {
  char address[CNET_ADDRSTRLEN];
  int port;
  const char *family; /* "IPv4" or "IPv6" */
} cnet_address_t;

/* Looking a host up. The default is uv_getaddrinfo(), as Node's dns.lookup.
 * A caller-supplied cnet_lookup_fn must answer exactly once, now or later,
 * through cnet_lookup_done(req, ...), even after the socket is destroyed. */
typedef struct cnet_lookup_req_s cnet_lookup_req_t;
typedef struct cnet_lookup_opts {
  int family; /* 0, 4 or 6 */
  int hints;  /* getaddrinfo ai_flags */
  bool all;   /* every address is wanted (autoSelectFamily), not just one */
} cnet_lookup_opts;
typedef struct cnet_lookup_address {
  const char *address;
  int family; /* 4 or 6 */
} cnet_lookup_address;
typedef void (*cnet_lookup_fn)(const char *hostname, const cnet_lookup_opts *opts,
                               cnet_lookup_req_t *req, void *ctx);
/* err NULL on success; the addresses are copied before this returns. */
void cnet_lookup_done(cnet_lookup_req_t *req, const cnet_error_t *err,
                      const cnet_lookup_address *addresses, size_t count);

/* ======================================================================== */
/* net.Socket                                                               */
/* ======================================================================== */

/* Lifetime: a socket lives until its `close` event has been emitted and its
 * `close` listeners have returned; then cnet frees it, unless it connected
 * again from a `close` listener or the application holds a reference taken
 * with cnet_socket_retain(). So the pointer is always valid inside listeners,
 * accepted sockets need no call to be freed, and a socket that must outlive
 * its `close` (to connect again later, or to read its properties) is
 * retained and then released. A socket made with cnet_socket_new() that
 * never connects must be destroyed to be freed. A library built with
 * cmake -DCNET_POISON=ON stops the program with a message when a freed
 * socket, server or timer is given to any call (docs/lifetime.md). */
cnet_socket_t *cnet_socket_retain(cnet_socket_t *s);
void cnet_socket_release(cnet_socket_t *s);

/* The application's own pointer on a socket, as uv_handle_set_data(): per-
 * connection state without a side table. free_data (may be NULL) is called
 * with data once cnet has freed the socket (after its last `close`
 * listener, see Lifetime) and no longer holds any pointer to it, or when
 * another pointer replaces data. NULL (s not a socket) from get. */
void cnet_socket_set_data(cnet_socket_t *s, void *data, cnet_free_cb free_data);
void *cnet_socket_get_data(const cnet_socket_t *s);

typedef struct cnet_onread_opts {
  /* The caller's buffer: every read goes into it, and callback gets it
   * instead of a `data` event. Returning false stops reading (without
   * pausing, as Node's); cnet_socket_resume() reads again. */
  char *buffer;
  size_t len;
  bool (*callback)(cnet_socket_t *s, size_t nread, char *buffer, void *ctx); /* false: stop reading */
  void *ctx;
  /* onread.buffer as a function (Node's second form); when set, buffer and
   * len are not used. Called with ctx when the socket gets its handle (in
   * cnet_socket_new() with an fd, in connect, and for each further
   * autoSelectFamily attempt) for the buffer to read into, and after every
   * callback for the buffer of the next read; it returns the buffer and
   * sets *len to its size. The buffer is the caller's and must stay valid
   * until the next call returns another, or the socket is freed. NULL (or
   * *len 0) keeps the previous buffer; at the first call, when there is
   * none, the socket is destroyed with ERR_INVALID_ARG_TYPE (`error`, then
   * `close(true)`; see docs/api.md, Differences). */
  char *(*buffer_fn)(cnet_socket_t *s, size_t *len, void *ctx);
} cnet_onread_opts;

typedef struct cnet_socket_opts {
  bool allow_half_open;         /* allowHalfOpen: default false */
  bool has_fd;                  /* wrap the existing socket descriptor fd */
  int fd;
  cnet_tristate readable;       /* with fd: default true */
  cnet_tristate writable;       /* with fd: default true */
  cnet_onread_opts onread;      /* onread: used when callback and buffer (with len) or buffer_fn are set */
  cnet_abort_signal_t *signal;  /* aborting destroys the socket with an AbortError */
  cnet_blocklist_t *block_list; /* blockList: outbound addresses refused with ERR_IP_BLOCKED */
  /* highWaterMark sets both marks and wins over the other two, as Node's
   * Duplex; 0 means the default, 65536. Values past 2^32-1 are 2^32-1. */
  size_t high_water_mark;
  size_t readable_high_water_mark; /* readableHighWaterMark: reading stops when this much is kept */
  size_t writable_high_water_mark; /* writableHighWaterMark: write() returns 0 from here on */
  bool no_delay;                /* noDelay */
  bool keep_alive;              /* keepAlive */
  int64_t keep_alive_initial_delay; /* keepAliveInitialDelay, ms */
  /* cnet's own: a Unix socket (opened on fd, or connected to a path) that
   * passes descriptors: it can cnet_socket_send_fd() and emits `fd` for each
   * one it receives. Off, descriptors a peer sends are discarded. */
  bool fd_passing;
} cnet_socket_opts;

/* new net.Socket([options]); NULL with cnet_last_error() set on bad options. */
cnet_socket_t *cnet_socket_new(uv_loop_t *loop, const cnet_socket_opts *opts);

typedef struct cnet_connect_opts {
  /* TCP */
  int port;                     /* required for TCP (1..65535) */
  const char *host;             /* NULL means "localhost" */
  int family;                   /* 0, 4 or 6 */
  int hints;                    /* getaddrinfo flags for the lookup */
  const char *local_address;
  int local_port;
  cnet_lookup_fn lookup;        /* NULL: uv_getaddrinfo */
  void *lookup_ctx;
  cnet_tristate auto_select_family;          /* default: cnet_get_default_auto_select_family() */
  int auto_select_family_attempt_timeout;    /* ms; 0: the process-wide default */
  /* The options of new net.Socket(options), as in cnet_socket_opts: Node's
   * net.connect(options) hands its options to the Socket constructor, so
   * cnet_create_connection() and cnet_connect() read these; socket.connect()
   * ignores them, and so does cnet_socket_connect() (give them to
   * cnet_socket_new() instead). */
  bool allow_half_open;
  bool no_delay;
  bool keep_alive;
  int64_t keep_alive_initial_delay;
  cnet_blocklist_t *block_list;
  cnet_onread_opts onread;
  cnet_abort_signal_t *signal;
  size_t high_water_mark;
  size_t readable_high_water_mark;
  size_t writable_high_water_mark;
  bool has_fd;                  /* connect the socket made on fd (Node: the kernel answers) */
  int fd;
  cnet_tristate readable;       /* with fd */
  cnet_tristate writable;       /* with fd */
  /* IPC: a Unix socket path, or "\0name" for a Linux abstract socket
   * (then path_len gives the length, as the name may hold NULs). */
  const char *path;
  size_t path_len;
  /* net.createConnection() only: socket.setTimeout(timeout) right away. */
  uint32_t timeout;
} cnet_connect_opts;

/* socket.connect(options[, connectListener]), and its (port[, host]) and
 * (path) forms. The listener (may be NULL) is added as a once-listener of
 * `connect`. Errors in the options are returned (Node throws:
 * ERR_MISSING_ARGS without port or path, ERR_SOCKET_BAD_PORT,
 * ERR_INVALID_IP_ADDRESS for local_address, ERR_INVALID_ARG_VALUE for
 * family or hints, ERR_OUT_OF_RANGE...). Then, asynchronously: `lookup`
 * (per address), `connectionAttempt`, `connectionAttemptFailed` and
 * `connectionAttemptTimeout` (Happy Eyeballs), and `connect` + `ready`; or
 * `error` (ECONNREFUSED, ENOTFOUND, ERR_IP_BLOCKED, an AggregateError when
 * every address failed...) then `close(true)`. On a socket destroyed
 * earlier it connects again (a new connection: counters start from zero).
 * A second connect() while connecting only adds the listener. */
int cnet_socket_connect(cnet_socket_t *s, const cnet_connect_opts *opts,
                        cnet_listener_fn connect_listener, void *ctx);
int cnet_socket_connect_port(cnet_socket_t *s, int port, const char *host,
                             cnet_listener_fn connect_listener, void *ctx);
int cnet_socket_connect_path(cnet_socket_t *s, const char *path,
                             cnet_listener_fn connect_listener, void *ctx);

/* net.createConnection() / net.connect() (the same functions under both
 * names) and their (port[, host]) and (path) forms: cnet_socket_new() with
 * the socket options of opts, setTimeout(opts->timeout) when it is set, then
 * cnet_socket_connect(); the events are connect()'s. The socket frees
 * itself after its `close` (see Lifetime). NULL, with cnet_last_error(),
 * where Node would throw. */
cnet_socket_t *cnet_create_connection(uv_loop_t *loop, const cnet_connect_opts *opts,
                                      cnet_listener_fn connect_listener, void *ctx);
cnet_socket_t *cnet_create_connection_port(uv_loop_t *loop, int port, const char *host,
                                           cnet_listener_fn connect_listener, void *ctx);
cnet_socket_t *cnet_create_connection_path(uv_loop_t *loop, const char *path,
                                           cnet_listener_fn connect_listener, void *ctx);
cnet_socket_t *cnet_connect(uv_loop_t *loop, const cnet_connect_opts *opts,
                            cnet_listener_fn connect_listener, void *ctx);
cnet_socket_t *cnet_connect_port(uv_loop_t *loop, int port, const char *host,
                                 cnet_listener_fn connect_listener, void *ctx);
cnet_socket_t *cnet_connect_path(uv_loop_t *loop, const char *path,
                                 cnet_listener_fn connect_listener, void *ctx);

/* A write's callback: once the bytes are flushed to the kernel (err NULL) or
 * with the error that lost them. */
typedef void (*cnet_write_cb)(cnet_socket_t *s, const cnet_error_t *err, void *ctx);

/* socket.write(data[, callback]). What the kernel does not take at once is
 * copied into the write queue. Returns 1 while the queue is below
 * highWaterMark, 0 when it is not (then `drain` follows) or when the write
 * failed (the callback and `error` tell). NULL data with a length (or NULL
 * text below) is write(null): ERR_STREAM_NULL_VALUES, thrown. */
int cnet_socket_write(cnet_socket_t *s, const void *data, size_t len, cnet_write_cb cb, void *ctx);
/* socket.write(string, encoding[, callback]): text is UTF-8, encoded as
 * Buffer.from(text, encoding) does; encoding NULL means "utf8". */
int cnet_socket_write_string(cnet_socket_t *s, const char *text, const char *encoding,
                             cnet_write_cb cb, void *ctx);
/* No copy: data must stay valid and unchanged until cb runs, which it
 * always does, once, with or without an error. For large buffers. */
int cnet_socket_write_nocopy(cnet_socket_t *s, const void *data, size_t len, cnet_write_cb cb,
                             void *ctx);

/* socket.end([data][, callback]) and its (data) and (string, encoding)
 * forms: writes data, then half-closes (a FIN) once the queue is flushed:
 * `finish` follows, and the socket is destroyed (`close`) once the peer has
 * ended too. The callback runs at `finish`, or with the error that
 * prevented it (ERR_STREAM_DESTROYED, ERR_STREAM_ALREADY_FINISHED, the
 * socket's error). Calling it again is harmless, as in Node. */
int cnet_socket_end(cnet_socket_t *s, cnet_write_cb cb, void *ctx);
int cnet_socket_end_data(cnet_socket_t *s, const void *data, size_t len, cnet_write_cb cb,
                         void *ctx);
int cnet_socket_end_string(cnet_socket_t *s, const char *text, const char *encoding,
                           cnet_write_cb cb, void *ctx);

/* socket.cork(): writes made from now on are queued (copied; a no-copy
 * write's data is lent as usual), not tried on the kernel, until as many
 * cnet_socket_uncork() calls as cork() calls have been made, or end(). The
 * count is socket.writableCorked; it keeps counting up to 65535 corks and
 * stays there. While corked, write() still returns 0 past the writable
 * high-water mark (then `drain` follows the flush). */
void cnet_socket_cork(cnet_socket_t *s);
/* socket.uncork(): undoes one cork(); the last one sends every queued write
 * together, as one writev, unless a write is under way (then they follow
 * it). Their callbacks run in order once the kernel took them (`drain`
 * first, when due), on the next tick when it took them at once. Written to
 * a socket that never connected, they fail with ERR_SOCKET_CLOSED and
 * destroy it; while it connects, they go out on `connect`. cnet_socket_end()
 * uncorks fully first, as Node's end(); a destroy fails what is queued, as
 * for any queued write. Nothing when not corked. */
void cnet_socket_uncork(cnet_socket_t *s);

/* socket.destroy([error]): closes now; queued writes fail (with err, or
 * ERR_STREAM_DESTROYED). err NULL: close(false). Otherwise `error` then
 * close(true): the listeners get err itself when cnet made it (e.g. with
 * cnet_error_new()), else a copy of the struct the caller filled in, such
 * as {.name = "Error", .code = "EBOOM", .message = "boom"}. Nothing on a
 * socket destroyed already. */
void cnet_socket_destroy(cnet_socket_t *s, const cnet_error_t *err);
/* socket.destroySoon(): end(), then destroy once `finish` has come. */
void cnet_socket_destroy_soon(cnet_socket_t *s);
/* Takes the connection out of the socket, for another loop or process
 * (cnet_socket_opts.has_fd there): returns a descriptor of the connection,
 * now the caller's, and the socket closes without closing the connection:
 * `close(false)` follows, and no `end`. Nothing is lost in the move: what
 * the kernel has received and cnet has not read is read by the next owner.
 * So it is refused, with UV_EBUSY and nothing changed, while cnet holds
 * something of the connection's: writes not yet flushed (detach once their
 * callbacks ran), an end() under way, bytes read but not consumed (a paused
 * socket's, or part of a character after setEncoding), or a connect under
 * way. ERR_SOCKET_CLOSED when it has no connection. Detach from a `data`
 * listener, not an `fd` one (the bytes that came with the fd would be lost). */
int cnet_socket_detach_fd(cnet_socket_t *s);

/* Passes a descriptor over a Unix socket made with fd_passing (SCM_RIGHTS):
 * it goes with the first byte of data (len >= 1), which is written as
 * cnet_socket_write() writes, in order with the other writes; the other end
 * gets an `fd` event with its own descriptor before the `data` that
 * carries these bytes. fd stays the caller's (cnet sends a copy of it, made
 * now: close yours when you like); it is set non-blocking, as libuv does.
 * ERR_INVALID_ARG_VALUE for another socket or no data;
 * ERR_INVALID_HANDLE_TYPE when fd is not a socket. */
int cnet_socket_send_fd(cnet_socket_t *s, int fd, const void *data, size_t len, cnet_write_cb cb,
                        void *ctx);
/* socket.resetAndDestroy(): closes with a TCP RST. ERR_INVALID_HANDLE_TYPE
 * for a Unix socket. */
int cnet_socket_reset_and_destroy(cnet_socket_t *s);

/* socket.pause(): no more `data` until resume(); what arrives meanwhile is
 * kept, and reading stops once highWaterMark bytes are kept (the kernel then
 * pushes back on the peer). With onread, reading stops at once.
 * socket.resume(): flowing again; kept data comes first, on the next tick.
 * Adding a `data` listener resumes a socket that was never paused.
 * socket.isPaused(): readableFlowing is false. */
void cnet_socket_pause(cnet_socket_t *s);
void cnet_socket_resume(cnet_socket_t *s);
bool cnet_socket_is_paused(const cnet_socket_t *s);
/* socket.setEncoding([encoding]): `data` then hands text (NUL-terminated
 * UTF-8, ev->u.data.is_string) decoded as Node's StringDecoder: a
 * character split across reads is held back. NULL means "utf8";
 * ERR_UNKNOWN_ENCODING for an unknown name. */
int cnet_socket_set_encoding(cnet_socket_t *s, const char *encoding);
/* socket.setTimeout(timeout[, callback]): `timeout` after timeout_ms
 * without a read or write (the socket stays open: end or destroy it there);
 * activity after a `timeout` arms it again. callback (may be NULL) is added
 * as a once-listener of `timeout`; 0 disables it and removes callback.
 * ERR_OUT_OF_RANGE when negative; nothing on a destroyed socket. */
int cnet_socket_set_timeout(cnet_socket_t *s, int64_t timeout_ms, cnet_listener_fn callback,
                            void *ctx);
/* socket.setNoDelay([noDelay]): TCP_NODELAY (kept until connected; nothing
 * for a Unix socket). */
void cnet_socket_set_no_delay(cnet_socket_t *s, bool no_delay);
/* socket.setKeepAlive([enable][, initialDelay]): SO_KEEPALIVE, the first
 * probe after initial_delay_ms (whole seconds; 0: the system's), then as
 * Node 23: every second, 10 probes. */
void cnet_socket_set_keep_alive(cnet_socket_t *s, bool enable, int64_t initial_delay_ms);
/* socket.ref() / unref(): whether the socket keeps the loop running. */
void cnet_socket_ref(cnet_socket_t *s);
void cnet_socket_unref(cnet_socket_t *s);

/* socket.address(): 0, or a negative code where Node returns {}. */
int cnet_socket_address(cnet_socket_t *s, cnet_address_t *out);

/* Properties, Node's of the same name: bytesRead, bytesWritten (counted per
 * connection, queued bytes included), bufferSize, connecting, pending,
 * destroyed, readyState, localAddress/localPort/localFamily, remoteAddress/
 * remotePort/remoteFamily (kept after close, as Node's). A string property
 * that Node reports as undefined is NULL; a port that is undefined is -1.
 * Strings stay valid while the socket does. A pointer that is not a socket
 * gives the same as an unconnected socket's. */
uint64_t cnet_socket_bytes_read(const cnet_socket_t *s);
uint64_t cnet_socket_bytes_written(const cnet_socket_t *s);
size_t cnet_socket_buffer_size(const cnet_socket_t *s);
bool cnet_socket_connecting(const cnet_socket_t *s);
bool cnet_socket_pending(const cnet_socket_t *s);
bool cnet_socket_destroyed(const cnet_socket_t *s);
/* "opening", "open", "readOnly", "writeOnly" or "closed" */
const char *cnet_socket_ready_state(const cnet_socket_t *s);
const char *cnet_socket_local_address(cnet_socket_t *s);
int cnet_socket_local_port(cnet_socket_t *s);
const char *cnet_socket_local_family(cnet_socket_t *s);
const char *cnet_socket_remote_address(cnet_socket_t *s);
int cnet_socket_remote_port(cnet_socket_t *s);
const char *cnet_socket_remote_family(cnet_socket_t *s);
/* socket.timeout: -1 while Node's is undefined (setTimeout never called). */
int64_t cnet_socket_timeout(const cnet_socket_t *s);
/* The Duplex state a C user needs. */
bool cnet_socket_readable(const cnet_socket_t *s);
bool cnet_socket_writable(const cnet_socket_t *s);
size_t cnet_socket_writable_length(const cnet_socket_t *s);
size_t cnet_socket_writable_high_water_mark(const cnet_socket_t *s);
bool cnet_socket_readable_ended(const cnet_socket_t *s);
bool cnet_socket_writable_ended(const cnet_socket_t *s);
bool cnet_socket_writable_finished(const cnet_socket_t *s);
bool cnet_socket_allow_half_open(const cnet_socket_t *s);
/* socket.readableFlowing: -1 for null (no `data` listener, resume() or
 * pause() yet), 0 for false (paused), 1 for true (flowing). -1 for NULL or
 * a pointer that is not a socket. */
int cnet_socket_readable_flowing(const cnet_socket_t *s);
/* socket.readableEncoding: the name setEncoding() normalised ("utf8" for
 * "UTF-8", "latin1" for "binary", "utf16le" for "ucs2", ...), or NULL before
 * any setEncoding(). A static string. */
const char *cnet_socket_readable_encoding(const cnet_socket_t *s);
/* socket.readableHighWaterMark: reading stops while this much is kept. */
size_t cnet_socket_readable_high_water_mark(const cnet_socket_t *s);
/* socket.readableLength: what was read and is kept until consumed (paused,
 * or no `data` listener yet): bytes, or after setEncoding() the length of
 * the decoded text in UTF-16 code units, as Node's string length. */
size_t cnet_socket_readable_length(const cnet_socket_t *s);
/* socket.writableNeedDrain: a write() returned 0 and `drain` has not been
 * emitted yet; false once the socket is destroyed or ending. */
bool cnet_socket_writable_need_drain(const cnet_socket_t *s);
/* socket.writableCorked: cork() calls not yet undone by uncork(). */
unsigned cnet_socket_writable_corked(const cnet_socket_t *s);
/* socket.errored: the error the socket was destroyed with (the one its
 * `error` listeners got), or NULL: none, or a reconnect since. A destroy
 * without an error that cancels a write under way leaves that write's
 * error, "write ECANCELED", as Node's. Borrowed: it
 * stays valid while the socket lives and is not connected again;
 * cnet_error_ref() keeps it longer. */
const cnet_error_t *cnet_socket_errored(const cnet_socket_t *s);
/* socket.closed: true as soon as destroy() has run (also when the socket
 * ends by itself), before `close` is emitted; false again once it connects
 * again. */
bool cnet_socket_closed(const cnet_socket_t *s);
/* The server that accepted this socket, or NULL. */
cnet_server_t *cnet_socket_server(const cnet_socket_t *s);
/* socket.autoSelectFamilyAttemptedAddresses: "ip:port" strings, in order. */
const char *const *cnet_socket_auto_select_family_attempted_addresses(const cnet_socket_t *s,
                                                                      size_t *count);

/* ======================================================================== */
/* net.Server                                                               */
/* ======================================================================== */

/* Lifetime: as a socket's. A server lives until its `close` event has been
 * emitted and its listeners have returned, unless it listens again from a
 * `close` listener or the application retains it. A server that never
 * listens must be closed to be freed. */
cnet_server_t *cnet_server_retain(cnet_server_t *srv);
void cnet_server_release(cnet_server_t *srv);

/* As cnet_socket_set_data(): free_data runs once the server is freed. */
void cnet_server_set_data(cnet_server_t *srv, void *data, cnet_free_cb free_data);
void *cnet_server_get_data(const cnet_server_t *srv);

typedef struct cnet_server_opts {
  bool allow_half_open;
  size_t high_water_mark;       /* of accepted sockets; 0 means 65536 */
  bool keep_alive;
  int64_t keep_alive_initial_delay;
  bool no_delay;
  bool pause_on_connect;
  cnet_blocklist_t *block_list; /* peers it blocks are closed without `connection` */
  bool fd_passing;              /* accepted Unix sockets pass descriptors, as cnet_socket_opts */
} cnet_server_opts;

/* net.createServer([options][, connectionListener]) */
cnet_server_t *cnet_create_server(uv_loop_t *loop, const cnet_server_opts *opts,
                                  cnet_listener_fn connection_listener, void *ctx);

typedef struct cnet_listen_opts {
  int port;              /* 0: any free port */
  const char *host;      /* NULL: "::" with a fallback to "0.0.0.0" */
  int backlog;           /* 0: 511 */
  bool exclusive;
  bool ipv6_only;
  bool reuse_port;
  const char *path;      /* a Unix socket path, or "\0name" (abstract, with path_len) */
  size_t path_len;
  bool readable_all;
  bool writable_all;
  cnet_abort_signal_t *signal;
  bool has_fd;           /* listen on an already bound socket descriptor */
  int fd;
  cnet_server_t *handle; /* listen on another server's handle */
} cnet_listen_opts;

/* server.listen(options[, callback]): callback is added as a once-listener
 * of `listening`. ERR_SERVER_ALREADY_LISTEN when listening. What it listens
 * on, in Node's order: handle, then fd (when has_fd and fd >= 0), then a
 * non-zero port, then path, then TCP on port 0. has_fd with a negative fd
 * and neither port nor path is ERR_INVALID_ARG_VALUE. */
int cnet_server_listen(cnet_server_t *srv, const cnet_listen_opts *opts,
                       cnet_listener_fn listening_listener, void *ctx);
int cnet_server_listen_port(cnet_server_t *srv, int port, const char *host,
                            cnet_listener_fn listening_listener, void *ctx);
int cnet_server_listen_path(cnet_server_t *srv, const char *path,
                            cnet_listener_fn listening_listener, void *ctx);

/* server.close([callback]): stops accepting; `close` follows once the last
 * connection has ended (connections are not closed for you). callback(err)
 * runs at `close`, with ERR_SERVER_NOT_RUNNING when the server was not
 * listening. The server frees itself after its `close` (see Lifetime). */
typedef void (*cnet_server_close_cb)(cnet_server_t *srv, const cnet_error_t *err, void *ctx);
int cnet_server_close(cnet_server_t *srv, cnet_server_close_cb cb, void *ctx);
/* server[Symbol.asyncDispose](): closes the server if it is listening, and
 * cb(err) at `close`; when it is not listening, cb(NULL) on the next tick
 * (Node's promise resolves), without closing. */
int cnet_server_async_dispose(cnet_server_t *srv, cnet_server_close_cb cb, void *ctx);

/* Takes the listening socket out of the server, for another loop or
 * process (cnet_listen_opts.has_fd there): returns its descriptor, now the
 * caller's, and closes the server as cnet_server_close() does (`close`
 * when its connections have ended) without closing the socket. Connections
 * waiting to be accepted stay for the next owner, and a Unix socket's file
 * is left in place. ERR_SERVER_NOT_RUNNING when not listening. */
int cnet_server_detach_fd(cnet_server_t *srv);

/* server.address(): 0 with out filled for TCP; for a Unix socket, *path is
 * set to the name and *path_len to its length, and out is left alone; a
 * negative code where Node returns null. Each of out, path and path_len
 * may be NULL. As Node's, the path of the last listen(path) answers
 * whenever the server is not listening on TCP (also after an error or
 * close). An abstract name's *path starts with its NUL (so strlen() is 0:
 * use *path_len) and is NUL-terminated after the name. *path stays valid
 * until the server listens on another path or is freed. */
int cnet_server_address(cnet_server_t *srv, cnet_address_t *out, const char **path,
                        size_t *path_len);
/* server.address().port: the TCP port the server listens on, or -1 when it
 * does not listen on TCP (not listening, a Unix socket, not a server). */
int cnet_server_port(const cnet_server_t *srv);

/* server.getConnections(callback): cb(srv, NULL, count of open accepted
 * connections) on the next tick, as Node. ERR_INVALID_ARG_TYPE when cb is
 * NULL. */
typedef void (*cnet_connections_cb)(cnet_server_t *srv, const cnet_error_t *err, size_t count,
                                    void *ctx);
int cnet_server_get_connections(cnet_server_t *srv, cnet_connections_cb cb, void *ctx);

/* server.listening */
bool cnet_server_listening(const cnet_server_t *srv);
/* server.maxConnections: -1 is unset (no limit). Past it a new connection
 * is closed at once and `drop` is emitted (0 drops them all, as Node 21+).
 * server.dropMaxConnection: for a worker of a pool (cnet_workers_new()):
 * drop instead of waiting for room. ref()/unref(): whether the listening
 * server keeps the loop running (kept across listens). */
void cnet_server_set_max_connections(cnet_server_t *srv, int64_t max);
int64_t cnet_server_max_connections(const cnet_server_t *srv);
void cnet_server_set_drop_max_connection(cnet_server_t *srv, bool drop);
bool cnet_server_drop_max_connection(const cnet_server_t *srv);
void cnet_server_ref(cnet_server_t *srv);
void cnet_server_unref(cnet_server_t *srv);
/* server.blockList: the list given as cnet_server_opts.block_list, or NULL.
 * It stays the caller's: cnet neither copies nor frees it. */
cnet_blocklist_t *cnet_server_block_list(const cnet_server_t *srv);

/* ======================================================================== */
/* Workers (beyond one core; Node's cluster)                                */
/* ======================================================================== */

/* What a Node program gets from cluster.fork() with every worker calling
 * net.createServer(...).listen(...), made of threads: `count` workers, each
 * a thread with its own uv_loop_t and its own server for the same listen
 * options. Everything of a worker (its server, its connections, its
 * context) lives on its thread; the pool itself belongs to the main loop.
 *
 * Distribution, as Node's cluster:
 *  - shared listener (the default; listen.exclusive false): the main loop
 *    binds one socket and hands the connections it accepts to the workers
 *    in turn (round-robin), as Node's primary does by default on Linux.
 *  - listen.reuse_port (TCP): each worker binds a socket of its own with
 *    SO_REUSEPORT, and the kernel spreads connections over them. With port
 *    0, the first worker's port is taken by all.
 *  - listen.exclusive without reuse_port: each worker binds its own socket,
 *    refusing to share, as Node's exclusive: a fixed port gives the second
 *    worker EADDRINUSE; port 0 gives each worker a port of its own.
 *
 * max_connections is per worker. In the shared mode a worker at its limit
 * is skipped, and a connection no worker has room for waits in the main
 * loop's queue until one has (Node's primary hands it to another worker);
 * with drop_max_connection, the worker whose turn it is drops it instead
 * (its server emits `drop`, as Node's server.dropMaxConnection). With
 * reuse_port or exclusive, a full worker drops (the kernel chose it), as
 * Node's server.maxConnections does. */
typedef struct cnet_workers_s cnet_workers_t;

/* Runs on the worker's thread, before its server listens; returns the
 * worker's context (the connection listener's ctx). srv is the worker's
 * server: add listeners to it here (`listening`, `error`, `drop`...). */
typedef void *(*cnet_worker_init_cb)(uv_loop_t *loop, cnet_server_t *srv, unsigned index, void *ctx);
/* Runs on the worker's thread once its server has closed, as its last
 * cnet callback; it must close what init left keeping the loop alive. */
typedef void (*cnet_worker_fini_cb)(uv_loop_t *loop, unsigned index, void *worker_ctx, void *ctx);
/* On the main loop: the pool listens (err NULL) or could not, or it closed. */
typedef void (*cnet_workers_cb)(cnet_workers_t *pool, const cnet_error_t *err, void *ctx);

typedef struct cnet_workers_opts {
  unsigned count;               /* 0: uv_available_parallelism() */
  cnet_listen_opts listen;      /* as server.listen(); no signal, no handle */
  cnet_server_opts server;      /* each worker's net.createServer() options */
  int64_t max_connections;      /* each worker's maxConnections; 0: no limit */
  bool drop_max_connection;     /* server.dropMaxConnection */
  cnet_worker_init_cb init;     /* may be NULL: the context is NULL */
  cnet_listener_fn connection;  /* `connection` listener, with the worker's context */
  cnet_worker_fini_cb fini;     /* may be NULL */
  cnet_workers_cb listening;    /* once every worker listens, or with the first error */
  void *ctx;                    /* given to init, fini and listening */
} cnet_workers_opts;

/* Starts the workers; the listen options are copied. NULL with
 * cnet_last_error() on bad options (as server.listen() throws), or when a
 * thread cannot be started. Errors of the bind come to `listening`. The
 * pool keeps main_loop running until it has closed. */
cnet_workers_t *cnet_workers_new(uv_loop_t *main_loop, const cnet_workers_opts *opts);
unsigned cnet_workers_count(const cnet_workers_t *pool);
/* server.address() of worker index, once `listening` was called: the same
 * for all, except exclusive on port 0. As cnet_server_address(). */
int cnet_workers_address(const cnet_workers_t *pool, unsigned index, cnet_address_t *out,
                         const char **path, size_t *path_len);
/* Stops accepting, lets the connections finish, destroys those still open
 * after grace_ms (0: at once; negative: never), joins every thread, then
 * cb(pool, NULL, ctx) on the main loop, after which the pool is freed.
 * ERR_SERVER_NOT_RUNNING when it is closing already. */
int cnet_workers_close(cnet_workers_t *pool, int64_t grace_ms, cnet_workers_cb cb, void *ctx);

/* ======================================================================== */
/* Module functions                                                         */
/* ======================================================================== */

/* net.getDefaultAutoSelectFamily() / setDefaultAutoSelectFamily(value): the
 * default of cnet_connect_opts.auto_select_family (initially true), for the
 * whole process (set it before threads start). */
bool cnet_get_default_auto_select_family(void);
void cnet_set_default_auto_select_family(bool value);
/* net.getDefaultAutoSelectFamilyAttemptTimeout() (initially 250 ms) and
 * setDefaultAutoSelectFamilyAttemptTimeout(value): ERR_OUT_OF_RANGE below
 * 1 or past 2^31-1; values below 10 become 10. */
int cnet_get_default_auto_select_family_attempt_timeout(void);
int cnet_set_default_auto_select_family_attempt_timeout(int64_t value);

#ifdef __cplusplus
}
#endif
#endif /* CNET_H */
