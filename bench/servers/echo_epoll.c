/* The floor: an echo server on raw epoll, level-triggered, one accept or one
 * read plus one write per event, reading into one shared buffer. What the
 * kernel does not take is kept for that connection, whose reading stops
 * until it is written: the least a correct echo server can do.
 *
 *   echo_epoll PORT|PATH */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../target.h"

typedef struct {
  int fd;
  uint32_t len, off; /* the unwritten rest, in rest */
  char *rest;
} conn_t;

static int ep;
static char buf[65536];

static void watch(conn_t *c, int op, uint32_t events) {
  struct epoll_event ev = {.events = events, .data.ptr = c};
  if (epoll_ctl(ep, op, c->fd, &ev) != 0) {
    perror("epoll_ctl");
    exit(1);
  }
}

static void conn_close(conn_t *c) {
  close(c->fd);
  free(c->rest);
  free(c);
}

/* Writes what is owed; true when nothing is left. */
static int flush(conn_t *c, const char *data, size_t len) {
  ssize_t w = write(c->fd, data, len);
  if (w < 0 && errno != EAGAIN) return -1;
  if (w < 0) w = 0;
  if ((size_t)w == len) return 1;
  if (!c->rest) {
    c->rest = malloc(sizeof buf);
    memcpy(c->rest, data + w, len - (size_t)w);
    c->len = (uint32_t)(len - (size_t)w);
    c->off = 0;
  } else {
    c->off += (uint32_t)w;
  }
  return 0;
}

static void on_readable(conn_t *c) {
  ssize_t n = read(c->fd, buf, sizeof buf);
  if (n <= 0) {
    if (n < 0 && errno == EAGAIN) return;
    conn_close(c);
    return;
  }
  int r = flush(c, buf, (size_t)n);
  if (r < 0) conn_close(c);
  else if (r == 0) watch(c, EPOLL_CTL_MOD, EPOLLOUT);
}

static void on_writable(conn_t *c) {
  int r = flush(c, c->rest + c->off, c->len - c->off);
  if (r < 0) {
    conn_close(c);
  } else if (r == 1) {
    free(c->rest);
    c->rest = NULL;
    watch(c, EPOLL_CTL_MOD, EPOLLIN);
  }
}

static void on_accept(int lfd) {
  int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (fd < 0) return;
  conn_t *c = calloc(1, sizeof *c);
  c->fd = fd;
  watch(c, EPOLL_CTL_ADD, EPOLLIN);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: echo_epoll PORT|PATH\n");
    return 2;
  }
  target_process_init();
  int lfd = target_listen(argv[1], SOCK_NONBLOCK);
  ep = epoll_create1(EPOLL_CLOEXEC);
  struct epoll_event lev = {.events = EPOLLIN, .data.ptr = NULL};
  epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &lev);
  target_ready(argv[1], target_bound_port(lfd));
  struct epoll_event evs[256];
  for (;;) {
    int n = epoll_wait(ep, evs, 256, -1);
    for (int i = 0; i < n; i++) {
      conn_t *c = evs[i].data.ptr;
      if (!c) on_accept(lfd);
      else if (evs[i].events & EPOLLOUT) on_writable(c);
      else on_readable(c);
    }
  }
}
