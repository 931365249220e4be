/* AbortController / AbortSignal: order, once, removal while aborting,
 * reasons, and a signal outliving its controller. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "abort.h"
#include "error.h"

/* What the listeners did, in order. */
typedef struct {
  char trace[64];
  size_t n;
  cnet_abort_controller_t *ac;
  cnet_abort_signal_t *signal;
} recorder;

typedef struct {
  recorder *rec;
  char tag;
} tagged;

static void record(recorder *rec, char tag) {
  assert_true(rec->n + 1 < sizeof rec->trace);
  rec->trace[rec->n++] = tag;
  rec->trace[rec->n] = '\0';
}

static void on_abort(cnet_abort_signal_t *signal, void *ctx) {
  tagged *t = ctx;
  assert_true(cnet_abort_signal_aborted(signal));
  assert_non_null(cnet_abort_signal_reason(signal));
  record(t->rec, t->tag);
}

static void listeners_run_in_order_once(void **state) {
  (void)state;
  recorder rec = {0};
  tagged a = {&rec, 'a'}, b = {&rec, 'b'}, c = {&rec, 'c'};
  cnet_abort_controller_t *ac = cnet_abort_controller_new();
  cnet_abort_signal_t *s = cnet_abort_controller_signal(ac);
  assert_false(cnet_abort_signal_aborted(s));
  assert_null(cnet_abort_signal_reason(s));
  assert_int_equal(cnet__abort_signal_add(s, on_abort, &a), 0);
  assert_int_equal(cnet__abort_signal_add(s, on_abort, &b), 0);
  assert_int_equal(cnet__abort_signal_add(s, on_abort, &a), 0); /* already there */
  assert_int_equal(cnet__abort_signal_add(s, on_abort, &c), 0);
  cnet_abort_controller_abort(ac, NULL);
  assert_string_equal(rec.trace, "abc");
  cnet_abort_controller_abort(ac, NULL);
  assert_string_equal(rec.trace, "abc");
  assert_int_equal(cnet__abort_signal_add(s, on_abort, &a), CNET_ERR_ABORT);
  cnet__abort_signal_remove(s, on_abort, &a); /* after abort: nothing there */
  cnet_abort_controller_free(ac);
}

static void removed_before_abort_does_not_run(void **state) {
  (void)state;
  recorder rec = {0};
  tagged a = {&rec, 'a'}, b = {&rec, 'b'}, c = {&rec, 'c'};
  cnet_abort_controller_t *ac = cnet_abort_controller_new();
  cnet_abort_signal_t *s = cnet_abort_controller_signal(ac);
  cnet__abort_signal_add(s, on_abort, &a);
  cnet__abort_signal_add(s, on_abort, &b);
  cnet__abort_signal_add(s, on_abort, &c);
  cnet__abort_signal_remove(s, on_abort, &b);
  cnet__abort_signal_remove(s, on_abort, &b);
  cnet__abort_signal_remove(s, on_abort, NULL);
  cnet_abort_controller_abort(ac, NULL);
  assert_string_equal(rec.trace, "ac");
  cnet_abort_controller_free(ac);
}

/* Listener 'x' removes itself and the listener after it. */
static tagged *victim;

static void remove_self_and_next(cnet_abort_signal_t *signal, void *ctx) {
  tagged *t = ctx;
  record(t->rec, t->tag);
  cnet__abort_signal_remove(signal, remove_self_and_next, ctx);
  cnet__abort_signal_remove(signal, on_abort, victim);
}

static void removal_during_abort(void **state) {
  (void)state;
  recorder rec = {0};
  tagged a = {&rec, 'a'}, x = {&rec, 'x'}, b = {&rec, 'b'}, c = {&rec, 'c'};
  victim = &b;
  cnet_abort_controller_t *ac = cnet_abort_controller_new();
  cnet_abort_signal_t *s = cnet_abort_controller_signal(ac);
  cnet__abort_signal_add(s, on_abort, &a);
  cnet__abort_signal_add(s, remove_self_and_next, &x);
  cnet__abort_signal_add(s, on_abort, &b);
  cnet__abort_signal_add(s, on_abort, &c);
  cnet_abort_controller_abort(ac, NULL);
  assert_string_equal(rec.trace, "axc");
  cnet_abort_controller_free(ac);
}

/* A listener that aborts again and frees the controller, as a socket's
 * abort handler may tear down what owned the controller. */
static void abort_again_and_free(cnet_abort_signal_t *signal, void *ctx) {
  recorder *rec = ctx;
  record(rec, 'f');
  cnet_abort_controller_abort(rec->ac, NULL);
  cnet_abort_controller_free(rec->ac);
  rec->ac = NULL;
  assert_true(cnet_abort_signal_aborted(signal));
}

static void listener_frees_controller(void **state) {
  (void)state;
  recorder rec = {0};
  tagged a = {&rec, 'a'};
  rec.ac = cnet_abort_controller_new();
  cnet_abort_signal_t *s = cnet_abort_controller_signal(rec.ac);
  cnet__abort_signal_add(s, abort_again_and_free, &rec);
  cnet__abort_signal_add(s, on_abort, &a);
  cnet_abort_controller_abort(rec.ac, NULL);
  assert_string_equal(rec.trace, "fa");
  assert_null(rec.ac);
}

