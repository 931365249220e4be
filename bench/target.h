/* The address on the command line of the echo servers and the load
 * generator:
 *
 *   echo_PEER PORT|PATH         loadgen MODE PORT|PATH ...
 *
 * PORT is a TCP port on 127.0.0.1 (0: any free one; never another address),
 * anything else the path of a Unix socket. Once listening, a server prints
 * "ready PORT" or "ready PATH" on stdout; bench/run waits for that line. */
#ifndef BENCH_TARGET_H
#define BENCH_TARGET_H

#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>

/* The TCP port in arg, or -1 when arg is a path. */
static inline int target_port(const char *arg) {
  char *end;
  long port = strtol(arg, &end, 10);
  if (!*arg || *end) return -1;
  if (port < 0 || port > 65535) {
    fprintf(stderr, "bad port %s\n", arg);
    exit(2);
  }
  return (int)port;
}

/* arg as a socket address: 127.0.0.1:PORT or the Unix path. */
static inline socklen_t target_sockaddr(const char *arg, struct sockaddr_storage *ss) {
  memset(ss, 0, sizeof *ss);
  int port = target_port(arg);
  if (port >= 0) {
    struct sockaddr_in *in = (struct sockaddr_in *)ss;
    in->sin_family = AF_INET;
    in->sin_port = htons((uint16_t)port);
    in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return sizeof *in;
  }
  struct sockaddr_un *un = (struct sockaddr_un *)ss;
  if (strlen(arg) >= sizeof un->sun_path) {
    fprintf(stderr, "path too long: %s\n", arg);
    exit(2);
  }
  un->sun_family = AF_UNIX;
  strcpy(un->sun_path, arg);
  return sizeof *un;
}

/* The ready line; the port is the bound one (arg may be 0). */
static inline void target_ready(const char *arg, int port) {
  if (target_port(arg) >= 0) printf("ready %d\n", port);
  else printf("ready %s\n", arg);
  fflush(stdout);
}

/* The bound port of a listening socket, 0 for a Unix one. */
static inline int target_bound_port(int fd) {
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0 || ss.ss_family != AF_INET) return 0;
  return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

/* Descriptors up to the hard limit (the idle benchmark holds thousands),
 * and a write to a connection the peer reset fails with EPIPE instead of
 * killing the process. */
static inline void target_process_init(void) {
  signal(SIGPIPE, SIG_IGN);
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
}

/* A listening socket for arg (flags: SOCK_NONBLOCK or 0), or exit. */
static inline int target_listen(const char *arg, int flags) {
  struct sockaddr_storage ss;
  socklen_t len = target_sockaddr(arg, &ss);
  int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | flags, 0);
  if (ss.ss_family == AF_INET) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &(int){1}, sizeof(int));
  if (fd < 0 || bind(fd, (struct sockaddr *)&ss, len) != 0 || listen(fd, 4096) != 0) {
    perror(arg);
    exit(1);
  }
  return fd;
}

#endif
