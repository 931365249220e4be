/* test/parallel/test-net-onread-static-buffer.js: with the `onread` option
 * every read lands in the caller's buffer, handed to its callback instead
 * of `data`; a message longer than the buffer arrives whole over several
 * reads, and `end` follows. The buffer may come from a function, asked for
 * one when the socket gets its handle and after each read (7 times for 6
 * reads into 2-byte buffers). The callback may pause() the socket (no read
 * until resume()) or return false (reading stops until resume()). Node's
 * Buffer and Uint8Array cases are one case in C. Node's clients connect to
 * localhost; here 127.0.0.1. */
#include "../common.h"

#define MESSAGE "hello world"

typedef enum { PLAIN, POOL, PAUSE, RETURN_FALSE } mode_t_;

typedef struct {
  mode_t_ mode;
  cnet_server_t *server;
  char sock_buf[8];
  char buf_pool[3][2];
  int buf_pool_idx, buf_pool_usage;
  char incoming[64];
  size_t received;
  bool paused;
} case_t;

static char *next_pool_buffer(cnet_socket_t *s, size_t *len, void *ctx) {
  case_t *c = ctx;
  (void)s;
  ++c->buf_pool_usage;
  c->buf_pool_idx = (c->buf_pool_idx + 1) % 3;
  *len = sizeof c->buf_pool[0];
  return c->buf_pool[c->buf_pool_idx];
}

static void resume_later(void *ctx) {
  cnet_socket_t *s = ctx;
  case_t *c = cnet_socket_get_data(s);
  c->paused = false;
  cnet_socket_resume(s);
}

static bool on_read(cnet_socket_t *s, size_t nread, char *buf, void *ctx) {
  case_t *c = ctx;
  CHECK(!c->paused);
  CHECK(buf == (c->mode == POOL ? c->buf_pool[c->buf_pool_idx] : c->sock_buf));
  CHECK(c->received + nread <= sizeof c->incoming);
  memcpy(c->incoming + c->received, buf, nread);
  c->received += nread;
  if (c->mode == PLAIN || c->mode == POOL) return true;
  c->paused = true;
  if (c->mode == PAUSE) cnet_socket_pause(s);
  cnet_set_timeout(NULL, 100, resume_later, s);
  return c->mode != RETURN_FALSE;
}

EXPECT_CALLS(must_not_get_data, 0);
static void must_not_get_data(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(must_not_get_data);
}

EXPECT_CALLS(on_end, 4);
static void on_end(const cnet_event_t *ev, void *ctx) {
  case_t *c = ctx;
  (void)ev;
  CALLED(on_end);
  CHECK_INT(c->received, strlen(MESSAGE));
  CHECK(memcmp(c->incoming, MESSAGE, strlen(MESSAGE)) == 0);
  if (c->mode == POOL) CHECK_INT(c->buf_pool_usage, 7);
}

EXPECT_CALLS(on_connection, 4);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  case_t *c = ctx;
  CALLED(on_connection);
  cnet_server_close(c->server, NULL, NULL);
  cnet_socket_end_data(ev->u.connection, MESSAGE, strlen(MESSAGE), NULL, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  case_t *c = ctx;
  (void)ev;
  cnet_connect_opts o = {.port = node_port(c->server), .host = "127.0.0.1",
                         .onread = {.callback = on_read, .ctx = c}};
  if (c->mode == POOL) {
    o.onread.buffer_fn = next_pool_buffer;
  } else {
    o.onread.buffer = c->sock_buf;
    o.onread.len = sizeof c->sock_buf;
  }
  cnet_socket_t *s = cnet_connect(NULL, &o, NULL, NULL);
  CHECK(s != NULL);
  cnet_socket_set_data(s, c, NULL);
  cnet_on(s, CNET_EV_DATA, must_not_get_data, c);
  cnet_on(s, CNET_EV_END, on_end, c);
}

static void run_case(case_t *c) {
  c->server = cnet_create_server(NULL, NULL, on_connection, c);
  node_listen_local(c->server, on_listening, c);
}

int main(void) {
  static case_t cases[] = {{.mode = PLAIN}, {.mode = POOL, .buf_pool_idx = -1}, {.mode = PAUSE},
                           {.mode = RETURN_FALSE}};
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) run_case(&cases[i]);
  return node_test_run();
}
