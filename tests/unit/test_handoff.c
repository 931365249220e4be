/* Handing connections and listening sockets on: a connected socket moved
 * to another loop's thread mid-stream with no byte lost or repeated; a
 * listening server's descriptor passed to a forked child over a Unix
 * socket (SCM_RIGHTS), where a server listens on it with has_fd; and the
 * refusals of detach and send_fd. Labelled `threads`: it also runs under
 * ThreadSanitizer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cnet.h"

#define TOTAL (4u << 20) /* bytes the client streams */
#define PERIOD 251

static char pattern_at(uint64_t i) { return (char)(i % PERIOD); }

/* ---- a connection moved between loops mid-stream ---- */

typedef struct {
  /* loop A: the main thread (server, client) */
  uv_loop_t a;
  cnet_server_t *srv;
  cnet_socket_t *client;
  uint64_t a_bytes;  /* what A's side of the connection read before the move */
  char reply[64];
  bool client_closed;
  /* loop B: its own thread */
  uv_loop_t b;
  uv_thread_t b_thread;
  cnet_timer_t *b_keep; /* B's cnet state, so that it takes posts */
  cnet_socket_t *moved;
  uint64_t b_bytes, b_bad;
  int fd; /* posted from A to B */
  int posted_ok;
} move_fixture;

static int bad_bytes(const char *bytes, size_t len, uint64_t offset) {
  int bad = 0;
  for (size_t i = 0; i < len; i++) bad += bytes[i] != pattern_at(offset + i);
  return bad;
}

static void never(void *ctx) { (void)ctx; }

static void b_on_data(const cnet_event_t *ev, void *ctx) {
  move_fixture *f = ctx;
  f->b_bad += (uint64_t)bad_bytes(ev->u.data.bytes, ev->u.data.len, f->a_bytes + f->b_bytes);
  f->b_bytes += ev->u.data.len;
}

/* B has all of it: it tells the client what the two sides read. */
static void b_on_end(const cnet_event_t *ev, void *ctx) {
  move_fixture *f = ctx;
  char msg[64];
  snprintf(msg, sizeof msg, "%llu+%llu bad %llu", (unsigned long long)f->a_bytes,
           (unsigned long long)f->b_bytes, (unsigned long long)f->b_bad);
  cnet_socket_end_string(ev->emitter, msg, NULL, NULL, NULL);
}

/* On B's thread: the connection goes on here, read from where A stopped
 * (f->a_bytes was written before the post). */
static void b_take(void *ctx) {
  move_fixture *f = ctx;
  cnet_socket_opts o = {.has_fd = true, .fd = f->fd};
  f->moved = cnet_socket_new(&f->b, &o);
  cnet_on(f->moved, CNET_EV_DATA, b_on_data, f);
  cnet_on(f->moved, CNET_EV_END, b_on_end, f);
  cnet_clear_interval(f->b_keep); /* the socket keeps B's loop now */
}

static void b_main(void *arg) {
  move_fixture *f = arg;
  uv_run(&f->b, UV_RUN_DEFAULT);
}

/* A's side: the first chunk is checked and counted, then the connection
 * leaves for B, from inside this `data` listener. */
static void a_on_data(const cnet_event_t *ev, void *ctx) {
  move_fixture *f = ctx;
  assert_int_equal(bad_bytes(ev->u.data.bytes, ev->u.data.len, 0), 0);
  f->a_bytes += ev->u.data.len;
  f->fd = cnet_socket_detach_fd(ev->emitter);
  assert_true(f->fd >= 0);
  assert_true(cnet_socket_destroyed(ev->emitter));
  f->posted_ok = cnet_post(&f->b, b_take, f) == 0;
  cnet_server_close(f->srv, NULL, NULL);
}

static void a_on_connection(const cnet_event_t *ev, void *ctx) {
  cnet_on(ev->u.connection, CNET_EV_DATA, a_on_data, ctx);
}

