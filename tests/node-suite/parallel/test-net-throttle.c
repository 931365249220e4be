/* test/parallel/test-net-throttle.js: a server writes until write() says
 * the queue is full, then twice more, and ends; a client that pauses at
 * each `data` for 100 ms (no data comes while paused) still gets every
 * byte, in more than one pause. bufferSize and writableLength stay within
 * what was written.
 *
 * The server writes until the kernel's buffers are full (some 4 MB on
 * loopback, as in Node), read 64 KB a pause: Node's 100 ms pauses make that
 * some 6 s, so the pause is 20 ms here, and 100 ms with CNET_STRESS=1. */
#include "../common.h"

static cnet_server_t *server;
static size_t chars_recved, total_length;
static int npauses;
static bool paused;

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *connection = ev->u.connection;
  char body[1025];
  memset(body, 'C', 1024);
  body[1024] = '\0';
  size_t n = 1;
  while (cnet_socket_write_string(connection, body, NULL, NULL, NULL) == 1) n++;
  /* Now that we're throttled, do some more writes to make sure the data
   * isn't lost. */
  cnet_socket_write_string(connection, body, NULL, NULL, NULL);
  cnet_socket_write_string(connection, body, NULL, NULL, NULL);
  n += 2;
  total_length = n * 1024;
  CHECK(cnet_socket_buffer_size(connection) <= total_length);
  CHECK(cnet_socket_writable_length(connection) <= total_length);
  cnet_socket_end(connection, NULL, NULL);
}

/* The client may have ended and closed meanwhile (end comes while paused
 * once nothing is kept, as in Node), so the timer holds a reference. */
static size_t chars_at_pause;
static void resume_client(void *client) {
  CHECK_INT(chars_recved, chars_at_pause);
  cnet_socket_resume(client);
  paused = false;
  cnet_socket_release(client);
}
static void on_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CHECK(ev->u.data.is_string);
  chars_recved += strlen(ev->u.data.bytes); /* d.length */
  if (!paused) {
    cnet_socket_pause(ev->emitter);
    npauses += 1;
    paused = true;
    chars_at_pause = chars_recved;
    cnet_set_timeout(NULL, node_stress() ? 100 : 20, resume_client, cnet_socket_retain(ev->emitter));
  }
}
static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_server_close(server, NULL, NULL);
  cnet_socket_end(ev->emitter, NULL, NULL);
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *client = cnet_create_connection_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
  cnet_socket_set_encoding(client, "ascii");
  cnet_on(client, CNET_EV_DATA, on_data, NULL);
  cnet_on(client, CNET_EV_END, on_end, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  int rc = node_test_run();
  CHECK_INT(chars_recved, total_length);
  CHECK(npauses > 1);
  return rc;
}
