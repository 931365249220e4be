/* Listener sets (cnet_listeners_*): emitters that get a set share one block
 * of listeners until one of them changes its own; what they see is what
 * cnet_on/cnet_once for each listener would give them (order, once, off, a
 * `data` listener making a socket flow); a freed set leaves its listeners
 * with the emitters. Run under valgrind and ASan, which would report a block
 * freed while in use or never freed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "emitter_recorder.h"

/* The listeners of emitter em run for one `data`, as a string. */
static const char *emit_data(cnet_emitter_t *em) {
  clear_order();
  cnet__emit_simple(em, CNET_EV_DATA);
  return order;
}

static void init(cnet_emitter_t *ems, size_t n) {
  for (size_t i = 0; i < n; i++) cnet__emitter_init(&ems[i], &test_class);
}

static void dispose(cnet_emitter_t *ems, size_t n) {
  for (size_t i = 0; i < n; i++) cnet__emitter_dispose(&ems[i]);
}

static void shared_until_one_changes(void **state) {
  (void)state;
  cnet_emitter_t e[3];
  init(e, 3);
  cnet_listeners_t *set = cnet_listeners_new();
  assert_int_equal(cnet_listeners_on(set, CNET_EV_DATA, rec, "a"), 0);
  assert_int_equal(cnet_listeners_on(set, CNET_EV_END, rec, "b"), 0);
  for (int i = 0; i < 3; i++) assert_int_equal(cnet_listeners_attach(&e[i], set), 0);
  assert_non_null(e[0].block);
  assert_ptr_equal(e[0].block, e[1].block);
  assert_ptr_equal(e[0].block, e[2].block);
  for (int i = 0; i < 3; i++) {
    assert_string_equal(emit_data(&e[i]), "a");
    assert_true(cnet__has_listeners(&e[i], CNET_EV_END));
    assert_int_equal(cnet_listener_count(&e[i], CNET_EV_DATA), 1);
  }
  /* e[1] lets go of `data`: it gets a block of its own, the others keep theirs */
  cnet_off(&e[1], CNET_EV_DATA, rec, "a");
  assert_ptr_not_equal(e[1].block, e[0].block);
  assert_ptr_equal(e[0].block, e[2].block);
  assert_string_equal(emit_data(&e[1]), "");
  assert_false(cnet__has_listeners(&e[1], CNET_EV_DATA));
  assert_int_equal(cnet_listener_count(&e[1], CNET_EV_END), 1);
  assert_string_equal(emit_data(&e[0]), "a");
  /* e[2] adds one: only e[2] has it */
  cnet_on(&e[2], CNET_EV_DATA, rec, "c");
  assert_string_equal(emit_data(&e[2]), "ac");
  assert_string_equal(emit_data(&e[0]), "a");
  cnet_remove_all_listeners(&e[0], CNET_EV_END);
  assert_int_equal(cnet_listener_count(&e[0], CNET_EV_END), 0);
  assert_int_equal(cnet_listener_count(&e[2], CNET_EV_END), 1);
  cnet_listeners_free(set);
  dispose(e, 3);
}

/* After the emitter's own listeners, in the set's order; later ones after. */
static void order_as_cnet_on(void **state) {
  (void)state;
  cnet_emitter_t e[2];
  init(e, 2);
  cnet_listeners_t *set = cnet_listeners_new();
  cnet_listeners_on(set, CNET_EV_DATA, rec, "a");
  cnet_listeners_on(set, CNET_EV_DATA, rec, "b");
  cnet_on(&e[0], CNET_EV_DATA, rec, "x");
  cnet_listeners_attach(&e[0], set);
  cnet_on(&e[0], CNET_EV_DATA, rec, "y");
  assert_string_equal(emit_data(&e[0]), "xaby");
  cnet_off(&e[0], CNET_EV_DATA, rec, "a");
  assert_string_equal(emit_data(&e[0]), "xby");
  /* attached twice: both copies, and off removes the one added last */
  cnet_listeners_attach(&e[1], set);
  cnet_listeners_attach(&e[1], set);
  assert_string_equal(emit_data(&e[1]), "abab");
  cnet_off(&e[1], CNET_EV_DATA, rec, "a");
  assert_string_equal(emit_data(&e[1]), "abb");
  cnet_listeners_free(set);
  dispose(e, 2);
}

