/* One end of a soak connection: it writes bytes from a seeded generator in
 * chunks of random sizes (1 byte to 64 KiB), with random pauses and lulls,
 * waits for `drain` when write() says so, pauses its reading now and then,
 * keeps an idle timeout, and half-closes at its own time, so that either
 * side may end first and go on reading, or writing, alone. It counts and
 * checksums what it writes and what it reads.
 *
 * The endpoint lives as long as its socket (it is the socket's data); a
 * timer of its own holds a reference on the socket until it has run. */
#include <stdlib.h>
#include <string.h>

#include "soak.h"

#define MAX_CHUNK 65536
#define SLEEPY_TIMEOUT_MS 300

struct endpoint {
  cnet_socket_t *s;
  soak_record_t rec;
  uint64_t gen;      /* the payload generator's state */
  uint64_t dice;     /* the decisions' */
  uint64_t stop_at;  /* ms: half-close from then on; 0: not streaming yet */
  bool is_client, waiting_drain, id_known;
  /* sleepy: silent until its own idle timeout has fired (and, the server's
   * end, until the client has said more than its id) */
  bool sleeping, timed_out, peer_spoke;
  uint8_t idbuf[8];
  unsigned idlen;
  endpoint_closed_fn closed;
  void *ctx;
};

static char chunk[MAX_CHUNK];

uint64_t soak_now_ms(void) { return uv_hrtime() / 1000000u; }

bool soak_sleepy(uint64_t id) { return soak_cfg.sleepy_every && id % (uint64_t)soak_cfg.sleepy_every == 1; }

static uint64_t splitmix(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

static uint32_t roll(endpoint_t *e, uint32_t n) { return (uint32_t)(splitmix(&e->dice) % n); }

#define FNV_PRIME 0x100000001b3u

void soak_sum_init(soak_sum_t *c) { *c = (soak_sum_t){.h = 0xcbf29ce484222325u}; }

void soak_sum_add(soak_sum_t *c, const char *p, size_t n) {
  while (n && c->nword) { /* finish the word under way */
    c->word |= (uint64_t)(uint8_t)*p++ << (8 * c->nword);
    n--;
    if (++c->nword == 8) c->h = (c->h ^ c->word) * FNV_PRIME, c->word = 0, c->nword = 0;
  }
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t w;
    memcpy(&w, p, 8); /* little-endian here, as on every machine this runs on */
    c->h = (c->h ^ w) * FNV_PRIME;
  }
  for (; n; n--) c->word |= (uint64_t)(uint8_t)*p++ << (8 * c->nword++);
}

uint64_t soak_sum_value(const soak_sum_t *c) {
  return c->nword ? (c->h ^ c->word) * FNV_PRIME : c->h;
}

/* The stream of each direction of each connection is its own. */
static void seed(endpoint_t *e) {
  uint64_t x = e->rec.id * 2 + !e->is_client;
  e->gen = splitmix(&x);
  e->dice = splitmix(&x) ^ (uint64_t)e->is_client;
}

/* ---- timers that keep the socket ---- */

typedef void (*step_fn)(endpoint_t *e);

typedef struct {
  endpoint_t *e;
  step_fn fn;
} later_t;

static void later_run(void *ctx) {
  later_t *l = ctx;
  if (!cnet_socket_destroyed(l->e->s)) l->fn(l->e);
  cnet_socket_release(l->e->s);
  free(l);
}

static void later(endpoint_t *e, uint64_t ms, step_fn fn) {
  later_t *l = malloc(sizeof *l);
  *l = (later_t){e, fn};
  cnet_socket_retain(e->s);
  if (ms == 0)
    cnet_set_immediate(NULL, later_run, l);
  else
    cnet_set_timeout(NULL, ms, later_run, l);
}

/* ---- writing ---- */

static size_t chunk_size(endpoint_t *e) {
  if (roll(e, 20) == 0) return MAX_CHUNK;
  return 1 + roll(e, 1u << roll(e, 15)); /* log-uniform, 1 to 16 KiB */
}

static void fill(endpoint_t *e, size_t n) {
  for (size_t i = 0; i < n; i += 8) {
    uint64_t w = splitmix(&e->gen);
    memcpy(chunk + i, &w, n - i < 8 ? n - i : 8);
  }
}

static void send_bytes(endpoint_t *e, const char *p, size_t n) {
  e->rec.sent += n;
  soak_sum_add(&e->rec.sent_sum, p, n);
  if (!cnet_socket_write(e->s, p, n, NULL, NULL)) e->waiting_drain = true;
}

static void pump(endpoint_t *e);

/* The next write: soon, after a short pause, or after a lull. */
static void schedule(endpoint_t *e) {
  uint32_t r = roll(e, 100);
  later(e, r < 40 ? 0 : r < 97 ? roll(e, 60) : 100 + roll(e, 300), pump);
}

static void half_close(endpoint_t *e) {
  e->rec.flags |= REC_ENDED;
  cnet_socket_end(e->s, NULL, NULL);
}

/* A chunk, or now and then a burst of up to 4 MiB, which outruns a reader
 * that pauses: write() says wait, and `drain` tells when to go on. */
static void pump(endpoint_t *e) {
  if (e->waiting_drain || (e->rec.flags & REC_ENDED)) return;
  if (soak_now_ms() >= e->stop_at) {
    half_close(e);
    return;
  }
  uint32_t chunks = roll(e, 200) ? 1 : 1 + roll(e, 64);
  for (uint32_t i = 0; i < chunks && !e->waiting_drain; i++) {
    size_t n = chunks > 1 ? MAX_CHUNK : chunk_size(e);
    fill(e, n);
    send_bytes(e, chunk, n);
  }
  if (!e->waiting_drain) schedule(e);
}

