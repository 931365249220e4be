/* The application's pointer on sockets and servers (set_data/get_data):
 * per-connection state whose destructor runs once the socket is freed,
 * after its last `close` listener, with no close listener of the
 * application's own; replacing the pointer frees the old one; a retained
 * socket keeps its data until released. Run under valgrind and ASan, which
 * would report a destructor that never ran or ran twice. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "cnet.h"

#define CLIENTS 5

static char trace[512];
static int freed;

static void note(const char *what) {
  strncat(trace, what, sizeof trace - strlen(trace) - 1);
  strncat(trace, " ", sizeof trace - strlen(trace) - 1);
}

/* One connection's state, as a server keeps it. */
typedef struct {
  char name[16];
  size_t bytes;
} conn_state;

static void free_state(void *p) {
  conn_state *st = p;
  char what[40];
  snprintf(what, sizeof what, "free:%s:%zu", st->name, st->bytes);
  note(what);
  freed++;
  free(st);
}

static void count_bytes(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  conn_state *st = cnet_socket_get_data(ev->emitter);
  st->bytes += ev->u.data.len;
}
static void last_close_listener(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  note("close");
}

static int accepted;
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  conn_state *st = calloc(1, sizeof *st);
  snprintf(st->name, sizeof st->name, "c%d", accepted++);
  cnet_socket_set_data(ev->u.connection, st, free_state);
  cnet_on(ev->u.connection, CNET_EV_DATA, count_bytes, NULL);
}

static int closed_clients;
static cnet_server_t *server;
static void client_closed(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  if (++closed_clients == CLIENTS) cnet_server_close(server, NULL, NULL);
}
static void client_connected(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end_data(ev->emitter, "hello", 5, NULL, NULL);
}

static void free_server_data(void *p) {
  note(p);
  freed++;
}

/* Each accepted connection's state is freed once, after it closed; the
 * server's when the server is freed. */
static void per_connection_state(void **state) {
  (void)state;
  trace[0] = '\0';
  freed = accepted = closed_clients = 0;
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_server_set_data(server, "free:server", free_server_data);
  assert_string_equal(cnet_server_get_data(server), "free:server");
  cnet_server_listen_port(server, 0, "127.0.0.1", NULL, NULL);
  while (!cnet_server_listening(server)) uv_run(uv_default_loop(), UV_RUN_ONCE);
  cnet_address_t a;
  cnet_server_address(server, &a, NULL, NULL);
  for (int i = 0; i < CLIENTS; i++) {
    cnet_socket_t *c = cnet_connect_port(NULL, a.port, "127.0.0.1", client_connected, NULL);
    cnet_on(c, CNET_EV_CLOSE, client_closed, NULL);
  }
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  assert_int_equal(freed, CLIENTS + 1);
  for (int i = 0; i < CLIENTS; i++) {
    char what[40];
    snprintf(what, sizeof what, "free:c%d:5 ", i);
    assert_non_null(strstr(trace, what));
  }
  assert_non_null(strstr(trace, "free:server "));
  assert_int_equal(uv_loop_close(uv_default_loop()), 0);
}

/* The destructor runs after the last `close` listener, and not while the
 * application retains the socket; a new pointer frees the old one. */
static void after_close_and_release(void **state) {
  (void)state;
  trace[0] = '\0';
  freed = 0;
  cnet_socket_t *s = cnet_socket_new(NULL, NULL);
  conn_state *first = calloc(1, sizeof *first), *second = calloc(1, sizeof *second);
  strcpy(first->name, "first");
  strcpy(second->name, "second");
  cnet_socket_set_data(s, first, free_state);
  cnet_socket_set_data(s, second, free_state); /* frees first */
  cnet_socket_set_data(s, second, free_state); /* the same pointer: kept */
  assert_ptr_equal(cnet_socket_get_data(s), second);
  cnet_on(s, CNET_EV_CLOSE, last_close_listener, NULL);
  cnet_socket_retain(s);
  cnet_socket_destroy(s, NULL);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  assert_string_equal(trace, "free:first:0 close ");
  cnet_socket_release(s);
  assert_string_equal(trace, "free:first:0 close free:second:0 ");
  uv_run(uv_default_loop(), UV_RUN_DEFAULT); /* the loop's cnet state closes with the last object */
  assert_int_equal(uv_loop_close(uv_default_loop()), 0);
}

static void bad_input(void **state) {
  (void)state;
  cnet_socket_set_data(NULL, "x", NULL);
  cnet_server_set_data(NULL, "x", NULL);
  assert_null(cnet_socket_get_data(NULL));
  assert_null(cnet_server_get_data(NULL));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(per_connection_state),
    cmocka_unit_test(after_close_and_release),
    cmocka_unit_test(bad_input),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
