/* C port of blocklist_mapped.js */
#include "trace.h"

typedef struct {
  const char *kind, *a, *b; /* b: a range's end */
  int prefix;
  const char *family;
} rule_t;

typedef struct {
  const char *name, *host;
  rule_t rule;
  const char *from[2];
} in_case;

static const in_case cases[] = {
  {"v4-address on ::", "::", {"address", "127.0.0.1", NULL, 0, "ipv4"}, {"127.0.0.1", "127.0.0.2"}},
  {"v4-subnet on ::", "::", {"subnet", "127.0.0.0", NULL, 31, "ipv4"}, {"127.0.0.1", "127.0.0.2"}},
  {"v4-range on ::", "::", {"range", "127.0.0.3", "127.0.0.5", 0, "ipv4"}, {"127.0.0.3", "127.0.0.2"}},
  {"v6-address on ::", "::", {"address", "::ffff:127.0.0.1", NULL, 0, "ipv6"}, {"127.0.0.1", "127.0.0.2"}},
  {"v6-subnet on ::", "::", {"subnet", "::ffff:127.0.0.0", NULL, 127, "ipv6"}, {"127.0.0.1", "127.0.0.2"}},
  {"v6-range on ::", "::", {"range", "::ffff:127.0.0.3", "::ffff:127.0.0.9", 0, "ipv6"}, {"127.0.0.4", "127.0.0.2"}},
  {"v6-address on v4", "127.0.0.1", {"address", "::ffff:127.0.0.1", NULL, 0, "ipv6"}, {"127.0.0.1", "127.0.0.2"}},
  {"v6-subnet on v4", "127.0.0.1", {"subnet", "::ffff:127.0.0.0", NULL, 126, "ipv6"}, {"127.0.0.3", "127.0.0.4"}},
  {"v6-range on v4", "127.0.0.1", {"range", "::ffff:127.0.0.3", "::ffff:127.0.0.9", 0, "ipv6"}, {"127.0.0.4", "127.0.0.2"}},
  {"mapped /96 on v4", "127.0.0.1", {"subnet", "::ffff:0:0", NULL, 96, "ipv6"}, {"127.0.0.1", "127.0.0.2"}},
  {"all-v6 on ::", "::", {"subnet", "::", NULL, 0, "ipv6"}, {"127.0.0.1", "::1"}},
  {"v4 rule, v6 peer", "::", {"subnet", "0.0.0.0", NULL, 0, "ipv4"}, {"::1", "127.0.0.1"}},
};

typedef struct {
  const char *name;
  rule_t rule;
  const char *host;
} out_case;

static const out_case outbound[] = {
  {"out v4-address, mapped host", {"address", "127.0.0.1", NULL, 0, "ipv4"}, "::ffff:127.0.0.1"},
  {"out v4-subnet, mapped host", {"subnet", "127.0.0.0", NULL, 8, "ipv4"}, "::ffff:127.0.0.1"},
  {"out v4-range, mapped host", {"range", "127.0.0.1", "127.0.0.2", 0, "ipv4"}, "::ffff:127.0.0.1"},
  {"out v6-address, v4 host", {"address", "::ffff:127.0.0.1", NULL, 0, "ipv6"}, "127.0.0.1"},
  {"out v6-subnet, v4 host", {"subnet", "::ffff:127.0.0.0", NULL, 120, "ipv6"}, "127.0.0.1"},
  {"out v6-range, v4 host", {"range", "::ffff:127.0.0.0", "::ffff:127.0.0.1", 0, "ipv6"}, "127.0.0.1"},
  {"out other address, mapped host", {"address", "127.0.0.2", NULL, 0, "ipv4"}, "::ffff:127.0.0.1"},
};

#define N_IN (sizeof cases / sizeof cases[0])
#define N_OUT (sizeof outbound / sizeof outbound[0])

static cnet_blocklist_t *block_list(const rule_t *r) {
  cnet_blocklist_t *bl = cnet_blocklist_new();
  if (strcmp(r->kind, "address") == 0) cnet_blocklist_add_address(bl, r->a, r->family);
  else if (strcmp(r->kind, "subnet") == 0) cnet_blocklist_add_subnet(bl, r->a, r->prefix, r->family);
  else cnet_blocklist_add_range(bl, r->a, r->b, r->family);
  return bl;
}

