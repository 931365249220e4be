/* Reading into a buffer of one's own (onread): every read goes into the
 * same 4 KiB static buffer, with no allocation and no `data` event. The
 * callback returns false to stop reading for a while (here at each quarter
 * of the transfer, resumed by setImmediate), as Node's does. A server in
 * the same program sends 1 MiB, lent to cnet without a copy.
 *
 *   const buffer = Buffer.alloc(4 * 1024);
 *   const client = net.createConnection({ port, host: '127.0.0.1', onread: {
 *     buffer,  // reused for every read
 *     callback(nread, buf) {
 *       // the data is buf[0..nread), valid until this returns
 *       if (stopHere()) { setImmediate(() => client.resume()); return false; }
 *     },
 *   } });
 *   client.on('end', () => server.close()); */
#include <cnet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOTAL (1 << 20)
#define QUARTER (TOTAL / 4)

static cnet_server_t *server;
static char buffer[4096]; /* every read lands here */
static size_t total, largest;
static unsigned stops, sent_sum, read_sum;

static unsigned checksum(unsigned sum, const char *p, size_t n) {
  while (n--) sum = sum * 31 + (unsigned char)*p++;
  return sum;
}

static void resume(void *s) {
  cnet_socket_resume(s);
}

static bool on_read(cnet_socket_t *s, size_t nread, char *buf, void *ctx) {
  (void)ctx;
  total += nread;
  if (nread > largest) largest = nread;
  read_sum = checksum(read_sum, buf, nread); /* buf is `buffer`: use it before returning */
  if (total / QUARTER <= stops) return true;
  stops++;
  cnet_set_immediate(NULL, resume, s);
  return false; /* no more reads until resume() */
}

static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ev, (void)ctx;
  printf("read %zu bytes into one %zu-byte buffer, none larger: %s\n", total, sizeof buffer,
         largest <= sizeof buffer ? "yes" : "no");
  printf("stopped reading %u times, each resumed by setImmediate\n", stops);
  printf("checksum matches: %s\n", read_sum == sent_sum ? "yes" : "no");
  cnet_server_close(server, NULL, NULL);
}

static void sent(cnet_socket_t *s, const cnet_error_t *err, void *data) {
  (void)s, (void)err;
  free(data); /* cnet is done with the bytes it was lent */
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  char *data = malloc(TOTAL), line[17];
  for (size_t i = 0; i < TOTAL; i += 16) {
    snprintf(line, sizeof line, "line %010zu\n", i / 16);
    memcpy(data + i, line, 16);
  }
  sent_sum = checksum(0, data, TOTAL);
  printf("server: sending %d bytes\n", TOTAL);
  cnet_socket_write_nocopy(ev->u.connection, data, TOTAL, sent, data);
  cnet_socket_end(ev->u.connection, NULL, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_connect_opts o = {.port = cnet_server_port(ev->emitter),
                         .host = "127.0.0.1",
                         .onread = {.buffer = buffer, .len = sizeof buffer, .callback = on_read}};
  cnet_socket_t *client = cnet_connect(NULL, &o, NULL, NULL);
  cnet_on(client, CNET_EV_END, on_end, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", on_listening, NULL);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  return uv_loop_close(uv_default_loop()) == 0 ? 0 : 1;
}