static void on_drain(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  endpoint_t *e = ctx;
  e->rec.drains++;
  if (!e->waiting_drain) return;
  e->waiting_drain = false;
  schedule(e);
}

/* ---- reading ---- */

static void resume(endpoint_t *e) { cnet_socket_resume(e->s); }

static void server_start(endpoint_t *e);

/* A sleepy connection: the client says nothing after its id until its
 * timeout fires, which it must, since the server says nothing before the
 * client does; the server says nothing until its own timeout has fired,
 * which it must by the client's end at the latest. So both ends time out,
 * whatever the timing. */
static void wake_maybe(endpoint_t *e) {
  if (!e->sleeping || !e->timed_out || !e->stop_at || (!e->is_client && !e->peer_spoke)) return;
  e->sleeping = false;
  schedule(e);
}

static void on_data(const cnet_event_t *ev, void *ctx) {
  endpoint_t *e = ctx;
  const char *p = ev->u.data.bytes;
  size_t n = ev->u.data.len;
  e->rec.recv += n;
  soak_sum_add(&e->rec.recv_sum, p, n);
  if (!e->id_known) { /* the server's end: the id comes first */
    size_t take = n < 8 - e->idlen ? n : 8 - e->idlen;
    memcpy(e->idbuf + e->idlen, p, take);
    e->idlen += (unsigned)take;
    p += take, n -= take;
    if (e->idlen == 8) server_start(e);
  }
  if (n && e->id_known && !e->peer_spoke) {
    e->peer_spoke = true;
    wake_maybe(e);
  }
  if (roll(e, 100) == 0) {
    e->rec.pauses++;
    cnet_socket_pause(e->s);
    later(e, roll(e, 300), resume);
  }
}

static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  endpoint_t *e = ctx;
  e->rec.flags |= REC_GOT_END;
  if (!(e->rec.flags & REC_ENDED)) e->rec.flags |= REC_END_FIRST;
  e->peer_spoke = true;
  wake_maybe(e);
  /* the server's end writes on a little, then ends too */
  if (!e->is_client && e->stop_at) {
    uint64_t soon = soak_now_ms() + roll(e, 200);
    if (soon < e->stop_at) e->stop_at = soon;
  }
}

/* ---- timeouts, errors, close ---- */

static const int64_t timeouts_ms[] = {150, 300, 600};

static void on_timeout(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  endpoint_t *e = ctx;
  e->rec.timeouts++;
  e->timed_out = true;
  wake_maybe(e);
  /* now and then another duration, or none for a while */
  if (!soak_sleepy(e->rec.id) && roll(e, 4) == 0)
    cnet_socket_set_timeout(e->s, roll(e, 4) ? timeouts_ms[roll(e, 3)] : 0, NULL, NULL);
}

static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  ((endpoint_t *)ctx)->rec.flags |= REC_ERROR;
}

static void on_close(const cnet_event_t *ev, void *ctx) {
  endpoint_t *e = ctx;
  e->rec.flags |= REC_CLOSED | (ev->u.close.had_error ? REC_ERROR : 0);
  e->closed(&e->rec, e->ctx);
}

/* ---- starting ---- */

static void server_start(endpoint_t *e) {
  e->id_known = true;
  memcpy(&e->rec.id, e->idbuf, 8);
  seed(e);
  /* a fifth of the server's ends half-close on their own, early */
  e->stop_at = roll(e, 5) ? UINT64_MAX : soak_now_ms() + roll(e, (uint32_t)soak_cfg.duration_ms);
  if (soak_sleepy(e->rec.id)) {
    cnet_socket_set_timeout(e->s, SLEEPY_TIMEOUT_MS, NULL, NULL);
    e->sleeping = true;
  } else {
    cnet_socket_set_timeout(e->s, timeouts_ms[roll(e, 3)], NULL, NULL);
    schedule(e);
  }
}

void endpoint_start(endpoint_t *e, uint64_t stop_at_ms) {
  e->stop_at = stop_at_ms;
  if (e->sleeping)
    wake_maybe(e);
  else
    later(e, roll(e, 100), pump);
}

endpoint_t *endpoint_new(cnet_socket_t *s, bool is_client, uint64_t id, endpoint_closed_fn closed,
                         void *ctx) {
  endpoint_t *e = calloc(1, sizeof *e);
  e->s = s;
  e->is_client = is_client;
  e->closed = closed;
  e->ctx = ctx;
  soak_sum_init(&e->rec.sent_sum);
  soak_sum_init(&e->rec.recv_sum);
  cnet_socket_set_data(s, e, free);
  cnet_on(s, CNET_EV_DATA, on_data, e);
  cnet_on(s, CNET_EV_END, on_end, e);
  cnet_on(s, CNET_EV_DRAIN, on_drain, e);
  cnet_on(s, CNET_EV_TIMEOUT, on_timeout, e);
  cnet_on(s, CNET_EV_ERROR, on_error, e);
  cnet_on(s, CNET_EV_CLOSE, on_close, e);
  if (is_client) {
    e->rec.id = id;
    e->id_known = true;
    e->sleeping = soak_sleepy(id);
    seed(e);
    cnet_socket_set_timeout(s, soak_sleepy(id) ? SLEEPY_TIMEOUT_MS : timeouts_ms[roll(e, 3)], NULL, NULL);
    send_bytes(e, (const char *)&id, sizeof id); /* buffered until `connect` */
  }
  return e;
}