static void default_reason_is_abort_error(void **state) {
  (void)state;
  cnet_abort_controller_t *ac = cnet_abort_controller_new();
  cnet_abort_signal_t *s = cnet_abort_controller_signal(ac);
  cnet_abort_controller_abort(ac, NULL);
  const cnet_error_t *r = cnet_abort_signal_reason(s);
  assert_string_equal(r->name, "AbortError");
  assert_string_equal(r->code, "ABORT_ERR");
  assert_string_equal(r->message, "This operation was aborted");
  assert_int_equal(r->errnum, 0);
  cnet_abort_controller_free(ac);
}

static void given_reason_is_kept(void **state) {
  (void)state;
  cnet_error_t *why = cnet__error_uv(UV_ECONNRESET, "read", NULL, -1, false);
  cnet_abort_controller_t *ac = cnet_abort_controller_new();
  cnet_abort_signal_t *s = cnet_abort_controller_signal(ac);
  cnet_abort_controller_abort(ac, why);
  cnet_error_unref(why); /* the signal keeps its own copy */
  const cnet_error_t *r = cnet_abort_signal_reason(s);
  assert_string_equal(r->code, "ECONNRESET");
  assert_string_equal(r->message, "read ECONNRESET");
  assert_int_equal(r->errnum, UV_ECONNRESET);
  /* A second abort keeps the first reason. */
  cnet_abort_controller_abort(ac, NULL);
  assert_ptr_equal(cnet_abort_signal_reason(s), r);
  cnet_abort_controller_free(ac);
}

/* A socket still holds the signal when the controller goes: the signal
 * stays readable and the listener never runs. */
static void signal_outlives_controller(void **state) {
  (void)state;
  recorder rec = {0};
  tagged a = {&rec, 'a'};
  cnet_abort_controller_t *ac = cnet_abort_controller_new();
  cnet_abort_signal_t *s = cnet_abort_controller_signal(ac);
  cnet__abort_signal_ref(s);
  cnet__abort_signal_add(s, on_abort, &a);
  cnet_abort_controller_free(ac);
  assert_false(cnet_abort_signal_aborted(s));
  assert_null(cnet_abort_signal_reason(s));
  assert_string_equal(rec.trace, "");
  cnet__abort_signal_remove(s, on_abort, &a);
  cnet__abort_signal_unref(s);

  /* Aborted, then the controller goes first: the reason lives on. */
  ac = cnet_abort_controller_new();
  s = cnet_abort_controller_signal(ac);
  cnet__abort_signal_ref(s);
  cnet_abort_controller_abort(ac, NULL);
  cnet_abort_controller_free(ac);
  assert_string_equal(cnet_abort_signal_reason(s)->code, "ABORT_ERR");
  /* The last holder may leave a listener behind; it is freed with the signal. */
  cnet__abort_signal_unref(s);
}

/* A holder that drops its reference from its own listener, as a socket
 * destroyed by the abort does. */
static void unref_in_listener(cnet_abort_signal_t *signal, void *ctx) {
  recorder *rec = ctx;
  record(rec, 'u');
  cnet__abort_signal_remove(signal, unref_in_listener, ctx);
  cnet__abort_signal_unref(signal);
}

static void holder_lets_go_during_abort(void **state) {
  (void)state;
  recorder rec = {0};
  cnet_abort_controller_t *ac = cnet_abort_controller_new();
  cnet_abort_signal_t *s = cnet_abort_controller_signal(ac);
  cnet__abort_signal_ref(s);
  cnet__abort_signal_add(s, unref_in_listener, &rec);
  cnet_abort_controller_abort(ac, NULL);
  assert_string_equal(rec.trace, "u");
  assert_true(cnet_abort_signal_aborted(s));
  cnet_abort_controller_free(ac);
}

static void null_arguments(void **state) {
  (void)state;
  cnet_abort_controller_free(NULL);
  cnet_abort_controller_abort(NULL, NULL);
  assert_null(cnet_abort_controller_signal(NULL));
  assert_false(cnet_abort_signal_aborted(NULL));
  assert_null(cnet_abort_signal_reason(NULL));
  cnet__abort_signal_unref(NULL);
}

static void many_listeners(void **state) {
  (void)state;
  recorder rec = {0};
  tagged t[40];
  cnet_abort_controller_t *ac = cnet_abort_controller_new();
  cnet_abort_signal_t *s = cnet_abort_controller_signal(ac);
  for (int i = 0; i < 40; i++) {
    t[i] = (tagged){&rec, (char)('0' + i)};
    cnet__abort_signal_add(s, on_abort, &t[i]);
  }
  for (int i = 0; i < 40; i += 2) cnet__abort_signal_remove(s, on_abort, &t[i]);
  cnet_abort_controller_abort(ac, NULL);
  assert_int_equal(rec.n, 20);
  for (size_t i = 0; i < rec.n; i++) assert_int_equal(rec.trace[i], '0' + 2 * (int)i + 1);
  cnet_abort_controller_free(ac);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(listeners_run_in_order_once),
    cmocka_unit_test(removed_before_abort_does_not_run),
    cmocka_unit_test(removal_during_abort),
    cmocka_unit_test(listener_frees_controller),
    cmocka_unit_test(default_reason_is_abort_error),
    cmocka_unit_test(given_reason_is_kept),
    cmocka_unit_test(signal_outlives_controller),
    cmocka_unit_test(holder_lets_go_during_abort),
    cmocka_unit_test(null_arguments),
    cmocka_unit_test(many_listeners),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
