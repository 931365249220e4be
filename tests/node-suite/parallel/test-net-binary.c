/* test/parallel/test-net-binary.js: every latin1 ('binary') character, 255
 * down to 0, goes through an echo server that decodes and encodes latin1,
 * then 0 up to 255 one by one as the client's data comes back: the client
 * decodes 512 characters, the first 256 the reverse of the last 256.
 *
 * A C string ends at its NUL, so U+0000 cannot be given to
 * cnet_socket_write_string(); its latin1 encoding is the byte 0, written
 * with cnet_socket_write(). Every other character goes through
 * cnet_socket_write_string(text, "latin1"). */
#include "../common.h"

static cnet_server_t *echo_server;
static int recv_chars[2 * 256 + 1];
static int nrecv, j;

/* One character (0..255) as UTF-8 text, written as latin1. */
static void write_char(cnet_socket_t *s, int ch) {
  if (ch == 0) {
    cnet_socket_write(s, "", 1, NULL, NULL);
    return;
  }
  char text[3] = {0};
  if (ch < 0x80) {
    text[0] = (char)ch;
  } else {
    text[0] = (char)(0xC0 | (ch >> 6));
    text[1] = (char)(0x80 | (ch & 0x3F));
  }
  cnet_socket_write_string(s, text, "latin1", NULL, NULL);
}

/* Decodes a data event's UTF-8 text into characters 0..255. */
static int decode(const cnet_event_t *ev, int *out, int room) {
  const unsigned char *p = (const unsigned char *)ev->u.data.bytes;
  const unsigned char *end = p + ev->u.data.len;
  int n = 0;
  CHECK(ev->u.data.is_string);
  while (p < end) {
    CHECK(n < room);
    if (*p < 0x80) {
      out[n++] = *p++;
    } else {
      CHECK((*p & 0xE0) == 0xC0 && p + 1 < end);
      out[n++] = ((p[0] & 0x1F) << 6) | (p[1] & 0x3F);
      p += 2;
    }
  }
  return n;
}

static void on_echo_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  int chars[4096];
  int n = decode(ev, chars, 4096);
  for (int i = 0; i < n; i++) write_char(ev->emitter, chars[i]);
}
static void on_echo_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end(ev->emitter, NULL, NULL);
}
static void on_echo_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *connection = ev->u.connection;
  CHECK(cnet_socket_set_encoding(connection, "latin1") == 0);
  cnet_on(connection, CNET_EV_DATA, on_echo_data, NULL);
  cnet_on(connection, CNET_EV_END, on_echo_end, NULL);
}

static void on_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  int n = decode(ev, recv_chars + nrecv, (int)(sizeof recv_chars / sizeof *recv_chars) - nrecv);
  int until = j + n;
  while (j < until && j < 256) write_char(ev->emitter, j++);
  if (j == 256) {
    cnet_socket_end(ev->emitter, NULL, NULL);
    j++; /* Node ends again on later data, which changes nothing */
  }
  nrecv += n;
}
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  for (int i = 255; i >= 0; i--) write_char(ev->emitter, i); /* binaryString, 'binary' */
}
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(echo_server, NULL, NULL);
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *c =
      cnet_create_connection(NULL, &(cnet_connect_opts){.port = node_port(echo_server),
                                                        .host = "127.0.0.1"}, NULL, NULL);
  CHECK(cnet_socket_set_encoding(c, "latin1") == 0);
  cnet_on(c, CNET_EV_DATA, on_data, NULL);
  cnet_on(c, CNET_EV_CONNECT, on_connect, NULL);
  cnet_on(c, CNET_EV_CLOSE, on_close, NULL);
}

int main(void) {
  echo_server = cnet_create_server(NULL, NULL, on_echo_connection, NULL);
  node_listen_local(echo_server, on_listening, NULL);
  int rc = node_test_run();
  CHECK_INT(nrecv, 2 * 256);
  for (int i = 0; i < 256; i++) CHECK_INT(recv_chars[255 - i], recv_chars[256 + i]);
  for (int i = 0; i < 256; i++) CHECK_INT(recv_chars[256 + i], i);
  return rc;
}
