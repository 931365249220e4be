/* libFuzzer target: each input is a program of public socket and server
 * calls over loopback, run on the default loop.
 *
 * Objects: a TCP server on 127.0.0.1 port 0, a Unix server on a path in a
 * directory made once, up to NCLIENT client sockets and the sockets the
 * servers accept. Each op byte picks an operation and its next bytes the
 * target and arguments. An ARM op stores another op to run inside an event
 * listener of a socket (data, end, connect, close, error, drain, finish,
 * timeout), a write's callback, or a server's listener (close, listening):
 * where lifetime bugs hide.
 *
 * The harness retains every socket and server it keeps a pointer to, so a
 * pointer it holds is always valid (docs/lifetime.md); it lets go of them
 * at the end of the input. Then the loop must run empty within 2 s of loop
 * time and uv_loop_close() must succeed: anything else aborts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cnet.h"

#define NCLIENT 4
#define NACCEPT 16
#define NSLOT (NCLIENT + NACCEPT)
#define NLOOKUP 16
#define MAXOPS 64
#define ARMLEN 5

enum { EV_DATA, EV_END, EV_CONNECT, EV_CLOSE, EV_ERROR, EV_DRAIN, EV_FINISH, EV_TIMEOUT, NEV,
       EV_WRITE_CB = NEV, NARM }; /* and the callback of a write or end */
static const cnet_event_type ev_types[NEV] = {
  CNET_EV_DATA, CNET_EV_END, CNET_EV_CONNECT, CNET_EV_CLOSE,
  CNET_EV_ERROR, CNET_EV_DRAIN, CNET_EV_FINISH, CNET_EV_TIMEOUT,
};

typedef struct {
  cnet_socket_t *s;  /* retained by the harness while set */
  int extra;         /* references taken by OP_RETAIN, given back later */
  uint8_t armed[NARM][ARMLEN + 1]; /* [0] = length, 0 when not armed */
} slot_t;

static slot_t slots[NSLOT]; /* clients first, then accepted sockets */
static cnet_server_t *servers[2];
static uint8_t server_armed[2][2][ARMLEN + 1]; /* [server][close, listening] */
static int last_port = 1;
static char sock_dir[] = "/tmp/cnet-fuzz-ops-XXXXXX";
static char sock_path[64];
static cnet_lookup_req_t *lookups[NLOOKUP];
static size_t nlookups;
static bool down; /* tearing down: listeners only watch */
static uv_timer_t guard;
static const char nocopy_buf[64] = "static buffer lent to write_nocopy, never changed";
static const char *const encodings[] = {
  NULL, "utf8", "hex", "base64", "latin1", "utf16le", "ascii", "base64url", "bogus",
};
#define NENC (sizeof encodings / sizeof encodings[0])

typedef struct {
  const uint8_t *p, *end;
} prog_t;

static uint8_t next(prog_t *pr) { return pr->p < pr->end ? *pr->p++ : 0; }

static void exec_op(prog_t *pr, int depth);
static void run_armed(uint8_t *armed);

/* ---- listeners ---- */

static void on_event(const cnet_event_t *ev, void *ctx) {
  slot_t *sl = ctx;
  if (down || !sl || sl->s != ev->emitter) return;
  for (int e = 0; e < NEV; e++) {
    if (ev_types[e] == ev->type && sl->armed[e][0]) run_armed(sl->armed[e]);
  }
}

static void watch(cnet_socket_t *s, slot_t *sl) {
  for (int e = 0; e < NEV; e++) cnet_on(s, ev_types[e], on_event, sl);
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *s = ev->u.connection;
  if (down) {
    cnet_on(s, CNET_EV_ERROR, on_event, NULL);
    cnet_socket_destroy(s, NULL);
    return;
  }
  for (int i = NCLIENT; i < NSLOT; i++) {
    if (slots[i].s) continue;
    slots[i].s = cnet_socket_retain(s);
    memset(slots[i].armed, 0, sizeof slots[i].armed);
    watch(s, &slots[i]);
    return;
  }
  cnet_on(s, CNET_EV_ERROR, on_event, NULL);
  cnet_socket_destroy(s, NULL);
}

static void run_armed(uint8_t *armed) {
  uint8_t code[ARMLEN];
  size_t n = armed[0];
  memcpy(code, armed + 1, n);
  armed[0] = 0;
  prog_t pr = { code, code + n };
  exec_op(&pr, 1);
}