static void client_on_data(const cnet_event_t *ev, void *ctx) {
  move_fixture *f = ctx;
  strncat(f->reply, ev->u.data.bytes, ev->u.data.len < sizeof f->reply - strlen(f->reply) - 1
                                          ? ev->u.data.len
                                          : sizeof f->reply - strlen(f->reply) - 1);
}

static void client_on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  ((move_fixture *)ctx)->client_closed = true;
}

static void client_on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  static char chunk[65536];
  for (uint64_t off = 0; off < TOTAL; off += sizeof chunk) {
    for (size_t i = 0; i < sizeof chunk; i++) chunk[i] = pattern_at(off + i);
    cnet_socket_write(ev->emitter, chunk, sizeof chunk, NULL, NULL);
  }
  cnet_socket_end(ev->emitter, NULL, NULL);
}

static void on_listening_connect(const cnet_event_t *ev, void *ctx) {
  move_fixture *f = ctx;
  cnet_address_t addr;
  assert_int_equal(cnet_server_address(ev->emitter, &addr, NULL, NULL), 0);
  f->client = cnet_connect_port(&f->a, addr.port, "127.0.0.1", client_on_connect, f);
  cnet_on(f->client, CNET_EV_DATA, client_on_data, f);
  cnet_on(f->client, CNET_EV_CLOSE, client_on_close, f);
}

static void socket_moves_to_another_loop_mid_stream(void **state) {
  (void)state;
  static move_fixture f;
  memset(&f, 0, sizeof f);
  assert_int_equal(uv_loop_init(&f.a), 0);
  assert_int_equal(uv_loop_init(&f.b), 0);
  f.b_keep = cnet_set_interval(&f.b, 3600 * 1000, never, NULL); /* made before B's thread starts */
  assert_int_equal(uv_thread_create(&f.b_thread, b_main, &f), 0);
  f.srv = cnet_create_server(&f.a, NULL, a_on_connection, &f);
  cnet_server_listen_port(f.srv, 0, "127.0.0.1", on_listening_connect, &f);
  uv_run(&f.a, UV_RUN_DEFAULT); /* until the client has B's answer and closed */
  uv_thread_join(&f.b_thread);
  assert_true(f.posted_ok);
  assert_true(f.client_closed);
  char expect[64];
  snprintf(expect, sizeof expect, "%llu+%llu bad 0", (unsigned long long)f.a_bytes,
           (unsigned long long)(TOTAL - f.a_bytes));
  assert_string_equal(f.reply, expect);
  assert_true(f.a_bytes > 0 && f.a_bytes < TOTAL);
  assert_int_equal(uv_loop_close(&f.a), 0);
  assert_int_equal(uv_loop_close(&f.b), 0);
}

/* ---- a listening socket passed to a forked child ---- */

typedef struct {
  uv_loop_t loop;
  cnet_server_t *srv;
  cnet_socket_t *channel;
  int port;
  bool sent;
  char reply[64];
  bool client_closed, channel_closed;
} pass_fixture;

/* The child: a server on the descriptor that came over the channel; it
 * answers one connection with its pid, then closes. Plain exit codes: the
 * assertions are the parent's. */
static int child_status;

static void child_on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  char msg[32];
  snprintf(msg, sizeof msg, "child %d", (int)getpid());
  cnet_socket_end_string(ev->u.connection, msg, NULL, NULL, NULL);
  cnet_server_close(cnet_socket_server(ev->u.connection), NULL, NULL);
}

static void child_on_fd(const cnet_event_t *ev, void *ctx) {
  uv_loop_t *loop = ctx;
  cnet_server_t *srv = cnet_create_server(loop, NULL, child_on_connection, NULL);
  cnet_listen_opts lo = {.has_fd = true, .fd = ev->u.fd};
  child_status = cnet_server_listen(srv, &lo, NULL, NULL) == 0 ? 0 : 3;
  cnet_socket_end(ev->emitter, NULL, NULL); /* the channel is done */
}

static void child_on_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  if (ev->u.data.len != 1 || ev->u.data.bytes[0] != 'L') child_status = 4;
}

