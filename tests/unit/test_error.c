/* Error codes, names and Node's wording. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "error.h"

static void names_and_messages(void **state) {
  (void)state;
  assert_string_equal(cnet_err_name(CNET_ERR_SOCKET_BAD_PORT), "ERR_SOCKET_BAD_PORT");
  assert_string_equal(cnet_err_name(UV_EADDRINUSE), "EADDRINUSE");
  assert_string_equal(cnet_strerror(CNET_ERR_SERVER_ALREADY_LISTEN),
                      "Listen method has been called more than once without closing.");
  assert_string_equal(cnet_strerror(UV_ECONNREFUSED), "connection refused");
  assert_string_equal(cnet_err_name(-99999), "UNKNOWN");
}

static void throw_records_last_error(void **state) {
  (void)state;
  int rc = cnet__throw(CNET_ERR_SOCKET_BAD_PORT,
                       "Port should be >= 0 and < 65536. Received type number (%d).", 70000);
  assert_int_equal(rc, CNET_ERR_SOCKET_BAD_PORT);
  const cnet_error_t *e = cnet_last_error();
  assert_string_equal(e->code, "ERR_SOCKET_BAD_PORT");
  assert_string_equal(e->name, "RangeError");
  assert_int_equal(e->errnum, 0);
  assert_string_equal(e->message, "Port should be >= 0 and < 65536. Received type number (70000).");
}

static void uv_errors_worded_as_node(void **state) {
  (void)state;
  cnet_error_t *e = cnet__error_uv(UV_ECONNREFUSED, "connect", "127.0.0.1", 8124, false);
  assert_string_equal(e->message, "connect ECONNREFUSED 127.0.0.1:8124");
  assert_int_equal(e->port, 8124);
  assert_int_equal(e->errnum, UV_ECONNREFUSED);
  cnet_error_t *l = cnet__error_uv(UV_EADDRINUSE, "listen", "127.0.0.1", 8124, true);
  assert_string_equal(l->message, "listen EADDRINUSE: address already in use 127.0.0.1:8124");
  cnet_error_t *p = cnet__error_uv(UV_ENOENT, "connect", "/tmp/x.sock", -1, false);
  assert_string_equal(p->message, "connect ENOENT /tmp/x.sock");
  assert_int_equal(p->port, -1);
  cnet_error_t *members[] = {e, l};
  cnet_error_t *agg = cnet__error_aggregate(members, 2);
  assert_string_equal(agg->name, "AggregateError");
  assert_string_equal(agg->code, "ECONNREFUSED");
  assert_int_equal(agg->nerrors, 2);
  assert_ptr_equal(agg->errors[1], l);
  cnet_error_ref(agg);
  cnet_error_unref(agg);
  cnet_error_unref(agg);
  cnet_error_unref(p);
}

/* cnet_error_new: an application's error, counted; its cause is kept (a
 * cnet error by reference, a caller's struct as a copy). */
static void application_errors(void **state) {
  (void)state;
  cnet_error_t *inner = cnet_error_new("EINNER", "inner", NULL);
  cnet_error_t *err = cnet_error_new("EBOOM", "boom", inner);
  assert_string_equal(err->name, "Error");
  assert_string_equal(err->code, "EBOOM");
  assert_string_equal(err->message, "boom");
  assert_int_equal(err->errnum, 0);
  assert_int_equal(err->port, -1);
  assert_ptr_equal(err->cause, inner);
  cnet_error_unref(inner); /* err keeps its cause */
  assert_string_equal(err->cause->message, "inner");
  assert_ptr_equal(cnet_error_ref(err), err);
  cnet_error_unref(err);
  cnet_error_unref(err);

  cnet_error_t *bare = cnet_error_new(NULL, NULL, NULL);
  assert_null(bare->code);
  assert_string_equal(bare->message, "");
  assert_null(bare->cause);
  cnet_error_unref(bare);
}

/* A struct the caller filled in (here on the stack, with a cause of its
 * own) is copied by cnet_error_ref(), deeply; unref of it does nothing. */
static void callers_struct_is_copied(void **state) {
  (void)state;
  cnet_error_t cause = {.name = "Error", .code = "ECAUSE", .message = "cause"};
  cnet_error_t mine = {.name = "TypeError", .code = "EMINE", .message = "mine", .port = 80,
                       .cause = &cause};
  cnet_error_t *kept = cnet_error_ref(&mine);
  assert_ptr_not_equal(kept, &mine);
  assert_string_equal(kept->name, "TypeError");
  assert_string_equal(kept->code, "EMINE");
  assert_int_equal(kept->port, 80);
  assert_ptr_not_equal(kept->cause, &cause);
  assert_string_equal(kept->cause->code, "ECAUSE");
  cnet_error_unref(&mine);    /* not cnet's: nothing */
  cnet_error_t copied = *kept; /* a copy by value is not cnet's either */
  cnet_error_unref(&copied);
  cnet_error_unref(kept);
  assert_null(cnet_error_ref(NULL));
  cnet_error_unref(NULL);
}

/* Node's err.hostname of a lookup's error, and err.localAddress and
 * err.localPort of a connect's error after binding a local port; other
 * errors have neither; a caller's struct keeps them when copied. */
static void hostname_and_local_end(void **state) {
  (void)state;
  cnet_error_t *dns = cnet__error_dns(UV_EAI_NONAME, "getaddrinfo", "nowhere.invalid");
  assert_string_equal(dns->message, "getaddrinfo ENOTFOUND nowhere.invalid");
  assert_string_equal(dns->hostname, "nowhere.invalid");
  assert_null(dns->local_address);
  cnet_error_unref(dns);

  cnet_error_t *bound = cnet__error_connect_bound(UV_ECONNREFUSED, "127.0.0.1", 80, "127.0.0.1", 5000);
  assert_string_equal(bound->message, "connect ECONNREFUSED 127.0.0.1:80 - Local (127.0.0.1:5000)");
  assert_string_equal(bound->local_address, "127.0.0.1");
  assert_int_equal(bound->local_port, 5000);
  assert_null(bound->hostname);
  cnet_error_unref(bound);

  cnet_error_t *plain = cnet__error_uv(UV_ECONNREFUSED, "connect", "127.0.0.1", 80, false);
  assert_null(plain->hostname);
  assert_null(plain->local_address);
  assert_int_equal(plain->local_port, 0);
  cnet_error_unref(plain);

  cnet_error_t mine = {.name = "Error", .code = "ENOTFOUND", .message = "m", .port = -1,
                       .hostname = "h.invalid", .local_address = "::", .local_port = 7};
  cnet_error_t *kept = cnet_error_ref(&mine);
  assert_ptr_not_equal(kept->hostname, mine.hostname);
  assert_string_equal(kept->hostname, "h.invalid");
  assert_string_equal(kept->local_address, "::");
  assert_int_equal(kept->local_port, 7);
  cnet_error_unref(kept);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(names_and_messages),
    cmocka_unit_test(throw_records_last_error),
    cmocka_unit_test(uv_errors_worded_as_node),
    cmocka_unit_test(application_errors),
    cmocka_unit_test(callers_struct_is_copied),
    cmocka_unit_test(hostname_and_local_end),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
