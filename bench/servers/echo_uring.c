/* liburing, as its documentation and "io_uring and networking" describe a
 * server: a ring set up for one thread (single issuer, deferred task work),
 * multishot accept, multishot receive into a ring of provided buffers, and
 * a send of each received buffer, which goes back to the ring once sent.
 * Sends of one connection go one at a time, in order (several in flight on
 * one socket may be reordered); received buffers wait in a per-connection
 * queue meanwhile. A receive that found the buffer ring empty ends
 * (ENOBUFS) and is armed again when a buffer comes back.
 *
 *   echo_uring PORT|PATH */
#define _GNU_SOURCE
#include <errno.h>
#include <liburing.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../target.h"

#define BUFS 256        /* provided buffers, a power of two */
#define BUF_SIZE 65536
#define BGID 0

enum { OP_ACCEPT, OP_RECV, OP_SEND }; /* in user_data's low bits */

typedef struct conn {
  int fd;
  int head, tail;          /* the buffer ids waiting to be sent; -1: none */
  uint8_t sending, receiving, failed;
  struct conn *next_starved;
} conn_t;

static struct io_uring ring;
static struct io_uring_buf_ring *br;
static char *bufs;
static int next_bid[BUFS];
static unsigned buf_len[BUFS];
static conn_t *starved;    /* connections whose receive ended with ENOBUFS */
static int buffers_back;   /* since the starved were last armed */
static int lfd;

static struct io_uring_sqe *get_sqe(void) {
  struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
  if (!sqe) { /* the queue is full: hand it to the kernel */
    io_uring_submit(&ring);
    sqe = io_uring_get_sqe(&ring);
  }
  return sqe;
}

static void arm_accept(void) {
  struct io_uring_sqe *sqe = get_sqe();
  io_uring_prep_multishot_accept(sqe, lfd, NULL, NULL, SOCK_CLOEXEC);
  io_uring_sqe_set_data64(sqe, OP_ACCEPT);
}

static void arm_recv(conn_t *c) {
  struct io_uring_sqe *sqe = get_sqe();
  io_uring_prep_recv_multishot(sqe, c->fd, NULL, 0, 0);
  sqe->flags |= IOSQE_BUFFER_SELECT;
  sqe->buf_group = BGID;
  io_uring_sqe_set_data64(sqe, (uintptr_t)c | OP_RECV);
  c->receiving = 1;
}

static void send_head(conn_t *c) {
  struct io_uring_sqe *sqe = get_sqe();
  io_uring_prep_send(sqe, c->fd, bufs + (size_t)c->head * BUF_SIZE, buf_len[c->head], MSG_WAITALL);
  io_uring_sqe_set_data64(sqe, (uintptr_t)c | OP_SEND);
  c->sending = 1;
}

static void buffer_return(int bid) {
  io_uring_buf_ring_add(br, bufs + (size_t)bid * BUF_SIZE, BUF_SIZE, (unsigned short)bid,
                        io_uring_buf_ring_mask(BUFS), 0);
  io_uring_buf_ring_advance(br, 1);
  buffers_back = 1;
}

/* Takes the head of c's queue off and gives its buffer back. */
static void dequeue(conn_t *c) {
  int bid = c->head;
  c->head = next_bid[bid];
  if (c->head < 0) c->tail = -1;
  buffer_return(bid);
}

static void conn_close_if_done(conn_t *c) {
  if (c->receiving || c->sending) return;
  while (c->head >= 0) dequeue(c);
  close(c->fd);
  free(c);
}

static void on_accept(struct io_uring_cqe *cqe) {
  if (!(cqe->flags & IORING_CQE_F_MORE)) arm_accept();
  if (cqe->res < 0) return;
  conn_t *c = calloc(1, sizeof *c);
  c->fd = cqe->res;
  c->head = c->tail = -1;
  arm_recv(c);
}

