/* test/parallel/test-tcp-wrap-listen.js: a net client talks to a raw TCP
 * server handle that echoes what it reads: the client's "hello world" (sent
 * with end()) comes back; the raw server reads twice (the data, then EOF)
 * and closes.
 *
 * Node's raw server is its TCP wrap (internalBinding('tcp_wrap')), a libuv
 * uv_tcp_t; here the server is that uv_tcp_t itself, on the same loop,
 * bound to 127.0.0.1 instead of the any address. The checks of the wrap's
 * writeQueueSize (Node's own bookkeeping) become libuv's
 * uv_stream_get_write_queue_size(). */
#include "../common.h"

static uv_tcp_t server, client;
static int onread_calls;
static bool got_eof;
static int pending_writes;

typedef struct {
  uv_write_t req;
  char data[];
} echo_write;

static void maybe_close_client(void) {
  if (pending_writes == 0 && got_eof) uv_close((uv_handle_t *)&client, NULL);
}
static void done(uv_write_t *req, int status) {
  CHECK_INT(status, 0);
  CHECK(req->handle == (uv_stream_t *)&client);
  CHECK_INT(uv_stream_get_write_queue_size((uv_stream_t *)&client), 0);
  pending_writes--;
  free(req);
  maybe_close_client();
}
static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  (void)h;
  buf->base = malloc(suggested);
  buf->len = suggested;
}
static void onread(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf) {
  if (nread == 0) { /* nothing this time (EAGAIN) */
    free(buf->base);
    return;
  }
  onread_calls++;
  if (nread > 0) {
    CHECK_INT(uv_stream_get_write_queue_size(stream), 0);
    echo_write *w = malloc(sizeof *w + (size_t)nread);
    memcpy(w->data, buf->base, (size_t)nread);
    uv_buf_t b = uv_buf_init(w->data, (unsigned)nread);
    CHECK_INT(uv_write(&w->req, stream, &b, 1, done), 0);
    pending_writes++;
    /* 11 bytes should flush */
    CHECK_INT(uv_stream_get_write_queue_size(stream), 0);
  } else {
    CHECK_INT(nread, UV_EOF);
    got_eof = true;
    uv_close((uv_handle_t *)&server, NULL);
    maybe_close_client();
  }
  free(buf->base);
}
static void onconnection(uv_stream_t *s, int status) {
  CHECK_INT(status, 0);
  CHECK(uv_tcp_init(uv_default_loop(), &client) == 0);
  CHECK(uv_accept(s, (uv_stream_t *)&client) == 0);
  CHECK_INT(uv_stream_get_write_queue_size((uv_stream_t *)&client), 0);
  CHECK(uv_read_start((uv_stream_t *)&client, on_alloc, onread) == 0);
}

EXPECT_CALLS(on_connect, 1);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connect);
  cnet_socket_end_string(ev->emitter, "hello world", NULL, NULL, NULL);
}
EXPECT_CALLS(on_data, 1);
static void on_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_data);
  CHECK_STR(ev->u.data.bytes, "hello world");
}

int main(void) {
  struct sockaddr_in sa;
  int len = sizeof sa;
  CHECK(uv_tcp_init(uv_default_loop(), &server) == 0);
  CHECK(uv_ip4_addr("127.0.0.1", 0, &sa) == 0);
  CHECK_INT(uv_tcp_bind(&server, (struct sockaddr *)&sa, 0), 0);
  CHECK(uv_tcp_getsockname(&server, (struct sockaddr *)&sa, &len) == 0);
  CHECK(uv_listen((uv_stream_t *)&server, 128, onconnection) == 0);

  cnet_socket_t *c = cnet_create_connection_port(NULL, ntohs(sa.sin_port), "127.0.0.1", NULL, NULL);
  cnet_on(c, CNET_EV_CONNECT, on_connect, NULL);
  cnet_socket_set_encoding(c, "utf8");
  cnet_on(c, CNET_EV_DATA, on_data, NULL);
  int rc = node_test_run();
  CHECK_INT(onread_calls, 2);
  return rc;
}
