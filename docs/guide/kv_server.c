/* kv_server.js in C: a key-value store over TCP with a line protocol.
 *   SET key value  ->  OK        GET key  ->  value, or NOT FOUND
 *   DEL key        ->  OK, or NOT FOUND
 * Usage: kv_server [PORT]; SIGTERM closes it. */
#include <cnet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lines.h" /* examples/lines.h: readline's part */

typedef struct entry { /* the Map: a list here, a hash table in earnest */
  struct entry *next;
  char *key, *value;
} entry;

static entry *store;
static size_t store_size;

static entry **find(const char *key) {
  entry **e = &store;
  while (*e && strcmp((*e)->key, key) != 0) e = &(*e)->next;
  return e;
}

static void set(const char *key, const char *value) {
  entry **e = find(key);
  if (!*e) {
    *e = calloc(1, sizeof **e);
    (*e)->key = strdup(key);
    store_size++;
  }
  free((*e)->value);
  (*e)->value = strdup(value);
}

static bool del(const char *key) {
  entry **e = find(key), *gone = *e;
  if (!gone) return false;
  *e = gone->next;
  free(gone->key), free(gone->value), free(gone);
  store_size--;
  return true;
}

/* line.split(' '), a field at a time: the next one, or NULL past the end. */
static char *field(char **rest) {
  char *f = *rest, *space = f ? strchr(f, ' ') : NULL;
  if (space) *space = '\0';
  *rest = space ? space + 1 : NULL;
  return f;
}

static bool on_line(char *line, void *c) {
  char *command = field(&line), *key = field(&line), *words = line;
  bool has_key = key && *key;
  if (has_key && strcmp(command, "SET") == 0) {
    set(key, words ? words : "");
    cnet_socket_write_string(c, "OK\n", NULL, NULL, NULL);
  } else if (has_key && strcmp(command, "GET") == 0) {
    entry *e = *find(key);
    cnet_socket_write_string(c, e ? e->value : "NOT FOUND", NULL, NULL, NULL);
    cnet_socket_write_string(c, "\n", NULL, NULL, NULL);
  } else if (has_key && strcmp(command, "DEL") == 0) {
    cnet_socket_write_string(c, del(key) ? "OK\n" : "NOT FOUND\n", NULL, NULL, NULL);
  } else {
    char reply[LINE_MAX_LEN + 8];
    snprintf(reply, sizeof reply, "ERROR %s\n", command);
    cnet_socket_write_string(c, reply, NULL, NULL, NULL);
  }
  return true;
}

static void on_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  if (!lines_feed(cnet_socket_get_data(ev->emitter), ev->u.data.bytes, ev->u.data.len, on_line, ev->emitter))
    cnet_socket_destroy(ev->emitter, NULL); /* a line longer than LINE_MAX_LEN */
}

static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  printf("client error: %s\n", ev->u.error->code);
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->u.connection;
  cnet_socket_set_data(c, calloc(1, sizeof(line_buffer)), free); /* the closure's state */
  cnet_on(c, CNET_EV_DATA, on_data, NULL);
  cnet_on(c, CNET_EV_ERROR, on_error, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  printf("listening on port %d\n", cnet_server_port(ev->emitter));
}

static void on_closed(cnet_server_t *srv, const cnet_error_t *err, void *ctx) {
  (void)srv, (void)err, (void)ctx;
  printf("closed with %zu keys\n", store_size);
}

static void on_sigterm(uv_signal_t *h, int signum) {
  (void)signum;
  cnet_server_close(h->data, on_closed, NULL);
  uv_close((uv_handle_t *)h, NULL);
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0); /* console.log writes each line at once */
  char *end = "";
  long port = argc > 1 ? strtol(argv[1], &end, 10) : 7070; /* atoi() would take "abc" for 0 */
  if (*end || end == argv[1] || port != (int)port) return fprintf(stderr, "not a port: %s\n", argv[1]), 1;
  cnet_server_t *server = cnet_create_server(NULL, NULL, on_connection, NULL);
  if (cnet_server_listen_port(server, (int)port, "127.0.0.1", on_listening, NULL) < 0)
    return fprintf(stderr, "%s\n", cnet_last_error()->message), 1;
  static uv_signal_t sigterm; /* process.on('SIGTERM') */
  uv_signal_init(uv_default_loop(), &sigterm);
  sigterm.data = server;
  uv_signal_start(&sigterm, on_sigterm, SIGTERM);
  uv_unref((uv_handle_t *)&sigterm); /* as Node's, it keeps no program alive */
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  while (store) del(store->key);
  return uv_loop_close(uv_default_loop()) == 0 ? 0 : 1;
}
