/* The echo of echo_cnet and echo_cnet_workers, as a user writes Node's
 * c.pipe(c) with include/cnet.h: a `data` listener that writes back and
 * pauses when write() says the queue is full, and a `drain` listener that
 * resumes. An `error` listener keeps a peer's reset from reaching the
 * uncaught-error handler, as in echo_node.js. */
#ifndef BENCH_ECHO_CNET_H
#define BENCH_ECHO_CNET_H

#include <cnet.h>

static void on_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->emitter;
  if (!cnet_socket_write(c, ev->u.data.bytes, ev->u.data.len, NULL, NULL)) cnet_socket_pause(c);
}

static void on_drain(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_resume(ev->emitter);
}

static void on_error(const cnet_event_t *ev, void *ctx) { (void)ev, (void)ctx; }

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->u.connection;
  cnet_on(c, CNET_EV_ERROR, on_error, NULL);
  cnet_on(c, CNET_EV_DATA, on_data, NULL);
  cnet_on(c, CNET_EV_DRAIN, on_drain, NULL);
}

#endif