/* ctx is the server's index + 1, 0 for the error listener. */
static void on_server_event(const cnet_event_t *ev, void *ctx) {
  uintptr_t i = (uintptr_t)ctx;
  if (down || !i) return;
  uint8_t *armed = server_armed[i - 1][ev->type == CNET_EV_LISTENING];
  if (armed[0]) run_armed(armed);
}
static void on_write(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  slot_t *sl = ctx;
  (void)err;
  if (!down && sl->s == s && sl->armed[EV_WRITE_CB][0]) run_armed(sl->armed[EV_WRITE_CB]);
}
static void on_server_closed(cnet_server_t *srv, const cnet_error_t *err, void *ctx) {
  (void)srv; (void)err; (void)ctx;
}
static void on_count(cnet_server_t *srv, const cnet_error_t *err, size_t n, void *ctx) {
  (void)srv; (void)err; (void)n; (void)ctx;
}
static void on_uncaught(const cnet_error_t *err, void *emitter, void *ctx) {
  (void)err; (void)emitter; (void)ctx;
}

/* ---- lookup: answers now, or later from OP_ANSWER or the teardown ---- */

static void answer(cnet_lookup_req_t *req, bool fail) {
  cnet_error_t e = { .name = "Error", .code = "ENOTFOUND", .errnum = UV_EAI_NONAME,
                     .syscall = "getaddrinfo", .port = -1,
                     .message = "getaddrinfo ENOTFOUND localhost" };
  cnet_lookup_address a = { "127.0.0.1", 4 };
  cnet_lookup_done(req, fail ? &e : NULL, fail ? NULL : &a, fail ? 0 : 1);
}

static void answer_all(bool fail) {
  while (nlookups) answer(lookups[--nlookups], fail);
}

static void lookup(const char *host, const cnet_lookup_opts *o, cnet_lookup_req_t *req,
                   void *ctx) {
  (void)host; (void)o;
  if (ctx || nlookups == NLOOKUP) answer(req, false);
  else lookups[nlookups++] = req;
}

/* ---- servers ---- */

static void listen_server(int i) {
  if (i == 0) cnet_server_listen_port(servers[0], 0, "127.0.0.1", NULL, NULL);
  else cnet_server_listen_path(servers[1], sock_path, NULL, NULL);
}

static int server_port(void) {
  cnet_address_t a;
  if (cnet_server_address(servers[0], &a, NULL, NULL) == 0 && a.port > 0) last_port = a.port;
  return last_port;
}

/* ---- ops ---- */

enum {
  OP_NEW, OP_CONNECT, OP_WRITE, OP_WRITE_STRING, OP_WRITE_NOCOPY, OP_END, OP_END_DATA,
  OP_DESTROY, OP_DESTROY_SOON, OP_RESET, OP_PAUSE, OP_RESUME, OP_SET_ENCODING,
  OP_SET_TIMEOUT, OP_NO_DELAY, OP_KEEP_ALIVE, OP_REF, OP_RETAIN, OP_SERVER_CLOSE,
  OP_SERVER_LISTEN, OP_MAX_CONN, OP_GET_CONN, OP_SERVER_REF, OP_ANSWER, OP_DROP,
  OP_RUN, OP_ARM, OP_ARM_SERVER, OP__COUNT
};

static void release_slot(slot_t *sl) {
  cnet_socket_t *s = sl->s;
  sl->s = NULL;
  while (sl->extra) sl->extra--, cnet_socket_release(s);
  cnet_socket_release(s);
}

static void do_connect(slot_t *sl, uint8_t mode) {
  cnet_connect_opts o = { 0 };
  switch (mode % 4) {
  case 0: o.port = server_port(); o.host = "127.0.0.1"; break;
  case 1: o.path = sock_path; break;
  default:
    o.port = server_port(); o.host = "localhost";
    o.lookup = lookup; o.lookup_ctx = mode % 4 == 2 ? (void *)1 : NULL;
    break;
  }
  if (sl->s) {
    cnet_socket_connect(sl->s, &o, NULL, NULL);
    return;
  }
  o.timeout = mode & 4 ? 1 + (mode >> 3) % 8 : 0;
  cnet_socket_t *s = cnet_create_connection(NULL, &o, NULL, NULL);
  if (!s) return;
  sl->s = cnet_socket_retain(s);
  watch(s, sl);
}

