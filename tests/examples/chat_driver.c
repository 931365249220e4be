/* usage: chat_driver SERVER-COMMAND...
 * Runs examples/chat_server (SERVER-COMMAND, given PORT HOST IDLE_MS) twice
 * and talks to it with cnet clients, printing a transcript that
 * tests/examples/chat_server.out holds. Every step waits for what the step
 * before causes: a line a client receives, a line the server prints (its
 * stdout is a pipe read here), a close, the server's exit.
 *
 * Run 1: alice and bob chat; carol joins with a small receive buffer and
 * stops reading while alice floods the room, paced by bob's reading, until
 * the server says carol is behind (bob keeps up all along); carol reads
 * again, the server says she caught up, and she gets every line; she stops
 * again until the server drops her; bob leaves; SIGTERM ends alice and the
 * server. Run 2: dave joins and says nothing until the idle timeout. */
#include <cnet.h>
#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define FLOOD_LINE 1000      /* x's in a flooding line */
#define FLOOD_ROUND 32       /* lines a round: bob, who reads, never falls behind */
#define FLOOD_LIMIT (64 << 20) /* bytes: the server never said carol was behind */
#define QUEUED 64

typedef struct {
  char *lines[QUEUED];
  size_t head, count;
} line_queue;

typedef struct peer {
  const char *name;
  cnet_socket_t *socket;
  char partial[2048];
  size_t partial_len;
  line_queue got;       /* lines received, but the flood's */
  uint64_t flood_bytes; /* the flood's lines received, as the server sends them */
  bool closed;
} peer;

static peer alice = {.name = "alice"}, bob = {.name = "bob"}, carol = {.name = "carol"},
            dave = {.name = "dave"};
static char **server_argv;
static int server_argc;
static uv_process_t servers[2], *server; /* one for each run */
static uv_pipe_t server_outs[2], *server_out; /* one for each run */
static int runs;
static char server_partial[512];
static size_t server_partial_len;
static line_queue server_lines;
static bool server_exited;
static int64_t server_status;
static int port;
static uint64_t flood_sent; /* bytes of flood the server sends each client */
static int step;
static void advance(void);

static void fail(const char *what, const char *detail) {
  printf("FAIL at step %d: %s%s%s\n", step, what, detail ? ": " : "", detail ? detail : "");
  fflush(stdout);
  if (!server_exited) uv_process_kill(server, SIGKILL);
  exit(1);
}

static void push(line_queue *q, const char *line, size_t len) {
  if (q->count == QUEUED) fail("too many lines not waited for", line);
  q->lines[(q->head + q->count++) % QUEUED] = strndup(line, len);
}

static char *pop(line_queue *q) {
  if (!q->count) return NULL;
  char *line = q->lines[q->head];
  q->head = (q->head + 1) % QUEUED;
  q->count--;
  return line;
}

/* The server's line with every number written N: ports and sizes vary. */
static void print_server_line(const char *line) {
  fputs("server: ", stdout);
  for (const char *p = line; *p; p++) {
    if (!isdigit((unsigned char)*p)) putchar(*p);
    else if (p == line || !isdigit((unsigned char)p[-1])) putchar('N');
  }
  putchar('\n');
}

/* Waits: each returns true (and prints) once what it waits for is there. */
static bool server_says(const char *prefix) {
  char *line = pop(&server_lines);
  if (!line) return false;
  if (strncmp(line, prefix, strlen(prefix)) != 0) fail("the server printed another line", line);
  if (strncmp(line, "listening on port ", 18) == 0) port = atoi(line + 18);
  print_server_line(line);
  free(line);
  return true;
}

static bool got(peer *p, const char *expected) {
  char *line = pop(&p->got);
  if (!line) return false;
  if (strcmp(line, expected) != 0) fail(p->name, line);
  printf("%s got: %s\n", p->name, line);
  free(line);
  return true;
}

static bool closed(peer *p) {
  if (p->closed) printf("%s: closed\n", p->name);
  return p->closed;
}

static void on_peer_data(const cnet_event_t *ev, void *ctx) {
  peer *p = ctx;
  for (size_t i = 0; i < ev->u.data.len; i++) {
    char c = ev->u.data.bytes[i];
    if (p->partial_len == sizeof p->partial) fail(p->name, "a line too long");
    p->partial[p->partial_len++] = c;
    if (c != '\n') continue;
    if (strncmp(p->partial, "alice: xxx", 10) == 0) {
      p->flood_bytes += p->partial_len;
    } else {
      push(&p->got, p->partial, p->partial_len - 1);
    }
    p->partial_len = 0;
  }
  advance();
}