/* ---- inbound ---- */

static size_t ci;     /* the case under way */
static int from_i;    /* its client */
static cnet_server_t *server;
static cnet_blocklist_t *bl;
static char seen[128];

static void next_case(void);
static void start_client(void);

static void on_server_closed(cnet_server_t *s, const cnet_error_t *e, void *ctx) {
  (void)s; (void)e; (void)ctx;
  cnet_blocklist_free(bl); /* the server is gone: it used the list until now */
  next_case();
}

static void note(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  if (seen[0]) strcat(seen, " ");
  if (ev->type == CNET_EV_ERROR) {
    strcat(seen, "error ");
    strcat(seen, ev->u.error->code);
  } else {
    strcat(seen, cnet_event_name(ev->type));
  }
}

static void client_closed(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  T("%s from %s client %s", cases[ci].name, cases[ci].from[from_i], seen);
  if (++from_i < 2) start_client();
  else cnet_server_close(server, on_server_closed, NULL);
}

static void start_client(void) {
  const in_case *c = &cases[ci];
  const char *from = c->from[from_i];
  const char *host = cnet_is_ipv6(from) ? "::1" : strcmp(c->host, "::") == 0 ? "127.0.0.1" : c->host;
  seen[0] = '\0';
  cnet_socket_t *s = cnet_connect(NULL, &(cnet_connect_opts){.port = server_port(server), .host = host,
                                                              .local_address = from}, NULL, NULL);
  cnet_on(s, CNET_EV_CONNECT, note, NULL);
  cnet_on(s, CNET_EV_END, note, NULL);
  cnet_on(s, CNET_EV_ERROR, note, NULL);
  cnet_on(s, CNET_EV_CLOSE, note, NULL);
  cnet_on(s, CNET_EV_CLOSE, client_closed, NULL);
  cnet_socket_resume(s);
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->u.connection;
  T("%s connection %s %s", cases[ci].name, cnet_socket_remote_address(c), cnet_socket_remote_family(c));
  cnet_socket_end(c, NULL, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  from_i = 0;
  start_client();
}

/* ---- outbound ---- */

static size_t oi;
static cnet_server_t *target;

static void next_out(void);

static void target_conn(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  T("target connection %s", cnet_socket_remote_address(ev->u.connection));
  cnet_socket_end(ev->u.connection, NULL, NULL);
}

static void out_event(const cnet_event_t *ev, void *ctx) {
  const char *name = outbound[oi].name;
  if (ev->type == CNET_EV_CONNECT) {
    T("%s connect", name);
  } else if (ev->type == CNET_EV_ERROR) {
    printf("%s error %s ", name, ev->u.error->code);
    put_json(ev->u.error->message, strlen(ev->u.error->message), false);
    T("");
  } else {
    T("%s close %s", name, B(ev->u.close.had_error));
    cnet_blocklist_free(ctx);
    oi++;
    next_out();
  }
}

static void target_closed(cnet_server_t *s, const cnet_error_t *e, void *ctx) {
  (void)s; (void)e; (void)ctx;
}

static void next_out(void) {
  if (oi == N_OUT) {
    cnet_server_close(target, target_closed, NULL);
    return;
  }
  cnet_blocklist_t *list = block_list(&outbound[oi].rule);
  cnet_socket_t *c = cnet_connect(NULL, &(cnet_connect_opts){.port = server_port(target),
                                                              .host = outbound[oi].host,
                                                              .block_list = list}, NULL, NULL);
  cnet_on(c, CNET_EV_CONNECT, out_event, list);
  cnet_on(c, CNET_EV_ERROR, out_event, list);
  cnet_on(c, CNET_EV_CLOSE, out_event, list);
  cnet_socket_resume(c);
}

static void target_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  next_out();
}

static void next_case(void) {
  static bool started;
  if (started) ci++;
  started = true;
  if (ci == N_IN) {
    target = cnet_create_server(NULL, NULL, target_conn, NULL);
    cnet_server_listen_port(target, 0, "::", target_listening, NULL);
    return;
  }
  bl = block_list(&cases[ci].rule);
  server = cnet_create_server(NULL, &(cnet_server_opts){.block_list = bl}, on_connection, NULL);
  cnet_server_listen_port(server, 0, cases[ci].host, on_listening, NULL);
}

int main(void) {
  next_case();
  return run_loop();
}
