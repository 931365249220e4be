/* test/pummel/test-net-timeout2.js: a socket that writes more often than
 * its idle timeout never times out: the writes count as activity.
 *
 * Sizes: Node's writes every 1 s for 5 s with a 2.5 s timeout, run with
 * CNET_STRESS=1; by default every 100 ms for 0.5 s with a 250 ms timeout.
 * The interval and the timeout run on the same loop clock, the interval's
 * write always first. The client prints what it gets, as Node's pipes it to
 * stdout. */
#include "../common.h"

#define SECONDS 5

static int tick_ms;
static cnet_server_t *server;
static cnet_socket_t *socket_;
static cnet_timer_t *interval;
static int counter;

EXPECT_CALLS(on_timeout, 0);
static void on_timeout(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_timeout);
}
static void every_tick(void *ctx) {
  (void)ctx;
  counter++;
  cnet_socket_t *socket = socket_;
  if (counter == SECONDS) {
    cnet_clear_interval(interval);
    cnet_server_close(server, NULL, NULL);
    cnet_socket_destroy(socket, NULL);
  }
  if (cnet_socket_writable(socket)) {
    char line[32];
    snprintf(line, sizeof line, "%" PRIu64 "\n", uv_now(uv_default_loop()));
    cnet_socket_write_string(socket, line, NULL, NULL, NULL);
  }
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  socket_ = ev->u.connection;
  cnet_socket_set_timeout(socket_, SECONDS * tick_ms / 2, on_timeout, NULL);
  interval = cnet_set_interval(NULL, tick_ms, every_tick, NULL);
}

static void on_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  fwrite(ev->u.data.bytes, 1, ev->u.data.len, stdout);
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *s = cnet_connect_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
  cnet_on(s, CNET_EV_DATA, on_data, NULL);
}

int main(void) {
  tick_ms = node_stress() ? 1000 : 100;
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  int rc = node_test_run();
  CHECK_INT(counter, SECONDS);
  return rc;
}