static void on_guard(uv_timer_t *t) { (void)t; }

/* One loop turn: NOWAIT, or ONCE bounded by the guard timer. */
static void run_step(uint8_t how) {
  if (how & 1) {
    uv_run(uv_default_loop(), UV_RUN_NOWAIT);
    return;
  }
  /* Repeating: a one-shot guard may expire in the turn's first timer run,
   * before the poll, which would then block with nothing to wake it. */
  uv_timer_start(&guard, on_guard, 1 + how % 4, 1);
  uv_run(uv_default_loop(), UV_RUN_ONCE);
  uv_timer_stop(&guard);
}

static void exec_op(prog_t *pr, int depth) {
  uint8_t op = next(pr) % OP__COUNT, t = next(pr), a = next(pr);
  slot_t *sl = &slots[t % NSLOT];
  cnet_socket_t *s = sl->s;
  cnet_server_t *srv = servers[t & 1];
  switch (op) {
  case OP_NEW:
    sl = &slots[t % NCLIENT];
    if (sl->s) break;
    cnet_socket_opts so = { .allow_half_open = a & 1, .high_water_mark = a >> 1 };
    if (!(s = cnet_socket_new(NULL, &so))) break;
    sl->s = cnet_socket_retain(s);
    memset(sl->armed, 0, sizeof sl->armed);
    watch(sl->s, sl);
    break;
  case OP_CONNECT:
    sl = &slots[t % NCLIENT];
    if (!sl->s) memset(sl->armed, 0, sizeof sl->armed);
    do_connect(sl, a);
    break;
  case OP_WRITE:
  case OP_END_DATA: {
    size_t n = a % 48;
    char buf[48];
    for (size_t i = 0; i < n; i++) buf[i] = (char)next(pr);
    if (!s) break;
    if (op == OP_WRITE) cnet_socket_write(s, buf, n, a & 64 ? on_write : NULL, sl);
    else cnet_socket_end_data(s, buf, n, a & 64 ? on_write : NULL, sl);
    break;
  }
  case OP_WRITE_STRING: {
    char text[24];
    size_t n = next(pr) % sizeof text;
    for (size_t i = 0; i < n; i++) text[i] = (char)(next(pr) % 95 + 32);
    text[n] = '\0';
    if (s) cnet_socket_write_string(s, text, encodings[a % NENC], on_write, sl);
    break;
  }
  case OP_WRITE_NOCOPY:
    if (s) cnet_socket_write_nocopy(s, nocopy_buf, 1 + a % sizeof nocopy_buf, on_write, sl);
    break;
  case OP_END:
    if (s) cnet_socket_end(s, a & 1 ? on_write : NULL, sl);
    break;
  case OP_DESTROY: {
    cnet_error_t e = { .name = "Error", .code = "EBOOM", .port = -1, .message = "boom" };
    if (s) cnet_socket_destroy(s, a & 1 ? &e : NULL);
    break;
  }
  case OP_DESTROY_SOON: if (s) cnet_socket_destroy_soon(s); break;
  case OP_RESET: if (s) cnet_socket_reset_and_destroy(s); break;
  case OP_PAUSE: if (s) cnet_socket_pause(s); break;
  case OP_RESUME: if (s) cnet_socket_resume(s); break;
  case OP_SET_ENCODING: if (s) cnet_socket_set_encoding(s, encodings[a % NENC]); break;
  case OP_SET_TIMEOUT:
    if (s) cnet_socket_set_timeout(s, a % 6, a & 8 ? on_event : NULL, NULL);
    break;
  case OP_NO_DELAY: if (s) cnet_socket_set_no_delay(s, a & 1); break;
  case OP_KEEP_ALIVE: if (s) cnet_socket_set_keep_alive(s, a & 1, a >> 1); break;
  case OP_REF:
    if (s && (a & 1)) cnet_socket_ref(s);
    else if (s) cnet_socket_unref(s);
    break;
  case OP_RETAIN:
    if (!s) break;
    if (sl->extra < 3 && (a & 1)) sl->extra++, cnet_socket_retain(s);
    else if (sl->extra) sl->extra--, cnet_socket_release(s);
    break;
  case OP_SERVER_CLOSE: cnet_server_close(srv, a & 1 ? on_server_closed : NULL, NULL); break;
  case OP_SERVER_LISTEN: listen_server(t & 1); break;
  case OP_MAX_CONN:
    cnet_server_set_max_connections(srv, (int64_t)(a % 4) - 1);
    cnet_server_set_drop_max_connection(srv, a & 4);
    break;
  case OP_GET_CONN: cnet_server_get_connections(srv, on_count, NULL); break;
  case OP_SERVER_REF:
    if (a & 1) cnet_server_ref(srv);
    else cnet_server_unref(srv);
    break;
  case OP_ANSWER: answer_all(a & 1); break;
  case OP_DROP:
    if (s) {
      cnet_socket_destroy(s, NULL);
      release_slot(sl);
    }
    break;
  case OP_RUN:
    if (depth == 0) run_step(a);
    break;
  case OP_ARM: {
    uint8_t n = 0, code[ARMLEN];
    while (n < ARMLEN && pr->p < pr->end) code[n++] = next(pr);
    if (!s || depth) break;
    sl->armed[a % NARM][0] = n;
    memcpy(sl->armed[a % NARM] + 1, code, n);
    break;
  }
  case OP_ARM_SERVER: {
    uint8_t *armed = server_armed[t & 1][a & 1];
    armed[0] = 0;
    while (armed[0] < ARMLEN && pr->p < pr->end) armed[1 + armed[0]++] = next(pr);
    if (depth) armed[0] = 0;
    break;
  }
  }
}

