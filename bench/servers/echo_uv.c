/* Raw libuv, as the libuv user guide's TCP echo server is written: a
 * buffer of the suggested size allocated for each read, each read written
 * back with a uv_write_t that owns that buffer and frees it when done.
 * A Unix path listens on a uv_pipe_t instead of a uv_tcp_t.
 *
 *   echo_uv PORT|PATH */
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#include "../target.h"

typedef struct {
  uv_write_t req;
  uv_buf_t buf;
} write_req_t;

static uv_loop_t *loop;
static int is_pipe;

static void free_write_req(uv_write_t *req) {
  write_req_t *wr = (write_req_t *)req;
  free(wr->buf.base);
  free(wr);
}

static void alloc_buffer(uv_handle_t *handle, size_t suggested_size, uv_buf_t *buf) {
  (void)handle;
  buf->base = malloc(suggested_size);
  buf->len = suggested_size;
}

static void on_close(uv_handle_t *handle) { free(handle); }

static void echo_write(uv_write_t *req, int status) {
  if (status) fprintf(stderr, "write error %s\n", uv_strerror(status));
  free_write_req(req);
}

static void echo_read(uv_stream_t *client, ssize_t nread, const uv_buf_t *buf) {
  if (nread > 0) {
    write_req_t *req = malloc(sizeof *req);
    req->buf = uv_buf_init(buf->base, (unsigned)nread);
    uv_write(&req->req, client, &req->buf, 1, echo_write);
    return;
  }
  if (nread < 0) uv_close((uv_handle_t *)client, on_close);
  free(buf->base);
}

static void on_new_connection(uv_stream_t *server, int status) {
  if (status < 0) {
    fprintf(stderr, "new connection error %s\n", uv_strerror(status));
    return;
  }
  uv_stream_t *client;
  if (is_pipe) {
    client = malloc(sizeof(uv_pipe_t));
    uv_pipe_init(loop, (uv_pipe_t *)client, 0);
  } else {
    client = malloc(sizeof(uv_tcp_t));
    uv_tcp_init(loop, (uv_tcp_t *)client);
  }
  if (uv_accept(server, client) == 0) uv_read_start(client, alloc_buffer, echo_read);
  else uv_close((uv_handle_t *)client, on_close);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: echo_uv PORT|PATH\n");
    return 2;
  }
  target_process_init();
  loop = uv_default_loop();
  union { uv_tcp_t tcp; uv_pipe_t pipe; uv_stream_t stream; } server;
  int r, port = target_port(argv[1]);
  is_pipe = port < 0;
  if (is_pipe) {
    uv_pipe_init(loop, &server.pipe, 0);
    r = uv_pipe_bind(&server.pipe, argv[1]);
  } else {
    struct sockaddr_storage addr;
    target_sockaddr(argv[1], &addr);
    uv_tcp_init(loop, &server.tcp);
    r = uv_tcp_bind(&server.tcp, (const struct sockaddr *)&addr, 0);
  }
  if (r == 0) r = uv_listen(&server.stream, 128, on_new_connection);
  if (r) {
    fprintf(stderr, "listen error %s\n", uv_strerror(r));
    return 1;
  }
  uv_os_fd_t fd;
  uv_fileno((uv_handle_t *)&server, &fd);
  target_ready(argv[1], target_bound_port(fd));
  return uv_run(loop, UV_RUN_DEFAULT);
}