static int child_main(int channel_fd) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  child_status = 2; /* until the descriptor has come */
  cnet_socket_opts o = {.has_fd = true, .fd = channel_fd, .fd_passing = true};
  cnet_socket_t *ch = cnet_socket_new(&loop, &o);
  if (!ch) return 5;
  cnet_on(ch, CNET_EV_FD, child_on_fd, &loop);
  cnet_on(ch, CNET_EV_DATA, child_on_data, NULL);
  uv_run(&loop, UV_RUN_DEFAULT);
  return uv_loop_close(&loop) == 0 ? child_status : 6;
}

static void parent_client_data(const cnet_event_t *ev, void *ctx) {
  pass_fixture *f = ctx;
  size_t n = strlen(f->reply);
  if (n + ev->u.data.len < sizeof f->reply) memcpy(f->reply + n, ev->u.data.bytes, ev->u.data.len);
}

static void parent_client_close(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  ((pass_fixture *)ctx)->client_closed = true;
}

/* The copy is in the kernel's message: the parent's descriptor can go,
 * and a connection now is queued on the socket the child will accept on. */
static void on_sent(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  pass_fixture *f = ctx;
  (void)s;
  assert_null(err);
  f->sent = true;
  cnet_socket_t *c = cnet_connect_port(&f->loop, f->port, "127.0.0.1", NULL, NULL);
  cnet_on(c, CNET_EV_DATA, parent_client_data, f);
  cnet_on(c, CNET_EV_CLOSE, parent_client_close, f);
}

static void parent_on_listening(const cnet_event_t *ev, void *ctx) {
  pass_fixture *f = ctx;
  cnet_address_t a;
  assert_int_equal(cnet_server_address(ev->emitter, &a, NULL, NULL), 0);
  f->port = a.port;
  int fd = cnet_server_detach_fd(ev->emitter);
  assert_true(fd >= 0);
  assert_false(cnet_server_listening(ev->emitter));
  assert_int_equal(cnet_socket_send_fd(f->channel, fd, "L", 1, on_sent, f), 1); /* as write() */
  close(fd); /* cnet sent a copy of its own */
  cnet_socket_end(f->channel, NULL, NULL);
}

static void channel_on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  ((pass_fixture *)ctx)->channel_closed = true;
}

static void listening_socket_passes_to_a_child(void **state) {
  (void)state;
  int sv[2];
  assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
  fflush(NULL);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlives a failed parent */
    close(sv[0]);
    _exit(child_main(sv[1]));
  }
  close(sv[1]);
  static pass_fixture f;
  memset(&f, 0, sizeof f);
  assert_int_equal(uv_loop_init(&f.loop), 0);
  cnet_socket_opts o = {.has_fd = true, .fd = sv[0], .fd_passing = true};
  f.channel = cnet_socket_new(&f.loop, &o);
  assert_non_null(f.channel);
  cnet_on(f.channel, CNET_EV_CLOSE, channel_on_close, &f);
  cnet_socket_resume(f.channel);
  f.srv = cnet_create_server(&f.loop, NULL, NULL, NULL);
  cnet_server_listen_port(f.srv, 0, "127.0.0.1", parent_on_listening, &f);
  uv_run(&f.loop, UV_RUN_DEFAULT);
  int status;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  assert_true(WIFEXITED(status));
  assert_int_equal(WEXITSTATUS(status), 0);
  assert_true(f.sent);
  assert_true(f.client_closed);
  assert_true(f.channel_closed);
  char expect[32];
  snprintf(expect, sizeof expect, "child %d", (int)pid);
  assert_string_equal(f.reply, expect); /* the child accepted it */
  assert_int_equal(uv_loop_close(&f.loop), 0);
}

/* ---- what detach and send_fd refuse ---- */

static void write_done(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  (void)err;
  int *fd = ctx;
  *fd = cnet_socket_detach_fd(s); /* flushed: now it may go */
}

static void detached(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  (*(int *)ctx)++;
}

