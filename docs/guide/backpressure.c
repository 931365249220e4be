/* Backpressure: the writer stops when write() returns 0 and goes on at
 * `drain`; the reader does not read until the writer has had to stop.
 * backpressure.js in C. */
#include <cnet.h>
#include <stdio.h>

#define TOTAL (16 << 20)

static char chunk[64 << 10];
static cnet_server_t *server;
static cnet_socket_t *client;
static size_t sent, falses, drains, read_bytes;
static bool within_bound = true;

static void produce(cnet_socket_t *c) {
  while (sent < TOTAL) {
    sent += sizeof chunk;
    int room = cnet_socket_write(c, chunk, sizeof chunk, NULL, NULL);
    if (cnet_socket_writable_length(c) >= cnet_socket_writable_high_water_mark(c) + sizeof chunk)
      within_bound = false;
    if (!room) {
      if (falses++ == 0) {
        printf("server: write() returned false; the client starts reading\n");
        cnet_socket_resume(client);
      }
      return; /* goes on at `drain` */
    }
  }
  printf("server: wrote %zu bytes; a drain for each false: %s\n", sent, drains == falses ? "true" : "false");
  printf("server: the queue stayed below highWaterMark plus a chunk: %s\n", within_bound ? "true" : "false");
  cnet_socket_end(c, NULL, NULL);
}

static void on_drain(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  drains++;
  produce(ev->emitter);
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_on(ev->u.connection, CNET_EV_DRAIN, on_drain, NULL);
  produce(ev->u.connection);
}

static void on_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  read_bytes += ev->u.data.len;
}

static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ev, (void)ctx;
  printf("client: read %zu bytes\n", read_bytes);
  cnet_server_close(server, NULL, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  client = cnet_connect_port(NULL, cnet_server_port(ev->emitter), "127.0.0.1", NULL, NULL);
  cnet_socket_pause(client); /* no reading until the writer has had to stop */
  cnet_on(client, CNET_EV_DATA, on_data, NULL);
  cnet_on(client, CNET_EV_END, on_end, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", on_listening, NULL);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  return 0;
}
