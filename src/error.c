/* Errors worded as Node's, and the table of Node's codes for cnet_errcode. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

/* A reference count lives before the public struct; strings follow it in the
 * same allocation. */
typedef struct {
  int refs;
  cnet_error_t pub;
} error_box;

#define BOX(e) ((error_box *)((char *)(e) - offsetof(error_box, pub)))

typedef struct {
  int code;
  const char *name;
  const char *type;
  const char *message;
} code_entry;

static const code_entry codes[] = {
  {CNET_ERR_INVALID_ARG_TYPE, "ERR_INVALID_ARG_TYPE", "TypeError", "The argument is of an invalid type"},
  {CNET_ERR_INVALID_ARG_VALUE, "ERR_INVALID_ARG_VALUE", "TypeError", "The argument is invalid"},
  {CNET_ERR_OUT_OF_RANGE, "ERR_OUT_OF_RANGE", "RangeError", "The value is out of range"},
  {CNET_ERR_SOCKET_BAD_PORT, "ERR_SOCKET_BAD_PORT", "RangeError", "Port should be >= 0 and < 65536"},
  {CNET_ERR_INVALID_ADDRESS, "ERR_INVALID_ADDRESS", "Error", "Invalid socket address"},
  {CNET_ERR_MISSING_ARGS, "ERR_MISSING_ARGS", "TypeError", "A required argument is missing"},
  {CNET_ERR_SERVER_ALREADY_LISTEN, "ERR_SERVER_ALREADY_LISTEN", "Error",
   "Listen method has been called more than once without closing."},
  {CNET_ERR_SERVER_NOT_RUNNING, "ERR_SERVER_NOT_RUNNING", "Error", "Server is not running."},
  {CNET_ERR_SOCKET_CLOSED, "ERR_SOCKET_CLOSED", "Error", "Socket is closed"},
  {CNET_ERR_SOCKET_CLOSED_BEFORE_CONNECTION, "ERR_SOCKET_CLOSED_BEFORE_CONNECTION", "Error",
   "Socket closed before the connection was established"},
  {CNET_ERR_INVALID_HANDLE_TYPE, "ERR_INVALID_HANDLE_TYPE", "TypeError", "This handle type cannot be sent"},
  {CNET_ERR_INVALID_FD_TYPE, "ERR_INVALID_FD_TYPE", "TypeError", "Unsupported fd type"},
  {CNET_ERR_STREAM_WRITE_AFTER_END, "ERR_STREAM_WRITE_AFTER_END", "Error", "write after end"},
  {CNET_ERR_STREAM_DESTROYED, "ERR_STREAM_DESTROYED", "Error", "Cannot call write after a stream was destroyed"},
  {CNET_ERR_STREAM_PUSH_AFTER_EOF, "ERR_STREAM_PUSH_AFTER_EOF", "Error", "stream.push() after EOF"},
  {CNET_ERR_IP_BLOCKED, "ERR_IP_BLOCKED", "Error", "IP is blocked by net.BlockList"},
  {CNET_ERR_SOCKET_CONNECTION_TIMEOUT, "ERR_SOCKET_CONNECTION_TIMEOUT", "Error", "Socket connection timeout"},
  {CNET_ERR_UNKNOWN_ENCODING, "ERR_UNKNOWN_ENCODING", "TypeError", "Unknown encoding"},
  {CNET_ERR_ABORT, "ABORT_ERR", "AbortError", "This operation was aborted"},
  {CNET_ERR_STREAM_ALREADY_FINISHED, "ERR_STREAM_ALREADY_FINISHED", "Error",
   "Cannot call end after a stream was finished"},
  {CNET_ERR_INVALID_IP_ADDRESS, "ERR_INVALID_IP_ADDRESS", "TypeError", "Invalid IP address"},
  {CNET_ERR_INVALID_ADDRESS_FAMILY, "ERR_INVALID_ADDRESS_FAMILY", "RangeError", "Invalid address family"},
  {CNET_ERR_STREAM_NULL_VALUES, "ERR_STREAM_NULL_VALUES", "TypeError", "May not write null values to stream"},
};

static const code_entry *find_code(int code) {
  for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
    if (codes[i].code == code) return &codes[i];
  return NULL;
}

const char *cnet_err_name(int code) {
  const code_entry *c = find_code(code);
  if (c) return c->name;
  if (code < 0 && code > -4096) return uv_err_name(code);
  return "UNKNOWN";
}

const char *cnet_strerror(int code) {
  const code_entry *c = find_code(code);
  if (c) return c->message;
  if (code < 0 && code > -4096) return uv_strerror(code);
  return "unknown error";
}

static size_t str_size(const char *s) { return s ? strlen(s) + 1 : 0; }

static const char *put_str(char **cursor, const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s) + 1;
  memcpy(*cursor, s, n);
  const char *out = *cursor;
  *cursor += n;
  return out;
}

