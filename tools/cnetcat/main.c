/* cnetcat: netcat on cnet, using only its public API (include/cnet.h).
 * Connects (or listens, -l) over TCP or a Unix socket and copies stdin to
 * the connection and the connection to stdout. See docs/cnetcat.1. */
#include <cnet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "session.h"
#include "verbose.h"

static session ss;
static cnet_blocklist_t *block_list;
static bool served; /* without -k: the one connection has come */

/* Prints "cnetcat: what: the last cnet error" (Node's wording). */
static int failed(const char *what) {
  char msg[1024];
  snprintf(msg, sizeof msg, "%s%s%s", what ? what : "", what ? ": " : "", cnet_last_error()->message);
  session_error(&ss, NULL, msg);
  return -1;
}

static int complain(const char *fmt, const char *arg) {
  char msg[512];
  snprintf(msg, sizeof msg, fmt, arg);
  session_error(&ss, NULL, msg);
  return -1;
}

static const char *ip_family(const char *address) {
  return cnet_is_ip(address) == 6 ? "ipv6" : "ipv4";
}

/* --block RULE: ADDR, FIRST-LAST or NET/PREFIX. */
static int add_rule(const char *rule) {
  char buf[256];
  if (strlen(rule) >= sizeof buf) return complain("--block: rule too long: '%.64s...'", rule);
  strcpy(buf, rule);
  char *slash = strchr(buf, '/'), *dash = strchr(buf, '-');
  int rc;
  if (slash) {
    *slash = '\0';
    const char *digits = slash + 1;
    if (!*digits || strspn(digits, "0123456789") != strlen(digits) || strlen(digits) > 3)
      return complain("--block: not a prefix length in '%s'", rule);
    rc = cnet_blocklist_add_subnet(block_list, buf, atoi(digits), ip_family(buf));
  } else if (dash) {
    *dash = '\0';
    rc = cnet_blocklist_add_range(block_list, buf, dash + 1, ip_family(buf));
  } else {
    rc = cnet_blocklist_add_address(block_list, buf, ip_family(buf));
  }
  if (rc < 0) {
    snprintf(buf, sizeof buf, "--block '%s'", rule);
    return failed(buf);
  }
  return 0;
}

static int make_block_list(const cnetcat_options *o) {
  if (!o->nrules) return 0;
  block_list = cnet_blocklist_new();
  for (size_t i = 0; i < o->nrules; i++)
    if (add_rule(o->rules[i]) < 0) return -1;
  return 0;
}

/* "@name" is the abstract name "\0name" (Linux); a path of one's own that
 * starts with '@' is written "./@...". */
static const char *socket_path(const char *path, size_t *len, char *buf, size_t size) {
  *len = 0;
  if (path[0] != '@') return path;
  *len = strlen(path);
  if (*len > size) return NULL;
  buf[0] = '\0';
  memcpy(buf + 1, path + 1, *len - 1);
  return buf;
}

/* -n, and -4/-6 against an address given as such. */
static int check_host(const cnetcat_options *o, const char *host) {
  int is_ip = cnet_is_ip(host);
  if (o->numeric && !is_ip) return complain("-n: '%s' is not an IP address", host);
  if (is_ip && o->family && is_ip != o->family)
    return complain(o->family == 4 ? "-4: '%s' is not an IPv4 address" : "-6: '%s' is not an IPv6 address", host);
  return 0;
}

/* ---- connecting ---- */

static int start_client(const cnetcat_options *o) {
  cnet_socket_opts so = {
    .allow_half_open = o->half_open,
    .block_list = block_list,
    .no_delay = o->no_delay,
    .keep_alive = o->keep_alive_ms >= 0,
    .keep_alive_initial_delay = o->keep_alive_ms > 0 ? o->keep_alive_ms : 0,
  };
  cnet_connect_opts co = {0};
  char abstract[256];
  if (o->unix_socket) {
    co.path = socket_path(o->path, &co.path_len, abstract, sizeof abstract);
    if (!co.path) return complain("-U: name too long: '%.64s...'", o->path);
  } else {
    if (check_host(o, o->host) < 0) return -1;
    co.host = o->host;
    co.port = o->port;
    co.family = o->family;
    co.local_address = o->local_address;
    co.local_port = o->local_port > 0 ? o->local_port : 0;
  }
  cnet_socket_t *s = cnet_socket_new(ss.loop, &so);
  if (!s) return failed(NULL);
  session_add(&ss, s, false);
  if (cnet_socket_connect(s, &co, NULL, NULL) < 0) {
    failed(NULL);
    cnet_socket_destroy(s, NULL);
  }
  return 0;
}

/* ---- listening ---- */

static void on_connection(const cnet_event_t *ev, void *ctx) {
  const cnetcat_options *o = ctx;
  cnet_socket_t *s = ev->u.connection;
  if (!o->keep_listening) {
    if (served) { /* accepted in the same turn as the first */
      cnet_socket_destroy(s, NULL);
      return;
    }
    served = true;
    session_close_server(&ss);
  }
  conn *c = session_add(&ss, s, true);
  if (o->verbose) verbose_connection(c);
}

