/* Who frees what. The accepted socket, and the state hung on it, are freed
 * by cnet after its `close`; the client is kept past its `close` with a
 * reference, to read it after the loop; a timeout is kept past its run, to
 * run it again. */
#include <cnet.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
  size_t bytes;
} conn_state;

static cnet_socket_t *client;
static cnet_timer_t *timer;

static void free_state(void *data) { /* once cnet has freed the socket */
  printf("connection state freed, %zu bytes counted\n", ((conn_state *)data)->bytes);
  free(data);
}

static void count(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  ((conn_state *)cnet_socket_get_data(ev->emitter))->bytes += ev->u.data.len;
}

static void on_conn_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_server_close(cnet_socket_server(ev->emitter), NULL, NULL);
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->u.connection; /* nothing to free: cnet does, after `close` */
  cnet_socket_set_data(c, calloc(1, sizeof(conn_state)), free_state);
  cnet_on(c, CNET_EV_DATA, count, NULL);
  cnet_on(c, CNET_EV_CLOSE, on_conn_close, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  client = cnet_connect_port(NULL, cnet_server_port(ev->emitter), "127.0.0.1", NULL, NULL);
  cnet_socket_retain(client); /* kept past its `close` */
  cnet_socket_end_data(client, "hello", 5, NULL, NULL);
}

static void ran(void *ctx) {
  static int runs;
  (void)ctx;
  printf("timeout ran (%d)\n", ++runs);
  if (runs == 1) cnet_timer_refresh(timer); /* it has run: only a retained one may be used */
  else cnet_timer_release(timer);           /* now cnet may free it */
}

static void on_server_close(const cnet_event_t *ev, void *ctx) {
  (void)ev, (void)ctx;
  printf("server closed\n");
  timer = cnet_timer_retain(cnet_set_timeout(NULL, 1, ran, NULL));
}

int main(void) {
  cnet_server_t *server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_on(server, CNET_EV_CLOSE, on_server_close, NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", on_listening, NULL);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  printf("client: %llu bytes written, destroyed: %s\n", (unsigned long long)cnet_socket_bytes_written(client),
         cnet_socket_destroyed(client) ? "true" : "false");
  cnet_socket_release(client);               /* freed now, outside the loop, */
  uv_run(uv_default_loop(), UV_RUN_DEFAULT); /* so cnet needs a turn to close its loop state */
  return uv_loop_close(uv_default_loop()) == 0 ? 0 : 1;
}
