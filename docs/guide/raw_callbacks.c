/* cnet calls from the program's own libuv callbacks: two plain uv timers
 * and a cnet timeout, all due at the same time. A tick queued from a
 * plain callback runs before the next cnet callback (the timeout), not
 * before the next plain one (B). */
#include <cnet.h>
#include <stdio.h>

static uv_timer_t a, b;

static void say(void *text) {
  printf("%s\n", (const char *)text);
}

static void on_a(uv_timer_t *t) {
  printf("libuv timer A\n");
  cnet_next_tick(t->loop, say, "tick queued by A");
  cnet_set_immediate(t->loop, say, "immediate queued by A");
  uv_close((uv_handle_t *)t, NULL);
}

static void on_b(uv_timer_t *t) {
  printf("libuv timer B\n");
  uv_close((uv_handle_t *)t, NULL);
}

int main(void) {
  uv_loop_t *loop = uv_default_loop();
  uv_timer_init(loop, &a);
  uv_timer_init(loop, &b);
  uv_timer_start(&a, on_a, 5, 0);
  uv_timer_start(&b, on_b, 5, 0);
  cnet_set_timeout(loop, 5, say, "cnet timeout");
  uv_run(loop, UV_RUN_DEFAULT);
  return uv_loop_close(loop) == 0 ? 0 : 1;
}