/* ---- one input ---- */

static void watchdog(uv_timer_t *t) {
  (void)t;
  fprintf(stderr, "fuzz_socket_ops: the loop did not end within 2 s after teardown\n");
  abort();
}

static void setup(void) {
  uv_loop_t *loop = uv_default_loop();
  cnet_set_uncaught_error_handler(loop, on_uncaught, NULL);
  uv_timer_init(loop, &guard);
  down = false;
  memset(server_armed, 0, sizeof server_armed);
  unlink(sock_path); /* a crashed run may have left it */
  for (int i = 0; i < 2; i++) {
    servers[i] = cnet_server_retain(cnet_create_server(NULL, NULL, on_connection, NULL));
    cnet_on(servers[i], CNET_EV_ERROR, on_server_event, NULL);
    cnet_on(servers[i], CNET_EV_CLOSE, on_server_event, (void *)(uintptr_t)(i + 1));
    cnet_on(servers[i], CNET_EV_LISTENING, on_server_event, (void *)(uintptr_t)(i + 1));
    listen_server(i);
  }
  for (int i = 0; i < 4 && !cnet_server_listening(servers[0]); i++) run_step(0);
}

static void teardown(void) {
  uv_loop_t *loop = uv_default_loop();
  down = true;
  answer_all(false);
  for (int i = 0; i < NSLOT; i++) {
    if (!slots[i].s) continue;
    cnet_socket_destroy(slots[i].s, NULL);
    release_slot(&slots[i]);
  }
  for (int i = 0; i < 2; i++) {
    cnet_server_close(servers[i], NULL, NULL);
    cnet_server_release(servers[i]);
  }
  uv_close((uv_handle_t *)&guard, NULL);
  uv_timer_t dog;
  uv_timer_init(loop, &dog);
  uv_timer_start(&dog, watchdog, 2000, 0);
  uv_unref((uv_handle_t *)&dog);
  uv_run(loop, UV_RUN_DEFAULT);
  uv_close((uv_handle_t *)&dog, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  if (uv_loop_close(loop) != 0) {
    fprintf(stderr, "fuzz_socket_ops: uv_loop_close() failed: handles left on the loop\n");
    uv_print_all_handles(loop, stderr);
    abort();
  }
}

static void cleanup(void) {
  unlink(sock_path);
  rmdir(sock_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc; (void)argv;
  if (!mkdtemp(sock_dir)) abort();
  snprintf(sock_path, sizeof sock_path, "%s/s.sock", sock_dir);
  atexit(cleanup);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  prog_t pr = { data, data + size };
  setup();
  for (int n = 0; n < MAXOPS && pr.p < pr.end; n++) exec_op(&pr, 0);
  teardown();
  return 0;
}