/* One allocation: the box, the member array, then the strings. f gives
 * every field but the members and the cause; takes the members' references. */
static cnet_error_t *error_make(const cnet_error_t *f, cnet_error_t **members, size_t n) {
  size_t size = sizeof(error_box) + n * sizeof(cnet_error_t *) + str_size(f->name) +
                str_size(f->code) + str_size(f->syscall) + str_size(f->address) +
                str_size(f->message) + str_size(f->hostname) + str_size(f->local_address);
  error_box *box = cnet__malloc(size);
  char *cursor = (char *)(box + 1);
  cnet_error_t **slots = (cnet_error_t **)cursor;
  cursor += n * sizeof(cnet_error_t *);
  if (n) memcpy(slots, members, n * sizeof *slots);
  box->refs = 1;
  box->pub = (cnet_error_t){
    .name = put_str(&cursor, f->name),
    .code = put_str(&cursor, f->code),
    .errnum = f->errnum,
    .syscall = put_str(&cursor, f->syscall),
    .address = put_str(&cursor, f->address),
    .port = f->port,
    .message = put_str(&cursor, f->message),
    .nerrors = n,
    .errors = n ? slots : NULL,
    .hostname = put_str(&cursor, f->hostname),
    .local_address = put_str(&cursor, f->local_address),
    .local_port = f->local_port,
  };
  box->pub.internal_ = &box->pub;
  return &box->pub;
}

/* An error with a name, a code and a message only. */
static cnet_error_t *error_simple(const char *name, const char *code, int errnum,
                                  const char *message) {
  return error_make(&(cnet_error_t){.name = name, .code = code, .errnum = errnum, .port = -1,
                                    .message = message},
                    NULL, 0);
}

static bool made_here(const cnet_error_t *err) { return err->internal_ == err; }

cnet_error_t *cnet__error_with_cause(cnet_error_t *err, cnet_error_t *cause) {
  cnet_error_unref((cnet_error_t *)err->cause);
  err->cause = cause;
  return err;
}

/* A new error with err's fields; its members and cause are referenced, or
 * with deep, copied too. */
static cnet_error_t *copy_error(const cnet_error_t *err, bool deep) {
  cnet_error_t *members[err->nerrors ? err->nerrors : 1];
  for (size_t i = 0; i < err->nerrors; i++)
    members[i] = deep ? cnet__error_clone(err->errors[i]) : cnet__error_keep(err->errors[i]);
  cnet_error_t fields = *err;
  fields.name = err->name ? err->name : "Error";
  fields.message = err->message ? err->message : "";
  cnet_error_t *copy = error_make(&fields, members, err->nerrors);
  if (!err->cause) return copy;
  return cnet__error_with_cause(copy, deep ? cnet__error_clone(err->cause) : cnet__error_keep(err->cause));
}

cnet_error_t *cnet__error_keep(const cnet_error_t *err) {
  if (made_here(err)) {
    BOX(err)->refs++;
    return (cnet_error_t *)err;
  }
  return copy_error(err, false);
}

cnet_error_t *cnet__error_clone(const cnet_error_t *err) { return copy_error(err, true); }

cnet_error_t *cnet_error_new(const char *code, const char *message, const cnet_error_t *cause) {
  cnet_error_t *err = error_simple("Error", code, 0, message ? message : "");
  return cause ? cnet__error_with_cause(err, cnet__error_keep(cause)) : err;
}

cnet_error_t *cnet_error_ref(const cnet_error_t *err) { return err ? cnet__error_keep(err) : NULL; }

void cnet_error_unref(cnet_error_t *err) {
  if (!err || !made_here(err) || --BOX(err)->refs > 0) return;
  for (size_t i = 0; i < err->nerrors; i++) cnet_error_unref(err->errors[i]);
  cnet_error_unref((cnet_error_t *)err->cause);
  free(BOX(err));
}

static cnet_error_t *error_vcode(int code, const char *fmt, va_list ap) {
  char message[1024];
  const code_entry *c = find_code(code);
  if (fmt)
    vsnprintf(message, sizeof message, fmt, ap);
  else
    snprintf(message, sizeof message, "%s", cnet_strerror(code));
  if (!c) return error_simple("Error", cnet_err_name(code), code, message);
  return error_simple(c->type, c->name, 0, message);
}

cnet_error_t *cnet__error_code(int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  cnet_error_t *err = error_vcode(code, fmt, ap);
  va_end(ap);
  return err;
}

/* The allocation's start, so leak checkers see it as reachable. */
static _Thread_local error_box *last_error;

int cnet__throw(int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  cnet_error_t *err = error_vcode(code, fmt, ap);
  va_end(ap);
  if (last_error) cnet_error_unref(&last_error->pub);
  last_error = BOX(err);
  return code;
}