/* Each emitter fires a set's once-listener once, whatever its ids were. */
static void once_fires_once_per_emitter(void **state) {
  (void)state;
  cnet_emitter_t e[3];
  init(e, 3);
  cnet_listeners_t *set = cnet_listeners_new();
  cnet_listeners_once(set, CNET_EV_DATA, rec, "o");
  cnet_listeners_on(set, CNET_EV_DATA, rec, "a");
  /* e[2] had listeners and lost them: the set's ids must not collide with its later ones */
  cnet_on(&e[2], CNET_EV_DATA, rec, "x");
  cnet_on(&e[2], CNET_EV_DATA, rec, "x");
  cnet_on(&e[2], CNET_EV_DATA, rec, "x");
  cnet_remove_all_listeners(&e[2], CNET_EV_DATA);
  for (int i = 0; i < 3; i++) cnet_listeners_attach(&e[i], set);
  cnet_on(&e[2], CNET_EV_DATA, rec, "y");
  for (int i = 0; i < 2; i++) {
    assert_string_equal(emit_data(&e[i]), "oa");
    assert_string_equal(emit_data(&e[i]), "a");
  }
  assert_string_equal(emit_data(&e[2]), "oay");
  assert_string_equal(emit_data(&e[2]), "ay");
  /* the set itself still has it */
  cnet_emitter_t late;
  init(&late, 1);
  cnet_listeners_attach(&late, set);
  assert_string_equal(emit_data(&late), "oa");
  cnet_listeners_free(set);
  dispose(e, 3);
  dispose(&late, 1);
}

/* Freeing the set, or changing it, leaves the emitters' listeners as they were. */
static void set_freed_or_changed_while_in_use(void **state) {
  (void)state;
  cnet_emitter_t e[2];
  init(e, 2);
  cnet_listeners_t *set = cnet_listeners_new();
  cnet_listeners_attach(&e[0], set); /* empty: nothing to share */
  assert_null(e[0].block);
  cnet_listeners_on(set, CNET_EV_DATA, rec, "a");
  cnet_listeners_attach(&e[0], set);
  cnet_listeners_on(set, CNET_EV_DATA, rec, "b");
  cnet_listeners_attach(&e[1], set);
  assert_string_equal(emit_data(&e[0]), "a");
  assert_string_equal(emit_data(&e[1]), "ab");
  cnet_listeners_free(set);
  assert_string_equal(emit_data(&e[0]), "a");
  assert_string_equal(emit_data(&e[1]), "ab");
  dispose(e, 2);
}

static void bad_arguments(void **state) {
  (void)state;
  cnet_emitter_t e;
  init(&e, 1);
  cnet_listeners_t *set = cnet_listeners_new();
  assert_int_equal(cnet_listeners_on(set, CNET_EV_DATA, NULL, NULL), CNET_ERR_INVALID_ARG_TYPE);
  assert_string_equal(cnet_last_error()->message,
                      "The \"listener\" argument must be of type function. Received null");
  assert_int_equal(cnet_listeners_once(set, (cnet_event_type)99, rec, "a"),
                   CNET_ERR_INVALID_ARG_VALUE);
  assert_int_equal(cnet_listeners_on(NULL, CNET_EV_DATA, rec, "a"), CNET_ERR_INVALID_ARG_TYPE);
  assert_string_equal(cnet_last_error()->message,
                      "The \"listeners\" argument must be a cnet listener set.");
  assert_int_equal(cnet_listeners_attach(&e, NULL), CNET_ERR_INVALID_ARG_TYPE);
  assert_int_equal(cnet_listeners_attach(NULL, set), CNET_ERR_INVALID_ARG_TYPE);
  assert_string_equal(cnet_last_error()->message,
                      "The \"emitter\" argument must be a cnet socket or server.");
  /* a set is not an emitter */
  assert_int_equal(cnet_listeners_attach(set, set), CNET_ERR_INVALID_ARG_TYPE);
  assert_int_equal(cnet_on(set, CNET_EV_DATA, rec, "a"), CNET_ERR_INVALID_ARG_TYPE);
  assert_int_equal(cnet_off(set, CNET_EV_DATA, rec, "a"), CNET_ERR_INVALID_ARG_TYPE);
  assert_int_equal(cnet_listener_count(set, CNET_EV_DATA), 0);
  assert_null(e.block);
  cnet_listeners_free(set);
  cnet_listeners_free(NULL);
  dispose(&e, 1);
}

