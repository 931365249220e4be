/* cnetcat's command line. */
#include "options.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
  "usage: cnetcat [options] HOST PORT        connect over TCP\n"
  "       cnetcat -l [options] [HOST] PORT   listen on TCP (PORT 0: any free port)\n"
  "       cnetcat -U [options] PATH          connect to a Unix socket\n"
  "       cnetcat -lU [options] PATH         listen on a Unix socket\n"
  "\n"
  "Copies stdin to the socket and the socket to stdout. The end of stdin ends the\n"
  "sending side (FIN); the peer's end ends stdout. A PATH starting with '@' is a\n"
  "Linux abstract socket name (the '@' stands for the leading NUL byte).\n"
  "\n"
  "  -4, -6, --family 4|6      IPv4 or IPv6 only (default: both, Happy Eyeballs)\n"
  "  -l, --listen              listen for a connection instead of connecting\n"
  "  -k, --keep-listening      with -l: serve connection after connection (stdin\n"
  "                            goes to every open connection)\n"
  "  -U, --unix                PATH is a Unix socket\n"
  "  -s, --local-address ADDR  connect from ADDR (with -l: listen on ADDR)\n"
  "  -p, --local-port PORT     connect from PORT (with -l: listen on PORT)\n"
  "  -n, --numeric             HOST must be an IP address (no name lookup)\n"
  "  -w, --idle-timeout SECS   close a connection idle for SECS seconds (exit 1)\n"
  "      --half-open           after the peer's end, keep sending stdin\n"
  "      --keep-alive SECS     TCP keep-alive, first probe after SECS seconds\n"
  "      --no-delay            disable Nagle's algorithm\n"
  "      --max-connections N   with -l: drop connections beyond N at once\n"
  "      --block RULE          refuse an address: ADDR, FIRST-LAST or NET/PREFIX\n"
  "                            (outgoing: ERR_IP_BLOCKED; listening: the peer is\n"
  "                            closed at once); may be repeated\n"
  "  -N                        accepted for netcat-openbsd: the end of stdin\n"
  "                            always ends the sending side\n"
  "  -v, --verbose             print the socket's events to stderr\n"
  "  -h, --help                print this help\n"
  "\n"
  "Exit status: 0 when the connection ended cleanly, 1 on any error.\n";

enum {
  OPT_FAMILY = 256,
  OPT_HALF_OPEN,
  OPT_KEEP_ALIVE,
  OPT_NO_DELAY,
  OPT_MAX_CONNECTIONS,
  OPT_BLOCK,
};

static const struct option long_options[] = {
  {"family", required_argument, NULL, OPT_FAMILY},
  {"listen", no_argument, NULL, 'l'},
  {"keep-listening", no_argument, NULL, 'k'},
  {"unix", no_argument, NULL, 'U'},
  {"local-address", required_argument, NULL, 's'},
  {"local-port", required_argument, NULL, 'p'},
  {"numeric", no_argument, NULL, 'n'},
  {"idle-timeout", required_argument, NULL, 'w'},
  {"half-open", no_argument, NULL, OPT_HALF_OPEN},
  {"keep-alive", required_argument, NULL, OPT_KEEP_ALIVE},
  {"no-delay", no_argument, NULL, OPT_NO_DELAY},
  {"max-connections", required_argument, NULL, OPT_MAX_CONNECTIONS},
  {"block", required_argument, NULL, OPT_BLOCK},
  {"verbose", no_argument, NULL, 'v'},
  {"help", no_argument, NULL, 'h'},
  {NULL, 0, NULL, 0},
};

static int bad(const char *fmt, const char *arg) {
  fputs("cnetcat: ", stderr);
  fprintf(stderr, fmt, arg);
  fputs("\nTry 'cnetcat --help'.\n", stderr);
  return -1;
}

/* A decimal number in [0, max], else -1. */
static int64_t parse_count(const char *s, int64_t max) {
  if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 18) return -1;
  int64_t v = strtoll(s, NULL, 10);
  return v <= max ? v : -1;
}

/* Seconds, fractions allowed, as milliseconds up to 2^31-1 (Node's timer
 * limit), else -1. */
static int64_t parse_seconds(const char *s) {
  char *end;
  double v = strtod(s, &end);
  if (!*s || *end || !isfinite(v) || v < 0 || v * 1000 > 2147483647.0) return -1;
  return (int64_t)llround(v * 1000);
}