static void on_server_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  session_error(&ss, NULL, ev->u.error->message);
  /* a failed listen is not followed by `close`: closing frees the server */
  if (!cnet_server_listening(ev->emitter)) session_close_server(&ss);
}

static void on_server_close(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  (void)ctx;
  ss.server = NULL;
  if (!ss.conns) session_finish(&ss);
}

static cnet_listen_opts listen_opts;
static char abstract_name[256];

static void listen_now(void) {
  if (cnet_server_listen(ss.server, &listen_opts, NULL, NULL) < 0) {
    failed(NULL);
    session_close_server(&ss);
  }
}

/* -4/-6 with a host name: listen on its first address of that family. */
static uv_getaddrinfo_t family_lookup;
static char looked_up[CNET_ADDRSTRLEN];
static void on_family_lookup(uv_getaddrinfo_t *req, int status, struct addrinfo *res) {
  (void)req;
  if (status < 0) {
    char msg[512];
    snprintf(msg, sizeof msg, "getaddrinfo %s %s", uv_err_name(status), listen_opts.host);
    session_error(&ss, NULL, msg);
    session_close_server(&ss);
    return;
  }
  if (res->ai_family == AF_INET6) uv_ip6_name((struct sockaddr_in6 *)res->ai_addr, looked_up, sizeof looked_up);
  else uv_ip4_name((struct sockaddr_in *)res->ai_addr, looked_up, sizeof looked_up);
  uv_freeaddrinfo(res);
  listen_opts.host = looked_up;
  listen_now();
}

static int start_listener(const cnetcat_options *o) {
  cnet_listen_opts *lo = &listen_opts;
  /* a port would win over the path, as in Node: none for -U */
  *lo = (cnet_listen_opts){.port = o->unix_socket ? 0 : o->port};
  if (o->unix_socket) {
    lo->path = socket_path(o->path, &lo->path_len, abstract_name, sizeof abstract_name);
    if (!lo->path) return complain("-U: name too long: '%.64s...'", o->path);
  } else if (!o->host) { /* Node's default is "::", which takes IPv4 too */
    lo->host = o->family == 4 ? "0.0.0.0" : o->family == 6 ? "::" : NULL;
    lo->ipv6_only = o->family == 6;
  } else {
    if (check_host(o, o->host) < 0) return -1;
    lo->host = o->host;
  }
  cnet_server_opts so = {
    .allow_half_open = o->half_open,
    .block_list = block_list,
    .no_delay = o->no_delay,
    .keep_alive = o->keep_alive_ms >= 0,
    .keep_alive_initial_delay = o->keep_alive_ms > 0 ? o->keep_alive_ms : 0,
  };
  ss.server = cnet_create_server(ss.loop, &so, on_connection, (void *)o);
  if (!ss.server) return failed(NULL);
  if (o->max_connections >= 0) cnet_server_set_max_connections(ss.server, o->max_connections);
  if (o->verbose) verbose_watch_server(ss.server);
  cnet_on(ss.server, CNET_EV_ERROR, on_server_error, NULL);
  cnet_on(ss.server, CNET_EV_CLOSE, on_server_close, NULL);
  if (lo->host && o->family && !cnet_is_ip(lo->host)) {
    struct addrinfo hints = {.ai_family = o->family == 6 ? AF_INET6 : AF_INET, .ai_socktype = SOCK_STREAM};
    int err = uv_getaddrinfo(ss.loop, &family_lookup, on_family_lookup, lo->host, NULL, &hints);
    if (err < 0) on_family_lookup(&family_lookup, err, NULL);
    return 0;
  }
  listen_now();
  return 0;
}

/* ---- the run ---- */

static uv_signal_t sigint, sigterm;

/* SIGINT, SIGTERM: close everything and exit (the way to end -k). */
static void on_signal(uv_signal_t *h, int signum) {
  (void)h;
  (void)signum;
  session_stop(&ss);
}

static void watch_signal(uv_signal_t *h, int signum) {
  uv_signal_init(ss.loop, h);
  uv_signal_start(h, on_signal, signum);
  uv_unref((uv_handle_t *)h); /* the connections keep the loop running, not this */
}

int main(int argc, char **argv) {
  cnetcat_options o;
  int parsed = cnetcat_parse(argc, argv, &o);
  if (parsed) return parsed > 0 ? 0 : 1;
  signal(SIGPIPE, SIG_IGN); /* a closed stdout is an EPIPE, reported */
  uv_loop_t *loop = uv_default_loop();
  if (session_open(&ss, &o, loop) < 0) return 1;
  watch_signal(&sigint, SIGINT);
  watch_signal(&sigterm, SIGTERM);
  if (make_block_list(&o) < 0 || (o.listen ? start_listener(&o) : start_client(&o)) < 0) {
    if (ss.server) session_close_server(&ss);
    session_finish(&ss);
  }
  uv_run(loop, UV_RUN_DEFAULT);
  uv_close((uv_handle_t *)&sigint, NULL);
  uv_close((uv_handle_t *)&sigterm, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  if (block_list) cnet_blocklist_free(block_list);
  if (uv_loop_close(loop) != 0) {
    fputs("cnetcat: the loop still had handles at exit (a bug)\n", stderr);
    return 1;
  }
  return ss.status;
}