/* ---- a server's connections: one set for all of them ---- */

#define CLIENTS 4

static cnet_server_t *server;
static cnet_listeners_t *conn_set;
static cnet_listener_block_t *shared_block;
static int accepted, shared, ended, closed_clients;
static size_t bytes[CLIENTS];

static void count_bytes(const cnet_event_t *ev, void *ctx) {
  assert_string_equal(ctx, "shared ctx");
  size_t *n = cnet_socket_get_data(ev->emitter);
  *n += ev->u.data.len;
}
static void end_back(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  ended++;
  cnet_socket_end(ev->emitter, NULL, NULL);
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *s = ev->u.connection;
  cnet_socket_set_data(s, &bytes[accepted++], NULL);
  assert_int_equal(cnet_listeners_attach(s, conn_set), 0);
  assert_int_equal(cnet_socket_readable_flowing(s), 1); /* the set's `data` listener resumed it */
  cnet_listener_block_t *b = ((cnet_emitter_t *)s)->block;
  if (!shared_block) shared_block = b;
  shared += b == shared_block;
  if (accepted == CLIENTS) cnet_listeners_free(conn_set); /* the sockets keep theirs */
}

static void client_closed(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  if (++closed_clients == CLIENTS) cnet_server_close(server, NULL, NULL);
}
static void client_connected(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end_data(ev->emitter, "hello", 5, NULL, NULL);
}

/* The set's `data` listener makes each socket flow (nothing else would read
 * the bytes), its `end` listener answers each end, and every socket shares
 * the set's block. */
static void server_connections_share_one_set(void **state) {
  (void)state;
  conn_set = cnet_listeners_new();
  cnet_listeners_on(conn_set, CNET_EV_DATA, count_bytes, "shared ctx");
  cnet_listeners_on(conn_set, CNET_EV_END, end_back, NULL);
  server = cnet_create_server(NULL, &(cnet_server_opts){.allow_half_open = true}, on_connection,
                              NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", NULL, NULL);
  while (!cnet_server_listening(server)) uv_run(uv_default_loop(), UV_RUN_ONCE);
  cnet_address_t a;
  cnet_server_address(server, &a, NULL, NULL);
  for (int i = 0; i < CLIENTS; i++) {
    cnet_socket_t *c = cnet_connect_port(NULL, a.port, "127.0.0.1", client_connected, NULL);
    cnet_on(c, CNET_EV_CLOSE, client_closed, NULL);
  }
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  assert_int_equal(accepted, CLIENTS);
  assert_int_equal(shared, CLIENTS);
  assert_int_equal(ended, CLIENTS);
  for (int i = 0; i < CLIENTS; i++) assert_int_equal(bytes[i], 5);
  assert_int_equal(uv_loop_close(uv_default_loop()), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(shared_until_one_changes),
    cmocka_unit_test(order_as_cnet_on),
    cmocka_unit_test(once_fires_once_per_emitter),
    cmocka_unit_test(set_freed_or_changed_while_in_use),
    cmocka_unit_test(bad_arguments),
    cmocka_unit_test(server_connections_share_one_set),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
