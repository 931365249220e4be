/* One loop per thread: a server on the main thread's loop, a client on a
 * loop of its own in a second thread. Each thread uses only the objects of
 * its own loop; the second thread reports to the first with a uv_async_t,
 * the libuv handle made for waking a loop from another thread. */
#include <cnet.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  int port;
  uv_async_t done;  /* on the main loop; sent from the client's thread */
  char got[64];     /* written by the client's thread before it sends `done` */
  int close_rc;
} job;

static void on_client_data(const cnet_event_t *ev, void *ctx) {
  job *j = ctx;
  snprintf(j->got + strlen(j->got), sizeof j->got - strlen(j->got), "%.*s", (int)ev->u.data.len,
           ev->u.data.bytes);
}

static void client_thread(void *arg) {
  job *j = arg;
  uv_loop_t loop; /* this thread's loop: every cnet object here belongs to it */
  uv_loop_init(&loop);
  cnet_socket_t *s = cnet_connect_port(&loop, j->port, "127.0.0.1", NULL, NULL);
  cnet_on(s, CNET_EV_DATA, on_client_data, j);
  cnet_socket_end_string(s, "hello from the second thread", NULL, NULL, NULL);
  uv_run(&loop, UV_RUN_DEFAULT);
  j->close_rc = uv_loop_close(&loop);
  uv_async_send(&j->done); /* the one libuv call that is safe from any thread */
}

static void on_done(uv_async_t *a) {
  job *j = a->data;
  printf("main thread: the second thread got \"%s\"; its loop closed: %d\n", j->got, j->close_rc);
  uv_close((uv_handle_t *)a, NULL);
}

static void on_server_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  printf("main thread: server got \"%.*s\"\n", (int)ev->u.data.len, ev->u.data.bytes);
  cnet_socket_end_string(ev->emitter, "hello from the main thread", NULL, NULL, NULL);
}

static void on_server_conn_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_server_close(cnet_socket_server(ev->emitter), NULL, NULL);
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_on(ev->u.connection, CNET_EV_DATA, on_server_data, NULL);
  cnet_on(ev->u.connection, CNET_EV_CLOSE, on_server_conn_close, NULL);
}

static job j;
static uv_thread_t thread;

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  j.port = cnet_server_port(ev->emitter);
  uv_thread_create(&thread, client_thread, &j);
}

int main(void) {
  uv_async_init(uv_default_loop(), &j.done, on_done);
  j.done.data = &j;
  cnet_server_t *server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", on_listening, NULL);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  uv_thread_join(&thread);
  return uv_loop_close(uv_default_loop()) == 0 ? 0 : 1;
}