static void on_peer_close(const cnet_event_t *ev, void *ctx) {
  peer *p = ctx;
  if (ev->u.close.had_error) fail(p->name, "closed with an error");
  p->closed = true;
  p->socket = NULL;
  advance();
}

static void on_peer_error(const cnet_event_t *ev, void *ctx) {
  fail(((peer *)ctx)->name, ev->u.error->message);
}

/* Connects p; a small receive buffer (carol's) keeps the kernel from
 * taking megabytes on the server's behalf while she does not read. */
static void join(peer *p, int rcvbuf) {
  cnet_connect_opts o = {.port = port, .host = "127.0.0.1"};
  if (rcvbuf) {
    o.has_fd = true;
    o.fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (o.fd < 0 || setsockopt(o.fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf) < 0)
      fail(p->name, "socket");
  }
  memset(&p->got, 0, sizeof p->got);
  p->partial_len = 0;
  p->flood_bytes = 0;
  p->closed = false;
  p->socket = cnet_connect(NULL, &o, NULL, NULL);
  if (!p->socket) fail(p->name, cnet_last_error()->message);
  cnet_on(p->socket, CNET_EV_DATA, on_peer_data, p);
  cnet_on(p->socket, CNET_EV_CLOSE, on_peer_close, p);
  cnet_on(p->socket, CNET_EV_ERROR, on_peer_error, p);
}

static void say(peer *p, const char *line) {
  cnet_socket_write_string(p->socket, line, NULL, NULL, NULL);
  cnet_socket_write_string(p->socket, "\n", NULL, NULL, NULL);
}

static void flood_round(void) {
  char line[FLOOD_LINE + 2];
  memset(line, 'x', FLOOD_LINE);
  line[FLOOD_LINE] = '\n';
  line[FLOOD_LINE + 1] = '\0';
  for (int i = 0; i < FLOOD_ROUND; i++) cnet_socket_write_string(alice.socket, line, NULL, NULL, NULL);
  flood_sent += FLOOD_ROUND * (strlen("alice: ") + FLOOD_LINE + 1);
  if (flood_sent > FLOOD_LIMIT) fail("the server never said carol was behind", NULL);
}

/* The flood goes on, a round once bob has all of the last, until the
 * server prints a line starting with `until`. */
static bool flooded_until(const char *until) {
  if (bob.flood_bytes < flood_sent) return false;
  if (server_lines.count) return server_says(until);
  flood_round();
  return false;
}

static void read_server(void);
static void on_server_exit(uv_process_t *proc, int64_t status, int signal);

static void spawn_server(const char *idle_ms) {
  server_argv[server_argc] = "0";
  server_argv[server_argc + 1] = "127.0.0.1";
  server_argv[server_argc + 2] = (char *)idle_ms;
  server_argv[server_argc + 3] = NULL;
  server_out = &server_outs[runs++];
  uv_pipe_init(uv_default_loop(), server_out, 0);
  uv_stdio_container_t stdio[3] = {
      {.flags = UV_IGNORE},
      {.flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE, .data.stream = (uv_stream_t *)server_out},
      {.flags = UV_INHERIT_FD, .data.fd = 2}};
  uv_process_options_t o = {.exit_cb = on_server_exit, .file = server_argv[0], .args = server_argv,
                            .stdio_count = 3, .stdio = stdio};
  server_exited = false;
  server = &servers[runs - 1];
  int rc = uv_spawn(uv_default_loop(), server, &o);
  if (rc < 0) fail("spawn", uv_strerror(rc));
  read_server();
}

static bool server_gone(void) {
  if (!server_exited) return false;
  printf("server exited with status %d\n", (int)server_status);
  return true;
}

/* The steps, in order: each is a wait (true once what it waits for is
 * there) or an action (true). */
