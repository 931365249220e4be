/* test/parallel/test-net-child-process-connect-reset.js: a client reading
 * into its own buffer (onread) whose server's process is killed
 * (SIGKILL) right after the connect: the child dies of the signal, and the
 * client, if it gets an error at all, gets ECONNRESET; it closes and the
 * loop ends.
 *
 * As Node's, the server runs in a child process (this program run again
 * with "child", started with uv_spawn) that reports its port on stdout
 * where Node's uses the IPC channel; 127.0.0.1 stands for localhost. */
#include "../common.h"

#include <signal.h>

/* ---- the child: a server that reports its port ---- */

static cnet_server_t *child_server;

static void child_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  printf("ready %d\n", node_port(child_server));
  fflush(stdout);
}
static int child(void) {
  child_server = cnet_create_server(NULL, NULL, NULL, NULL);
  node_listen_local(child_server, child_listening, NULL);
  return uv_run(uv_default_loop(), UV_RUN_DEFAULT); /* until killed */
}

/* ---- the parent ---- */

static uv_process_t cp;
static uv_pipe_t cp_stdout;
static char line[64];
static size_t line_len;
static char onread_buffer[65536];

EXPECT_CALLS(on_child_exit, 1);
static void on_child_exit(uv_process_t *p, int64_t exit_status, int term_signal) {
  CALLED(on_child_exit);
  CHECK_INT(exit_status, 0); /* Node's code null */
  CHECK_INT(term_signal, SIGKILL);
  uv_close((uv_handle_t *)p, NULL);
}

static bool on_read(cnet_socket_t *s, size_t nread, char *buffer, void *ctx) {
  (void)s; (void)nread; (void)buffer; (void)ctx;
  return true;
}
EXPECT_CALLS_AT_LEAST(on_error, 0);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_error);
  CHECK_ERR_CODE(ev->u.error, "ECONNRESET");
}
EXPECT_CALLS(on_connect, 1);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connect);
  CHECK(uv_process_kill(&cp, SIGKILL) == 0);
}

EXPECT_CALLS(on_message, 1);
static void on_message(int port) {
  CALLED(on_message);
  cnet_socket_t *conn = cnet_socket_new(
      NULL, &(cnet_socket_opts){.onread = {.buffer = onread_buffer,
                                           .len = sizeof onread_buffer,
                                           .callback = on_read}});
  CHECK(conn != NULL);
  cnet_on(conn, CNET_EV_ERROR, on_error, NULL);
  CHECK(cnet_socket_connect_port(conn, port, "127.0.0.1", on_connect, NULL) == 0);
}

static void alloc_cb(uv_handle_t *h, size_t size, uv_buf_t *buf) {
  (void)h; (void)size;
  *buf = uv_buf_init(line + line_len, (unsigned)(sizeof line - 1 - line_len));
}
static void read_cb(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf) {
  (void)buf;
  if (nread < 0) {
    uv_close((uv_handle_t *)s, NULL);
    return;
  }
  line_len += (size_t)nread;
  line[line_len] = '\0';
  int port;
  if (strchr(line, '\n') && sscanf(line, "ready %d", &port) == 1) {
    line_len = 0;
    on_message(port);
  }
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "child") == 0) return child();
  uv_loop_t *loop = uv_default_loop();
  CHECK(uv_pipe_init(loop, &cp_stdout, 0) == 0);
  uv_stdio_container_t stdio[3] = {
      {.flags = UV_IGNORE},
      {.flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE, .data.stream = (uv_stream_t *)&cp_stdout},
      {.flags = UV_INHERIT_FD, .data.fd = 2},
  };
  char *args[] = {argv[0], "child", NULL};
  uv_process_options_t options = {.exit_cb = on_child_exit, .file = argv[0], .args = args,
                                  .stdio_count = 3, .stdio = stdio};
  CHECK(uv_spawn(loop, &cp, &options) == 0);
  CHECK(uv_read_start((uv_stream_t *)&cp_stdout, alloc_cb, read_cb) == 0);
  return node_test_run();
}
