/* test/sequential/test-net-response-size.js: a client writes 100 KiB, blocks
 * its event loop for a second, writes one byte more and calls destroySoon();
 * the server, in a process of its own, receives every byte and closes when
 * the connection does. Node's server is a child_process on common.PORT that
 * prints when it listens; here a forked child that listens on port 0 and
 * reports the port through a pipe, and exits with the count of bytes it got
 * checked (Node's only prints it). */
#include <sys/wait.h>

#include "../common.h"

#define ALOT 1024
#define TOTAL (100 * ALOT + 1)

/* ---- the server process ---- */

static cnet_server_t *server;
static size_t received;

static void on_conn_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  printf("server received %zu bytes\n", ev->u.data.len);
  received += ev->u.data.len;
}
static void on_conn_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(server, NULL, NULL);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_on(ev->u.connection, CNET_EV_DATA, on_conn_data, NULL);
  cnet_on(ev->u.connection, CNET_EV_CLOSE, on_conn_close, NULL);
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  int fd = (int)(intptr_t)ctx;
  (void)ev;
  printf("Server running.\n");
  fflush(stdout);
  int port = node_port(server);
  CHECK(write(fd, &port, sizeof port) == (ssize_t)sizeof port);
  close(fd);
}
static int run_server(int report_fd) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, (void *)(intptr_t)report_fd);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  CHECK_INT(uv_loop_close(uv_default_loop()), 0);
  CHECK_INT(received, TOTAL);
  return 0;
}

/* ---- the client process ---- */

EXPECT_CALLS(on_connect, 1);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connect);
  cnet_socket_t *client = ev->emitter;
  static char alot[ALOT], alittle[1];
  for (int i = 0; i < 100; i++) cnet_socket_write(client, alot, ALOT, NULL, NULL);
  sleep(1); /* block the event loop for a second */
  cnet_socket_write(client, alittle, 1, NULL, NULL);
  cnet_socket_destroy_soon(client);
}

int main(void) {
  int report[2];
  CHECK(pipe(report) == 0);
  fflush(stdout);
  pid_t pid = fork();
  CHECK(pid >= 0);
  if (pid == 0) {
    close(report[0]);
    _exit(run_server(report[1]));
  }
  close(report[1]);
  int port = 0;
  CHECK(read(report[0], &port, sizeof port) == (ssize_t)sizeof port);
  close(report[0]);
  cnet_create_connection_port(NULL, port, "127.0.0.1", on_connect, NULL);
  int rc = node_test_run();
  int status;
  CHECK(waitpid(pid, &status, 0) == pid);
  CHECK(WIFEXITED(status));
  CHECK_INT(WEXITSTATUS(status), 0);
  return rc;
}
