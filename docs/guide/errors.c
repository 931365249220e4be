/* Errors: thrown (in C: returned), emitted, the application's own (its
 * identity kept), with a cause, and one that nothing listens for.
 * errors.js in C. */
#include <cnet.h>
#include <stdio.h>

static int port; /* where nothing listens */
static const cnet_error_t *mine, *reason;
static void next(void);

static void on_refused(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  const cnet_error_t *err = ev->u.error; /* lent for this call: cnet_error_ref() keeps it */
  printf("error: %s %s %s %s - %s\n", err->code, err->syscall, err->address,
         err->port == port ? "true" : "false", err->message);
}

static void on_close(const cnet_event_t *ev, void *ctx) {
  if (ctx) printf("close, hadError %s\n", ev->u.close.had_error ? "true" : "false");
  next();
}

static void on_mine(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  printf("error: %s %s - the same object: %s\n", ev->u.error->code, ev->u.error->message,
         ev->u.error == mine ? "true" : "false");
}

static void on_abort(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  printf("error: %s %s - cause is the reason: %s\n", ev->u.error->name, ev->u.error->code,
         ev->u.error->cause == reason ? "true" : "false");
}

static void uncaught(const cnet_error_t *err, void *emitter, void *ctx) {
  (void)emitter, (void)ctx;
  printf("uncaught: %s\n", err->code);
}

static void next(void) {
  static int step;
  cnet_socket_t *s;
  switch (step++) {
    case 0: { /* a bad argument: Node throws, cnet returns the code */
      cnet_server_t *srv = cnet_create_server(NULL, NULL, NULL, NULL);
      int rc = cnet_server_listen_port(srv, 70000, NULL, NULL, NULL);
      if (rc < 0) printf("thrown: %s - %s\n", cnet_err_name(rc), cnet_last_error()->message);
      cnet_server_close(srv, NULL, NULL); /* it never listened: closing frees it */
      next();
      break;
    }
    case 1: /* a failed connect emits `error`, then `close` */
      s = cnet_connect_port(NULL, port, "127.0.0.1", NULL, NULL);
      cnet_on(s, CNET_EV_ERROR, on_refused, NULL);
      cnet_on(s, CNET_EV_CLOSE, on_close, "print");
      break;
    case 2: { /* destroy(err) hands on the very object */
      cnet_error_t *err = cnet_error_new("EGAVEUP", "gave up", NULL);
      mine = err;
      s = cnet_socket_new(NULL, NULL);
      cnet_on(s, CNET_EV_ERROR, on_mine, NULL);
      cnet_on(s, CNET_EV_CLOSE, on_close, NULL);
      cnet_socket_destroy(s, err); /* takes its own reference */
      cnet_error_unref(err);
      break;
    }
    case 3: { /* an abort's AbortError has the reason as its cause */
      cnet_abort_controller_t *ac = cnet_abort_controller_new();
      cnet_error_t *why = cnet_error_new(NULL, "shutting down", NULL);
      reason = why;
      s = cnet_socket_new(NULL, &(cnet_socket_opts){.signal = cnet_abort_controller_signal(ac)});
      cnet_on(s, CNET_EV_ERROR, on_abort, NULL);
      cnet_on(s, CNET_EV_CLOSE, on_close, NULL);
      cnet_abort_controller_abort(ac, why);
      cnet_error_unref(why);
      cnet_abort_controller_free(ac); /* the socket holds the signal as long as it needs */
      break;
    }
    case 4: /* no `error` listener: the loop's uncaught-error handler */
      cnet_set_uncaught_error_handler(NULL, uncaught, NULL);
      cnet_on(cnet_connect_port(NULL, port, "127.0.0.1", NULL, NULL), CNET_EV_CLOSE, on_close, NULL);
      break;
    default: break;
  }
}

static void on_probe_closed(cnet_server_t *srv, const cnet_error_t *err, void *ctx) {
  (void)srv, (void)err, (void)ctx;
  next();
}

static void on_probe_listening(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  port = cnet_server_port(ev->emitter);
  cnet_server_close(ev->emitter, on_probe_closed, NULL);
}

int main(void) {
  cnet_server_t *probe = cnet_create_server(NULL, NULL, NULL, NULL);
  cnet_server_listen_port(probe, 0, "127.0.0.1", on_probe_listening, NULL);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  return 0;
}