static int option(int c, const char *arg, cnetcat_options *o) {
  switch (c) {
    case '4': o->family = 4; return 0;
    case '6': o->family = 6; return 0;
    case OPT_FAMILY:
      if (strcmp(arg, "4") && strcmp(arg, "6") && strcmp(arg, "0")) return bad("--family: 4 or 6, not '%s'", arg);
      o->family = atoi(arg);
      return 0;
    case 'l': o->listen = true; return 0;
    case 'k': o->keep_listening = true; return 0;
    case 'U': o->unix_socket = true; return 0;
    case 's': o->local_address = arg; return 0;
    case 'p':
      if ((o->local_port = (int)parse_count(arg, 65535)) < 0) return bad("not a port number: '%s'", arg);
      return 0;
    case 'n': o->numeric = true; return 0;
    case 'w':
      if ((o->idle_timeout_ms = parse_seconds(arg)) < 0) return bad("--idle-timeout: not a number of seconds: '%s'", arg);
      return 0;
    case OPT_HALF_OPEN: o->half_open = true; return 0;
    case OPT_KEEP_ALIVE:
      if ((o->keep_alive_ms = parse_seconds(arg)) < 0) return bad("--keep-alive: not a number of seconds: '%s'", arg);
      return 0;
    case OPT_NO_DELAY: o->no_delay = true; return 0;
    case OPT_MAX_CONNECTIONS:
      if ((o->max_connections = parse_count(arg, INT64_MAX / 2)) < 0) return bad("--max-connections: not a count: '%s'", arg);
      return 0;
    case OPT_BLOCK:
      if (o->nrules == CNETCAT_MAX_RULES) return bad("--block: more than %s rules", "64");
      o->rules[o->nrules++] = arg;
      return 0;
    case 'N': return 0;
    case 'v': o->verbose = true; return 0;
    default: return bad("%s", "unknown option"); /* getopt said which */
  }
}

/* Options that do not fit the mode, which netcat would silently ignore. */
static int check_mode(const cnetcat_options *o) {
  if (o->keep_listening && !o->listen) return bad("%s needs -l", "-k");
  if (o->max_connections >= 0 && !o->listen) return bad("%s needs -l", "--max-connections");
  if (o->unix_socket) {
    if (o->family) return bad("%s: a Unix socket has no address family", "-4/-6/--family");
    if (o->local_address || o->local_port >= 0) return bad("%s: not for a Unix socket", "-s/-p");
    if (o->nrules) return bad("%s: a Unix socket peer has no address", "--block");
    if (o->numeric) return bad("%s: not for a Unix socket", "-n");
  }
  return 0;
}

static int port_operand(const char *arg, cnetcat_options *o) {
  if ((o->port = (int)parse_count(arg, 65535)) < 0) return bad("not a port number: '%s'", arg);
  return 0;
}

/* Positional arguments: HOST PORT; with -l, [HOST] PORT, where -s and -p
 * may give them instead, as Debian's nc takes them; with -U, PATH. */
static int operands(int n, char **args, cnetcat_options *o) {
  if (o->unix_socket) {
    if (n != 1) return bad("%s", n ? "-U takes one PATH" : "missing PATH");
    o->path = args[0];
    return 0;
  }
  if (!o->listen) {
    if (n < 2) return bad("%s", n ? "missing PORT" : "missing HOST and PORT");
    if (n > 2) return bad("unexpected argument '%s'", args[2]);
    o->host = args[0];
    if (port_operand(args[1], o) < 0) return -1;
    return o->port ? 0 : bad("%s", "cannot connect to port 0");
  }
  bool port_given = o->local_port >= 0;
  if (n > (port_given ? 1 : 2)) return bad("unexpected argument '%s'", args[n - 1]);
  if (!port_given && n == 0) return bad("%s", "missing PORT");
  o->port = o->local_port;
  if (!port_given && port_operand(args[--n], o) < 0) return -1;
  if (n == 1 && o->local_address) return bad("%s", "-l: HOST given twice (operand and -s)");
  o->host = n == 1 ? args[0] : o->local_address;
  o->local_address = NULL;
  o->local_port = -1;
  return 0;
}

int cnetcat_parse(int argc, char **argv, cnetcat_options *o) {
  *o = (cnetcat_options){.port = -1, .local_port = -1, .keep_alive_ms = -1, .max_connections = -1};
  opterr = 1; /* getopt prints the bad option */
  int c;
  while ((c = getopt_long(argc, argv, "46hklNnUvs:p:w:", long_options, NULL)) != -1) {
    if (c == 'h') {
      fputs(usage, stdout);
      return 1;
    }
    if (c == '?' || c == ':') {
      fputs("Try 'cnetcat --help'.\n", stderr);
      return -1;
    }
    if (option(c, optarg, o) < 0) return -1;
  }
  if (check_mode(o) < 0) return -1;
  return operands(argc - optind, argv + optind, o);
}
