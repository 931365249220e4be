/* C port of socket_encoding.js */
#include <stdlib.h>

#include "steps.h"
#include "trace.h"

static cnet_server_t *server, *s2;
static int s2_port;
static cnet_socket_t *client, *peer; /* the client and its accepted end */

static bool client_read_two(void) { return cnet_socket_bytes_read(client) == 2; }

static const struct { const char *text, *enc; } writes[] = {
  {"h\xc3\xa9llo", "latin1"}, {"68656c6c6fZZ", "hex"}, {"aGVsbG8=", "base64"},
  {"aGk_-w", "base64url"}, {"\xe2\x82\xac", "utf16le"}, {"ascii\xc3\xa9", "ascii"},
  {"na\xc3\xafve", "utf8"}, {"plain", NULL},
};

static unsigned char got[256];
static size_t got_len;
static void srv_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  memcpy(got + got_len, ev->u.data.bytes, ev->u.data.len);
  got_len += ev->u.data.len;
}
static void send_second_half(void) { cnet_socket_end_data(peer, "\xac\x21", 2, NULL, NULL); }
static void srv_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  printf("server received ");
  for (size_t i = 0; i < got_len; i++) printf("%02x", got[i]);
  putchar('\n');
  peer = ev->emitter;
  cnet_socket_write(peer, "\xe2\x82", 2, NULL, NULL);
  until(client_read_two, send_second_half);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_on(ev->u.connection, CNET_EV_DATA, srv_data, NULL);
  cnet_on(ev->u.connection, CNET_EV_END, srv_end, NULL);
}

static void s2_end_rest(void) { cnet_socket_end_data(peer, "\x03\x04\x05", 3, NULL, NULL); }
static void s2_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  peer = ev->u.connection;
  cnet_socket_write(peer, "\x01\x02", 2, NULL, NULL);
  until(client_read_two, s2_end_rest);
}
static const char *encs[] = {"hex", "base64", "base64url", "latin1", "utf16le", "ascii"};
static size_t enc_i;
static void next_enc(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  if (enc_i == sizeof encs / sizeof encs[0]) {
    cnet_server_close(s2, NULL, NULL);
    cnet_server_close(server, NULL, NULL);
    return;
  }
  const char *enc = encs[enc_i++];
  cnet_socket_t *c = client = cnet_connect_port(NULL, s2_port, "127.0.0.1", NULL, NULL);
  cnet_socket_set_encoding(c, enc);
  static const cnet_event_type evs[] = {CNET_EV_DATA, CNET_EV_END};
  watch(c, enc, evs, 2);
  cnet_on(c, CNET_EV_CLOSE, next_enc, NULL);
}
static void s2_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  s2_port = server_port(s2);
  next_enc(NULL, NULL);
}
static void client_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  s2 = cnet_create_server(NULL, NULL, s2_connection, NULL);
  cnet_server_listen_port(s2, 0, "127.0.0.1", s2_listening, NULL);
}

static void client_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->emitter;
  for (size_t i = 0; i < sizeof writes / sizeof writes[0]; i++) {
    int r = cnet_socket_write_string(c, writes[i].text, writes[i].enc, NULL, NULL);
    printf("write ");
    put_json(writes[i].text, strlen(writes[i].text), false);
    printf(" %s %s\n", writes[i].enc ? writes[i].enc : "", B(r));
  }
  cnet_socket_end(c, NULL, NULL);
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *c = client = cnet_connect_port(NULL, server_port(server), "127.0.0.1", client_connect, NULL);
  if (cnet_socket_set_encoding(c, "bogus") < 0) {
    printf("setEncoding bogus throws ");
    put_err(cnet_last_error());
    putchar('\n');
  }
  cnet_socket_set_encoding(c, "utf8");
  static const cnet_event_type evs[] = {CNET_EV_DATA, CNET_EV_END, CNET_EV_CLOSE};
  watch(c, "client", evs, 3);
  cnet_on(c, CNET_EV_CLOSE, client_close, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, &(cnet_server_opts){.allow_half_open = true}, on_connection, NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", on_listening, NULL);
  return run_loop();
}
