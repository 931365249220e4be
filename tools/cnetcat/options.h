/* cnetcat's command line: netcat-openbsd's options where they overlap, and
 * long options for what cnet adds. */
#ifndef CNETCAT_OPTIONS_H
#define CNETCAT_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CNETCAT_MAX_RULES 64

typedef struct cnetcat_options {
  bool listen;            /* -l */
  bool unix_socket;       /* -U: target is a path */
  bool verbose;           /* -v */
  bool numeric;           /* -n: the host must be an IP address */
  bool keep_listening;    /* -k */
  bool half_open;         /* --half-open: allowHalfOpen */
  bool no_delay;          /* --no-delay */
  int family;             /* -4, -6, --family: 0, 4 or 6 */
  const char *host;       /* NULL: none given */
  int port;               /* -1: none given */
  const char *path;       /* -U: as given ("@name" is abstract) */
  const char *local_address; /* -s, --local-address */
  int local_port;         /* -p, --local-port (with -l: the port to listen on) */
  int64_t idle_timeout_ms;    /* -w, --idle-timeout; 0: none */
  int64_t keep_alive_ms;      /* --keep-alive: the initial delay; -1: off */
  int64_t max_connections;    /* --max-connections; -1: no limit */
  const char *rules[CNETCAT_MAX_RULES]; /* --block */
  size_t nrules;
} cnetcat_options;

/* 0 with o filled; 1 when --help was printed (exit 0); -1 after printing
 * the error and a usage hint to stderr (exit 1). */
int cnetcat_parse(int argc, char **argv, cnetcat_options *o);

#endif
