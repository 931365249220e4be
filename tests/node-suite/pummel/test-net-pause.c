/* test/pummel/test-net-pause.js: a server writes one character every 10 ms;
 * the client pauses twice: while paused no `data` arrives though the server
 * goes on writing, and after resume() all of it does, N characters in all.
 * Node pauses and resumes on 500 ms timers; here each step waits for the
 * event it is about: the client pauses once it has more than one character
 * (then again once it has K more after resuming), and resumes once the
 * server has written K more characters while it was paused.
 * Size: N = 200, K = 50 (Node's, 10 ms a character) with CNET_STRESS=1,
 * else N = 60, K = 15. */
#include "../common.h"

static int n_chars, k_chars;
static cnet_server_t *server;
static cnet_socket_t *client;
static int written;    /* characters the server has written */
static size_t recv_len; /* characters the client has received */
static size_t chars_recved;
static int written_at_pause, pauses;
static bool paused;

static void check_pause(void);

static void write_next(void *ctx) {
  cnet_socket_t *connection = ctx;
  if (written >= n_chars) {
    cnet_socket_end(connection, NULL, NULL);
    return;
  }
  cnet_socket_write_string(connection, "C", NULL, NULL, NULL);
  written++;
  check_pause();
  cnet_set_timeout(NULL, 10, write_next, connection);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_set_timeout(NULL, 10, write_next, ev->u.connection);
}

/* The steps, each on the count it waits for. */
static void check_pause(void) {
  if (paused && written - written_at_pause >= k_chars) {
    printf("resume at: %zu\n", chars_recved);
    CHECK_INT(recv_len, chars_recved); /* nothing came while paused */
    paused = false;
    chars_recved = recv_len;
    cnet_socket_resume(client);
  } else if (!paused && pauses < 2 &&
             (pauses == 0 ? recv_len > 1 : recv_len - chars_recved >= (size_t)k_chars)) {
    chars_recved = recv_len;
    printf("pause at: %zu\n", chars_recved);
    cnet_socket_pause(client);
    paused = true;
    pauses++;
    written_at_pause = written;
  }
}

static void on_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CHECK(!paused);
  recv_len += ev->u.data.len;
  check_pause();
}
static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(server, NULL, NULL);
  cnet_socket_end(client, NULL, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  client = cnet_create_connection_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
  CHECK_INT(cnet_socket_set_encoding(client, "ascii"), 0);
  cnet_on(client, CNET_EV_DATA, on_data, NULL);
  cnet_on(client, CNET_EV_END, on_end, NULL);
}

int main(void) {
  n_chars = node_stress() ? 200 : 60;
  k_chars = n_chars / 4;
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  int rc = node_test_run();
  CHECK_INT(pauses, 2);
  CHECK(!paused);
  CHECK_INT(recv_len, n_chars);
  return rc;
}
