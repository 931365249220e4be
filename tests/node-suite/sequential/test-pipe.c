/* test/sequential/test-pipe.js: a server pipes what a client sends (5 MB of
 * random bytes) into a connection of its own to a second server, which gets
 * every byte in order and ends; then the first answers "thanks".
 *
 * Node's first server is an HTTP server piping the request body
 * (req.pipe(socket)) and answering with a response; cnet has no http, so
 * here the body is the client's bytes up to its end(), the answer is
 * "thanks" written back (the first server allows half-open connections for
 * that), and the pipe is write() with pause() while it returns 0 and
 * resume() at `drain`, then end() at the source's `end`, as pipe() does.
 * The servers listen on port 0 rather than common.PORT. */
#include "../common.h"

#define BUFFER_SIZE (5 * 1024 * 1024)

static unsigned char *buffer;
static cnet_server_t *web, *tcp;
static int listen_count;
static bool got_thanks;
static size_t tcp_length_seen;

/* ---- the web server: req.pipe(socket), then the answer ---- */

static cnet_socket_t *req, *socket_;

EXPECT_CALLS(on_socket_connect, 1);
static void on_socket_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_socket_connect);
}
static void pipe_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  if (cnet_socket_write(socket_, ev->u.data.bytes, ev->u.data.len, NULL, NULL) == 0)
    cnet_socket_pause(req);
}
static void pipe_drain(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_resume(req);
}
EXPECT_CALLS(on_req_end, 1);
static void on_req_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_req_end);
  cnet_socket_end(socket_, NULL, NULL); /* pipe() ends its destination */
  cnet_socket_end_string(ev->emitter, "thanks", NULL, NULL, NULL);
}
static void on_req_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  node_fail(__FILE__, __LINE__, ev->u.error->message); /* assert.ifError(e) */
}
EXPECT_CALLS(on_web_connection, 1);
static void on_web_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_web_connection);
  cnet_server_close(web, NULL, NULL);
  req = ev->u.connection;
  socket_ = cnet_socket_new(NULL, NULL);
  CHECK(cnet_socket_connect_port(socket_, node_port(tcp), "127.0.0.1", NULL, NULL) == 0);
  cnet_on(socket_, CNET_EV_CONNECT, on_socket_connect, NULL);
  cnet_on(socket_, CNET_EV_DRAIN, pipe_drain, NULL);
  cnet_on(req, CNET_EV_DATA, pipe_data, NULL);
  cnet_on(req, CNET_EV_END, on_req_end, NULL);
  cnet_on(req, CNET_EV_ERROR, on_req_error, NULL);
}

/* ---- the tcp server ---- */

static size_t i_seen;

static void on_tcp_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  tcp_length_seen += ev->u.data.len;
  CHECK(i_seen + ev->u.data.len <= BUFFER_SIZE);
  CHECK(memcmp(ev->u.data.bytes, buffer + i_seen, ev->u.data.len) == 0);
  i_seen += ev->u.data.len;
}
EXPECT_CALLS(on_tcp_end, 1);
static void on_tcp_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_tcp_end);
  cnet_socket_end(ev->emitter, NULL, NULL);
}
EXPECT_CALLS(on_tcp_connection, 1);
static void on_tcp_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_tcp_connection);
  cnet_server_close(tcp, NULL, NULL);
  cnet_on(ev->u.connection, CNET_EV_DATA, on_tcp_data, NULL);
  cnet_on(ev->u.connection, CNET_EV_END, on_tcp_end, NULL);
  cnet_on(ev->u.connection, CNET_EV_ERROR, on_req_error, NULL);
}

/* ---- the client ---- */

EXPECT_CALLS(on_response, 1);
static void on_response(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_response);
  CHECK_STR(ev->u.data.bytes, "thanks");
  got_thanks = true;
}
static void start_client(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  if (++listen_count < 2) return;
  cnet_socket_t *client = cnet_connect_port(NULL, node_port(web), "127.0.0.1", NULL, NULL);
  cnet_socket_set_encoding(client, "utf8");
  cnet_on(client, CNET_EV_DATA, on_response, NULL);
  cnet_socket_write(client, buffer, BUFFER_SIZE, NULL, NULL);
  cnet_socket_end(client, NULL, NULL);
}

int main(void) {
  buffer = malloc(BUFFER_SIZE);
  CHECK(buffer != NULL);
  srand((unsigned)getpid());
  for (size_t i = 0; i < BUFFER_SIZE; i++) buffer[i] = (unsigned char)(rand() % 256);

  web = cnet_create_server(NULL, &(cnet_server_opts){.allow_half_open = true}, on_web_connection, NULL);
  node_listen_local(web, start_client, NULL);
  tcp = cnet_create_server(NULL, NULL, on_tcp_connection, NULL);
  node_listen_local(tcp, start_client, NULL);
  int rc = node_test_run();
  CHECK(got_thanks);
  CHECK_INT(tcp_length_seen, BUFFER_SIZE);
  free(buffer);
  return rc;
}
