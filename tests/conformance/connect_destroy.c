/* C port of connect_destroy.js */
#include "connect_trace.h"

static cnet_server_t *server;
static int port;

static const cnet_lookup_address v6_v4[] = {{"::1", 6}, {"127.0.0.1", 4}, {NULL, 0}};
static const cnet_lookup_address v4[] = {{"127.0.0.1", 4}, {NULL, 0}};
static const crafted_t multi_sync = {v6_v4, -1, NULL}, single_sync = {v4, -1, NULL};

static void next(void);

static void on_close_next(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  next();
}

static cnet_socket_t *start(const char *name, cnet_connect_opts o) {
  cnet_socket_t *s = cnet_socket_new(NULL, NULL);
  watchc(s, name);
  o.port = port;
  if (!o.host) o.host = "x.test";
  if (!o.lookup && o.lookup_ctx) o.lookup = crafted_lookup;
  cnet_socket_connect(s, &o, NULL, NULL);
  T("%s connect returned %s %s", name, B(cnet_socket_connecting(s)), cnet_socket_ready_state(s));
  return s;
}

/* held(list): a lookup that answers only when told. */
static cnet_lookup_req_t *held_req;

static void held_lookup(const char *host, const cnet_lookup_opts *o, cnet_lookup_req_t *req, void *ctx) {
  (void)ctx;
  T("lookup called %s {\"hints\":%d%s}", host, o->hints, o->all ? ",\"all\":true" : "");
  held_req = req;
}

static void held_answer(void) {
  T("lookup answers");
  cnet_lookup_done(held_req, NULL, v6_v4, 2);
  held_req = NULL;
}

static void answer_then_next(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  held_answer();
  next();
}

static void destroy_it(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_destroy(ev->emitter, NULL);
}

static void next(void) {
  static int step;
  cnet_socket_t *s;
  switch (step++) {
    case 0:
      s = start("answer-after-destroy", (cnet_connect_opts){.lookup = held_lookup});
      cnet_on(s, CNET_EV_CLOSE, on_close_next, NULL);
      cnet_socket_destroy(s, NULL);
      held_answer();
      break;
    case 1:
      s = start("answer-after-close", (cnet_connect_opts){.lookup = held_lookup});
      cnet_on(s, CNET_EV_CLOSE, answer_then_next, NULL);
      cnet_socket_destroy(s, NULL);
      break;
    case 2:
      s = start("in-attempt", (cnet_connect_opts){.lookup_ctx = (void *)&multi_sync});
      cnet_on(s, CNET_EV_CLOSE, on_close_next, NULL);
      cnet_socket_destroy(s, NULL);
      break;
    case 3:
      s = start("in-attempt-single", (cnet_connect_opts){.auto_select_family = CNET_FALSE,
                                                         .lookup_ctx = (void *)&single_sync});
      cnet_on(s, CNET_EV_CLOSE, on_close_next, NULL);
      cnet_socket_destroy(s, NULL);
      break;
    case 4:
      s = start("between", (cnet_connect_opts){.lookup_ctx = (void *)&multi_sync});
      cnet_on(s, CNET_EV_CLOSE, on_close_next, NULL);
      cnet_on(s, CNET_EV_CONNECTION_ATTEMPT_FAILED, destroy_it, NULL);
      break;
    case 5:
      s = start("failed-single", (cnet_connect_opts){.host = "127.0.0.2"});
      cnet_on(s, CNET_EV_CLOSE, on_close_next, NULL);
      cnet_on(s, CNET_EV_CONNECTION_ATTEMPT_FAILED, destroy_it, NULL);
      break;
    case 6:
      s = start("ip-literal", (cnet_connect_opts){.host = "127.0.0.1"});
      cnet_on(s, CNET_EV_CLOSE, on_close_next, NULL);
      cnet_socket_destroy(s, NULL);
      break;
    default: cnet_server_close(server, server_closed, NULL);
  }
}

int main(void) {
  start_ending_server(&server, &port, next);
  return run_loop();
}
