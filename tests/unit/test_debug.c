/* CNET_DEBUG=net, as NODE_DEBUG=net: which values turn it on, the lines a
 * connection's life prints to stderr ("NET <pid>: ..."), in order, and
 * nothing at all when it is off. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cnet.h"
#include "debug.h"

static void values(void **state) {
  (void)state;
  static const struct { const char *value; bool on; } cases[] = {
    {"net", true}, {"NET", true}, {"stream,net", true}, {" net , http", true}, {"*", true},
    {"", false}, {"netx", false}, {"http,stream", false}, {"ne", false}, {",", false},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    setenv("CNET_DEBUG", cases[i].value, 1);
    cnet__debug_init();
    if (cnet__debug_net != cases[i].on) fail_msg("CNET_DEBUG=\"%s\"", cases[i].value);
  }
  unsetenv("CNET_DEBUG");
  cnet__debug_init();
  assert_false(cnet__debug_net);
}

/* ---- a connection's life, with stderr in a file ---- */

static cnet_server_t *server;
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end(ev->u.connection, NULL, NULL);
}
static void on_client_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(server, NULL, NULL);
}
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_destroy(ev->emitter, NULL);
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_address_t a;
  cnet_server_address(server, &a, NULL, NULL);
  cnet_socket_t *c = cnet_connect_port(NULL, a.port, "127.0.0.1", on_connect, NULL);
  cnet_on(c, CNET_EV_CLOSE, on_client_close, NULL);
}

/* Runs one connection's life with stderr going to a file; returns its text. */
static char *traced_life(void) {
  static char text[16384];
  FILE *f = tmpfile();
  assert_non_null(f);
  fflush(stderr);
  int saved = dup(2);
  dup2(fileno(f), 2);
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", on_listening, NULL);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  rewind(f);
  size_t n = fread(text, 1, sizeof text - 1, f);
  text[n] = '\0';
  fclose(f);
  assert_int_equal(uv_loop_close(uv_default_loop()), 0);
  return text;
}

static void lines_in_order(void **state) {
  (void)state;
  cnet__debug_net = true;
  char *text = traced_life();
  cnet__debug_net = false;
  char prefix[32];
  snprintf(prefix, sizeof prefix, "NET %ld: ", (long)getpid());
  static const char *const expected[] = {
    "setupListenHandle 127.0.0.1 0 511", "connect: attempting to connect to 127.0.0.1:",
    "onconnection", "afterConnect", "destroy", "close handle", "emit close", "SERVER: emit close",
  };
  const char *at = text;
  for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
    char want[128];
    snprintf(want, sizeof want, "%s%s", prefix, expected[i]);
    const char *found = strstr(at, want);
    if (!found) fail_msg("no \"%s\" after what came before, in:\n%s", want, text);
    at = found + strlen(want);
  }
  /* every line is a trace line */
  for (const char *line = text; *line; line = strchr(line, '\n') + 1) {
    assert_memory_equal(line, prefix, strlen(prefix));
    if (!strchr(line, '\n')) break;
  }
}

static void silent_when_off(void **state) {
  (void)state;
  cnet__debug_net = false;
  assert_string_equal(traced_life(), "");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(values),
    cmocka_unit_test(lines_in_order),
    cmocka_unit_test(silent_when_off),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
