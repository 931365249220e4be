/* A slow reader. The peer reads one `data` event's worth, then pauses
 * until a timer resumes it. A writer that obeys write()'s answer (0: wait
 * for `drain`) never has more than the high-water mark and one chunk
 * queued, however much it sends; a writer that ignores the answer is the
 * one way to make the queue, and memory, grow: everything the kernel does
 * not take is copied into the queue, as in Node. Both are measured and
 * printed; the growth is asserted, not hidden. Every byte reaches the
 * reader, in order, in both cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "../lib/heap.h"
#include "cnet.h"

#define HWM 65536
#define CHUNK 16384
#define TOTAL ((size_t)8 << 20)

static uv_loop_t loop;
static char chunk[CHUNK];

/* The byte at offset i of the stream: the reader checks the order. */
static char byte_at(size_t i) { return (char)(i * 7 + i / CHUNK); }

static void fill(size_t offset) {
  for (size_t i = 0; i < CHUNK; i++) chunk[i] = byte_at(offset + i);
}

static struct {
  cnet_server_t *server;
  cnet_socket_t *reader, *writer;
  size_t got, written, max_queued, heap_before, heap_peak;
  unsigned drains, zeros;
  bool in_order, ignore, closed;
  int port;
} t;

/* ---- the reader ---- */

static void resume_later(void *ctx) {
  (void)ctx;
  if (!cnet_socket_destroyed(t.reader)) cnet_socket_resume(t.reader);
  cnet_socket_release(t.reader);
}

static void on_read(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  for (size_t i = 0; i < ev->u.data.len; i++)
    t.in_order &= ev->u.data.bytes[i] == byte_at(t.got + i);
  t.got += ev->u.data.len;
  cnet_socket_pause(ev->emitter);
  cnet_set_timeout(&loop, 1, resume_later, cnet_socket_retain(ev->emitter));
}

static void on_reader_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end(ev->emitter, NULL, NULL);
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  t.reader = ev->u.connection;
  cnet_on(t.reader, CNET_EV_DATA, on_read, NULL);
  cnet_on(t.reader, CNET_EV_END, on_reader_end, NULL);
}

/* ---- the writer ---- */

static void note_queue(void) {
  size_t q = cnet_socket_writable_length(t.writer), h = test_heap_in_use();
  if (q > t.max_queued) t.max_queued = q;
  if (h > t.heap_peak) t.heap_peak = h;
}

/* Writes until write() says 0 (or, ignoring it, until all is written). */
static void write_on(void) {
  while (t.written < TOTAL) {
    fill(t.written);
    int ok = cnet_socket_write(t.writer, chunk, CHUNK, NULL, NULL);
    t.written += CHUNK;
    note_queue();
    if (!ok) {
      t.zeros++;
      if (!t.ignore) return;
    }
  }
  cnet_socket_end(t.writer, NULL, NULL);
}

static void on_drain(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  (void)ctx;
  t.drains++;
  if (!t.ignore) write_on();
}

static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  (void)ctx;
  t.heap_before = t.heap_peak = test_heap_in_use();
  write_on();
}

static void on_writer_close(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  (void)ctx;
  t.closed = true;
  cnet_server_close(t.server, NULL, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_connect_opts o = {.port = cnet_server_port(ev->emitter), .host = "127.0.0.1",
                         .writable_high_water_mark = HWM};
  t.writer = cnet_connect(&loop, &o, on_connect, NULL);
  cnet_on(t.writer, CNET_EV_DRAIN, on_drain, NULL);
  cnet_on(t.writer, CNET_EV_CLOSE, on_writer_close, NULL);
  cnet_socket_resume(t.writer);
}

static void run(bool ignore) {
  memset(&t, 0, sizeof t);
  t.in_order = true;
  t.ignore = ignore;
  assert_int_equal(uv_loop_init(&loop), 0);
  t.server = cnet_create_server(&loop, NULL, on_connection, NULL);
  cnet_server_listen_port(t.server, 0, "127.0.0.1", on_listening, NULL);
  uv_run(&loop, UV_RUN_DEFAULT);
  assert_true(t.closed);
  assert_int_equal(t.got, TOTAL);
  assert_true(t.in_order);
  assert_int_equal(uv_loop_close(&loop), 0);
}

static double mib(size_t b) { return (double)b / (1024.0 * 1024.0); }

static void obedient_writer_stays_under_the_mark(void **state) {
  (void)state;
  run(false);
  print_message("obeying write(): %.0f MiB through a slow reader, at most %zu KiB queued "
                "(high-water mark %d KiB, chunks of %d KiB), %u drains, heap +%.1f MiB at most\n",
                mib(TOTAL), t.max_queued / 1024, HWM / 1024, CHUNK / 1024, t.drains,
                mib(t.heap_peak - t.heap_before));
  assert_true(t.max_queued < HWM + CHUNK);
  assert_true(t.drains > 0);
  assert_int_equal(t.zeros, t.drains); /* each 0 was followed by its `drain` */
}

static void ignoring_writer_grows_the_queue(void **state) {
  (void)state;
  run(true);
  print_message("ignoring write(): %.0f MiB written at once, %.1f MiB of it queued (%u writes "
                "answered 0), heap +%.1f MiB at the peak\n",
                mib(TOTAL), mib(t.max_queued), t.zeros, mib(t.heap_peak - t.heap_before));
  /* what the kernel did not take is queued: several MiB, far past the mark */
  assert_true(t.max_queued > 4 * HWM);
  assert_true(t.zeros > 0);
  if (t.heap_before) assert_true(t.heap_peak - t.heap_before >= t.max_queued);
  assert_int_equal(t.drains, 0); /* end() came right after: no `drain`, as Node */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(obedient_writer_stays_under_the_mark),
      cmocka_unit_test(ignoring_writer_grows_the_queue),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
