/* test/parallel/test-pipe-file-to-http.js: a 10 MB file piped into a
 * connection whose server reads nothing for its first second arrives whole;
 * then the server answers and the client reads the answer to its end.
 *
 * Node's test is an HTTP POST fed by fs.ReadStream(file).pipe(req), the
 * server pausing the request for 1 s; cnet has no http nor file streams, so
 * here the client reads the file in 64 KB pieces and writes them, waiting
 * for `drain` whenever write() returns 0 (what pipe() does), then ends; the
 * server (allowing half-open connections) answers once it has read the end,
 * which stands for the 200 response. */
#include "../common.h"
#include <fcntl.h>

#define FILE_SIZE (10 * 1024 * 1024)

static cnet_server_t *server;
static char filename[128];
static int fd = -1;
static size_t count;
static cnet_timer_t *timeout_id;

/* ---- the server ---- */

static void resume_req(void *req) {
  timeout_id = NULL;
  cnet_socket_resume(req);
}
static void on_req_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  count += ev->u.data.len;
}
static void on_req_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  if (timeout_id) cnet_clear_timeout(timeout_id);
  cnet_socket_end_string(ev->emitter, "HTTP/1.1 200 OK\r\n\r\n", NULL, NULL, NULL);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *req = ev->u.connection;
  cnet_socket_pause(req);
  timeout_id = cnet_set_timeout(NULL, 1000, resume_req, req);
  cnet_on(req, CNET_EV_DATA, on_req_data, NULL);
  cnet_on(req, CNET_EV_END, on_req_end, NULL);
}

/* ---- the client: s.pipe(req) ---- */

static void pipe_file(const cnet_event_t *ev, void *ctx) { /* connect, drain */
  (void)ctx;
  cnet_socket_t *req = ev->emitter;
  char chunk[65536];
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    CHECK(n >= 0);
    if (n == 0) {
      close(fd); /* s.on('close', common.mustSucceed()) */
      fd = -1;
      cnet_socket_end(req, NULL, NULL);
      return;
    }
    if (cnet_socket_write(req, chunk, (size_t)n, NULL, NULL) == 0) return; /* until drain */
  }
}
static void on_response_data(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
}
EXPECT_CALLS(on_response_end, 1);
static void on_response_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_response_end);
  cnet_server_close(server, NULL, NULL);
}
static void make_request(void) {
  cnet_socket_t *req = cnet_connect_port(NULL, node_port(server), "127.0.0.1", pipe_file, NULL);
  cnet_on(req, CNET_EV_DRAIN, pipe_file, NULL);
  cnet_on(req, CNET_EV_DATA, on_response_data, NULL); /* res.resume() */
  cnet_on(req, CNET_EV_END, on_response_end, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  /* Create a zero-filled file */
  snprintf(filename, sizeof filename, "%s-big", node_pipe());
  int w = open(filename, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  CHECK(w >= 0);
  CHECK(ftruncate(w, FILE_SIZE) == 0);
  close(w);
  fd = open(filename, O_RDONLY);
  CHECK(fd >= 0);
  make_request();
}

int main(void) {
  server = cnet_create_server(NULL, &(cnet_server_opts){.allow_half_open = true}, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  int rc = node_test_run();
  unlink(filename);
  CHECK_INT(count, FILE_SIZE);
  CHECK(fd == -1);
  return rc;
}