static void refusals(void **state) {
  (void)state;
  uv_loop_t loop;
  assert_int_equal(uv_loop_init(&loop), 0);
  int sv[2];
  assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);

  cnet_socket_t *fresh = cnet_socket_new(&loop, NULL);
  assert_int_equal(cnet_socket_detach_fd(fresh), CNET_ERR_SOCKET_CLOSED);
  cnet_socket_destroy(fresh, NULL);
  cnet_server_t *srv = cnet_create_server(&loop, NULL, NULL, NULL);
  assert_int_equal(cnet_server_detach_fd(srv), CNET_ERR_SERVER_NOT_RUNNING);
  cnet_server_close(srv, NULL, NULL);

  /* not made with fd_passing */
  cnet_socket_opts o = {.has_fd = true, .fd = sv[0]};
  cnet_socket_t *s = cnet_socket_new(&loop, &o);
  assert_int_equal(cnet_socket_send_fd(s, sv[1], "x", 1, NULL, NULL), CNET_ERR_INVALID_ARG_VALUE);

  /* a paused socket's unread bytes hold the connection: refused */
  int closes = 0, fd = -2;
  cnet_on(s, CNET_EV_CLOSE, detached, &closes);
  cnet_socket_pause(s);
  assert_int_equal(write(sv[1], "unread", 6), 6);
  for (int i = 0; i < 100 && cnet_socket_bytes_read(s) < 6; i++) uv_run(&loop, UV_RUN_ONCE);
  assert_int_equal(cnet_socket_detach_fd(s), UV_EBUSY);
  assert_non_null(strstr(cnet_last_error()->message, "not yet consumed"));
  cnet_socket_resume(s); /* flows: with no `data` listener the bytes are dropped */
  /* more than the kernel takes at once: refused while it is queued, then
   * allowed from the write's callback */
  static char big[4 << 20];
  cnet_socket_write(s, big, sizeof big, write_done, &fd);
  assert_int_equal(cnet_socket_detach_fd(s), UV_EBUSY);
  assert_non_null(strstr(cnet_last_error()->message, "writes are pending"));
  assert_int_equal(fcntl(sv[1], F_SETFL, O_NONBLOCK), 0);
  size_t drained = 0;
  static char sink[65536];
  while (closes == 0) {
    uv_run(&loop, UV_RUN_NOWAIT);
    ssize_t n = read(sv[1], sink, sizeof sink);
    if (n > 0) drained += (size_t)n;
  }
  assert_true(fd >= 0);
  while (drained < sizeof big) {
    ssize_t n = read(sv[1], sink, sizeof sink);
    assert_true(n > 0);
    drained += (size_t)n;
  }
  /* the connection outlived the socket */
  assert_int_equal(write(fd, "still", 5), 5);
  char buf[8] = "";
  assert_int_equal(read(sv[1], buf, sizeof buf), 5);
  close(fd);

  /* fd_passing: data is required, and the descriptor must be a socket */
  int sv2[2];
  assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv2), 0);
  cnet_socket_opts p = {.has_fd = true, .fd = sv2[0], .fd_passing = true};
  cnet_socket_t *ch = cnet_socket_new(&loop, &p);
  assert_int_equal(cnet_socket_send_fd(ch, sv[1], "", 0, NULL, NULL), CNET_ERR_INVALID_ARG_VALUE);
  int file = open("/dev/null", O_RDONLY | O_CLOEXEC);
  assert_int_equal(cnet_socket_send_fd(ch, file, "x", 1, NULL, NULL), CNET_ERR_INVALID_HANDLE_TYPE);
  assert_string_equal(cnet_last_error()->message, "This handle type cannot be sent");
  close(file);
  cnet_socket_destroy(ch, NULL);
  uv_run(&loop, UV_RUN_DEFAULT);
  close(sv[1]);
  close(sv2[1]);
  assert_int_equal(uv_loop_close(&loop), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(socket_moves_to_another_loop_mid_stream),
    cmocka_unit_test(listening_socket_passes_to_a_child),
    cmocka_unit_test(refusals),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