static bool run(int n) {
  switch (n) {
    case 0: spawn_server("60000"); return true;
    case 1: return server_says("listening on port ");
    case 2: join(&alice, 0); return true;
    case 3: return got(&alice, "* welcome; your name?");
    case 4: say(&alice, "alice"); return true;
    case 5: return server_says("alice joined");
    case 6: return got(&alice, "* alice joined");
    case 7: join(&bob, 0); return true;
    case 8: return got(&bob, "* welcome; your name?");
    case 9: say(&bob, "bob"); return true;
    case 10: return server_says("bob joined");
    case 11: return got(&alice, "* bob joined");
    case 12: return got(&bob, "* bob joined");
    case 13: say(&alice, "hello, bob"); return true;
    case 14: return got(&bob, "alice: hello, bob");
    case 15: say(&bob, "hello, alice"); return true;
    case 16: return got(&alice, "bob: hello, alice");
    case 17: join(&carol, 4096); return true;
    case 18: return got(&carol, "* welcome; your name?");
    case 19: say(&carol, "carol"); return true;
    case 20: return server_says("carol joined");
    case 21: return got(&alice, "* carol joined");
    case 22: return got(&bob, "* carol joined");
    case 23: return got(&carol, "* carol joined");
    case 24:
      printf("carol stops reading; alice floods the room\n");
      cnet_socket_pause(carol.socket);
      flood_round();
      return true;
    case 25: return flooded_until("carol: behind, ");
    case 26:
      /* bob never fell behind: the server would have said so, and any
       * line not waited for fails the run */
      printf("carol reads again\n");
      cnet_socket_resume(carol.socket);
      return true;
    case 27: return server_says("carol: caught up");
    case 28:
      if (carol.flood_bytes < flood_sent) return false;
      printf("carol got every line\n");
      printf("carol stops reading again; alice floods on\n");
      cnet_socket_pause(carol.socket);
      flood_round();
      return true;
    case 29: return flooded_until("carol: behind, ");
    case 30: return flooded_until("carol: dropped, too far behind");
    case 31: return server_says("carol left");
    case 32: return got(&alice, "* carol left");
    case 33: return got(&bob, "* carol left");
    case 34: cnet_socket_resume(carol.socket); return true; /* reads on, up to the end */
    case 35: return closed(&carol);
    case 36: printf("bob leaves\n"); cnet_socket_end(bob.socket, NULL, NULL); return true;
    case 37: return server_says("bob left");
    case 38: return closed(&bob);
    case 39: return got(&alice, "* bob left");
    case 40: uv_process_kill(server, SIGTERM); return true;
    case 41: return server_says("signal ");
    case 42: return got(&alice, "* shutting down");
    case 43: return closed(&alice);
    case 44: return server_says("alice left");
    case 45: return server_gone();
    /* run 2: a newcomer that never says its name meets the idle timeout */
    case 46: spawn_server("100"); return true;
    case 47: return server_says("listening on port ");
    case 48: join(&dave, 0); return true;
    case 49: return got(&dave, "* welcome; your name?");
    case 50: return server_says("a newcomer: idle, ended");
    case 51: return got(&dave, "* idle for too long, bye");
    case 52: return closed(&dave);
    case 53: uv_process_kill(server, SIGTERM); return true;
    case 54: return server_says("signal ");
    case 55: return server_gone();
    default: return false;
  }
}

static void advance(void) {
  static bool busy;
  if (busy) return; /* a step's action caused an event: the loop below goes on */
  busy = true;
  while (run(step)) step++;
  busy = false;
}

static void on_server_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf) {
  if (n < 0) uv_close((uv_handle_t *)s, NULL);
  for (ssize_t i = 0; i < n; i++) {
    if (server_partial_len == sizeof server_partial) fail("server", "a line too long");
    if (buf->base[i] != '\n') {
      server_partial[server_partial_len++] = buf->base[i];
      continue;
    }
    push(&server_lines, server_partial, server_partial_len);
    server_partial_len = 0;
  }
  free(buf->base);
  advance();
}

static void alloc_cb(uv_handle_t *h, size_t size, uv_buf_t *buf) {
  (void)h;
  buf->base = malloc(size);
  buf->len = size;
}

static void read_server(void) {
  uv_read_start((uv_stream_t *)server_out, alloc_cb, on_server_read);
}

static void on_server_exit(uv_process_t *proc, int64_t status, int signal) {
  server_status = signal ? 128 + signal : status;
  uv_close((uv_handle_t *)proc, NULL);
  server_exited = true;
  advance();
}

/* A driver that crashes or is stopped leaves no server behind. */
static void on_fatal_signal(int sig) {
  if (server && !server_exited) kill(server->pid, SIGKILL);
  signal(sig, SIG_DFL);
  raise(sig);
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  int fatal[] = {SIGABRT, SIGSEGV, SIGBUS, SIGTERM, SIGINT};
  for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) signal(fatal[i], on_fatal_signal);
  if (argc < 2) return fprintf(stderr, "usage: chat_driver SERVER-COMMAND...\n"), 2;
  server_argc = argc - 1;
  server_argv = calloc((size_t)argc + 3, sizeof *server_argv);
  memcpy(server_argv, argv + 1, (size_t)server_argc * sizeof *server_argv);
  advance();
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  free(server_argv);
  if (step != 56) fail("the run ended early", NULL);
  if (server_lines.count) fail("the server printed more", pop(&server_lines));
  printf("done\n");
  return uv_loop_close(uv_default_loop()) == 0 ? 0 : 1;
}