int cnet__throw_no_callback(void) {
  return cnet__throw(CNET_ERR_INVALID_ARG_TYPE,
                     "The \"callback\" argument must be of type function. Received null");
}

const cnet_error_t *cnet_last_error(void) { return last_error ? &last_error->pub : NULL; }

cnet_error_t *cnet__error_uv(int errnum, const char *syscall, const char *address, int port,
                             bool with_uv_message) {
  return cnet__error_uv_local(errnum, syscall, address, port, with_uv_message, NULL);
}

/* Node's ExceptionWithHostPort; f carries the fields beyond its arguments. */
static cnet_error_t *error_host_port(cnet_error_t *f, int errnum, const char *syscall,
                                     const char *address, int port, bool with_uv_message,
                                     const char *local) {
  char details[400] = "";
  char message[512];
  if (address && port > 0)
    snprintf(details, sizeof details, " %s:%d", address, port);
  else if (address)
    snprintf(details, sizeof details, " %s", address);
  if (local) {
    size_t n = strlen(details);
    snprintf(details + n, sizeof details - n, " - Local (%s)", local);
  }
  if (with_uv_message)
    snprintf(message, sizeof message, "%s %s: %s%s", syscall, uv_err_name(errnum),
             uv_strerror(errnum), details);
  else
    snprintf(message, sizeof message, "%s %s%s", syscall, uv_err_name(errnum), details);
  f->name = "Error";
  f->code = uv_err_name(errnum);
  f->errnum = errnum;
  f->syscall = syscall;
  f->address = address;
  f->port = port > 0 ? port : -1;
  f->message = message;
  return error_make(f, NULL, 0);
}

cnet_error_t *cnet__error_uv_local(int errnum, const char *syscall, const char *address, int port,
                                   bool with_uv_message, const char *local) {
  return error_host_port(&(cnet_error_t){0}, errnum, syscall, address, port, with_uv_message,
                         local);
}

cnet_error_t *cnet__error_connect_bound(int errnum, const char *address, int port,
                                        const char *local_address, int local_port) {
  char local[CNET_ADDRSTRLEN + 8];
  snprintf(local, sizeof local, "%s:%d", local_address, local_port);
  return error_host_port(
      &(cnet_error_t){.local_address = local_address, .local_port = local_port}, errnum,
      "connect", address, port, false, local);
}

cnet_error_t *cnet__error_dns(int errnum, const char *syscall, const char *host) {
  /* Node reports "no such name" and "no data" alike as ENOTFOUND. */
  const char *code = errnum == UV_EAI_NONAME || errnum == UV_EAI_NODATA ? "ENOTFOUND" : uv_err_name(errnum);
  char message[512];
  snprintf(message, sizeof message, "%s %s %s", syscall, code, host);
  return error_make(&(cnet_error_t){.name = "Error", .code = code, .errnum = errnum,
                                    .syscall = syscall, .port = -1, .message = message,
                                    .hostname = host},
                    NULL, 0);
}

cnet_error_t *cnet__error_plain(const char *code, const char *message) {
  return error_simple("Error", code, 0, message);
}

cnet_error_t *cnet__error_aggregate(cnet_error_t **members, size_t n) {
  const cnet_error_t *first = n ? members[0] : NULL;
  return error_make(&(cnet_error_t){.name = "AggregateError",
                                    .code = first ? first->code : NULL,
                                    .errnum = first ? first->errnum : 0,
                                    .syscall = first ? first->syscall : NULL,
                                    .address = first ? first->address : NULL,
                                    .port = first ? first->port : -1, .message = ""},
                    members, n);
}

void cnet__error_print(const cnet_error_t *err, FILE *out) {
  if (err->code && strncmp(err->code, "ERR_", 4) == 0)
    fprintf(out, "%s [%s]: %s\n", err->name, err->code, err->message);
  else
    fprintf(out, "%s: %s\n", err->name, err->message);
  if (err->errnum || err->syscall) {
    fprintf(out, "{\n  errno: %d,\n  code: '%s',\n  syscall: '%s'", err->errnum,
            err->code ? err->code : "", err->syscall ? err->syscall : "");
    if (err->hostname) fprintf(out, ",\n  hostname: '%s'", err->hostname);
    if (err->address) fprintf(out, ",\n  address: '%s'", err->address);
    if (err->port > 0) fprintf(out, ",\n  port: %d", err->port);
    if (err->local_address) fprintf(out, ",\n  localAddress: '%s'", err->local_address);
    if (err->local_port > 0) fprintf(out, ",\n  localPort: %d", err->local_port);
    fprintf(out, "\n}\n");
  }
  for (size_t i = 0; i < err->nerrors; i++) cnet__error_print(err->errors[i], out);
  if (err->cause) {
    fputs("[cause]: ", out);
    cnet__error_print(err->cause, out);
  }
}
