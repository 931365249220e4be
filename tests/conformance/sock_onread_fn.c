/* C port of sock_onread_fn.js */
#include "trace.h"

static cnet_server_t *server;
static char pool[3][2];
static int asks, idx = -1;

static int pool_index(const char *buf) {
  for (int i = 0; i < 3; i++)
    if (buf == pool[i]) return i;
  return -1;
}

static char *next_buffer(cnet_socket_t *s, size_t *len, void *ctx) {
  (void)s; (void)ctx;
  asks++;
  if (asks == 3) {
    T("ask %d null", asks);
    return NULL;
  }
  idx = (idx + 1) % 3;
  T("ask %d pool %d", asks, idx);
  *len = sizeof pool[idx];
  return pool[idx];
}

static bool on_read(cnet_socket_t *s, size_t nread, char *buf, void *ctx) {
  (void)s; (void)ctx;
  printf("onread %zu ", nread);
  put_json(buf, nread, true);
  T(" pool %d", pool_index(buf));
  return true;
}

static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  T("asks %d", asks);
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_server_close(server, NULL, NULL);
  cnet_socket_end_string(ev->u.connection, "hello world", NULL, NULL, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *c = cnet_socket_new(
      NULL, &(cnet_socket_opts){.onread = {.buffer_fn = next_buffer, .callback = on_read}});
  cnet_socket_connect_port(c, server_port(server), "127.0.0.1", NULL, NULL);
  T("connect returned, asks %d", asks);
  static const cnet_event_type evs[] = {CNET_EV_CONNECT, CNET_EV_DATA, CNET_EV_END, CNET_EV_CLOSE};
  watch(c, "client", evs, 4);
  cnet_on(c, CNET_EV_CLOSE, on_close, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", on_listening, NULL);
  return run_loop();
}