static void on_recv(conn_t *c, struct io_uring_cqe *cqe) {
  int more = cqe->flags & IORING_CQE_F_MORE;
  if (cqe->res > 0) {
    int bid = (int)(cqe->flags >> IORING_CQE_BUFFER_SHIFT);
    buf_len[bid] = (unsigned)cqe->res;
    next_bid[bid] = -1;
    if (c->tail >= 0) next_bid[c->tail] = bid; else c->head = bid;
    c->tail = bid;
    if (c->failed) dequeue(c);
    else if (!c->sending) send_head(c);
    if (!more) arm_recv(c);
    return;
  }
  c->receiving = 0;
  if (cqe->res == -ENOBUFS && !c->failed) {
    c->next_starved = starved;
    starved = c;
    return;
  }
  conn_close_if_done(c); /* end of stream or an error */
}

static void on_send(conn_t *c, struct io_uring_cqe *cqe) {
  if (cqe->res != (int)buf_len[c->head] && !c->failed) {
    c->failed = 1;
    shutdown(c->fd, SHUT_RDWR); /* ends the receive too */
  }
  dequeue(c);
  c->sending = 0;
  if (c->head >= 0 && !c->failed) send_head(c);
  else conn_close_if_done(c);
}

static void setup(void) {
  struct io_uring_params p = {.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN};
  int r = io_uring_queue_init_params(4096, &ring, &p);
  if (r == -EINVAL) r = io_uring_queue_init(4096, &ring, 0); /* kernels before 6.1 */
  if (r < 0) {
    fprintf(stderr, "io_uring_queue_init: %s\n", strerror(-r));
    exit(1);
  }
  br = mmap(NULL, BUFS * sizeof(struct io_uring_buf), PROT_READ | PROT_WRITE,
            MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
  /* The pool is the server's fixed cost: touched now, so that it is not
   * counted as memory of the connections that happen to use it first (not
   * with zeros, which the compiler may turn into a calloc that touches
   * nothing). */
  bufs = malloc((size_t)BUFS * BUF_SIZE);
  if (bufs) memset(bufs, 0xee, (size_t)BUFS * BUF_SIZE);
  io_uring_buf_ring_init(br);
  struct io_uring_buf_reg reg = {.ring_addr = (uintptr_t)br, .ring_entries = BUFS, .bgid = BGID};
  if (br == MAP_FAILED || !bufs || (r = io_uring_register_buf_ring(&ring, &reg, 0)) < 0) {
    fprintf(stderr, "io_uring_register_buf_ring: %s\n", strerror(-r));
    exit(1);
  }
  for (int i = 0; i < BUFS; i++)
    io_uring_buf_ring_add(br, bufs + (size_t)i * BUF_SIZE, BUF_SIZE, (unsigned short)i,
                          io_uring_buf_ring_mask(BUFS), i);
  io_uring_buf_ring_advance(br, BUFS);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: echo_uring PORT|PATH\n");
    return 2;
  }
  target_process_init();
  lfd = target_listen(argv[1], 0);
  setup();
  arm_accept();
  target_ready(argv[1], target_bound_port(lfd));
  for (;;) {
    io_uring_submit_and_wait(&ring, 1);
    struct io_uring_cqe *cqe;
    unsigned head, seen = 0;
    io_uring_for_each_cqe(&ring, head, cqe) {
      conn_t *c = (conn_t *)(uintptr_t)(cqe->user_data & ~(uint64_t)3);
      switch (cqe->user_data & 3) {
      case OP_ACCEPT: on_accept(cqe); break;
      case OP_RECV: on_recv(c, cqe); break;
      case OP_SEND: on_send(c, cqe); break;
      }
      seen++;
    }
    io_uring_cq_advance(&ring, seen);
    if (buffers_back) {
      buffers_back = 0;
      while (starved) {
        conn_t *c = starved;
        starved = c->next_starved;
        arm_recv(c);
      }
    }
  }
}
