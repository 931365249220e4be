/* Internal: idle timeouts for many sockets without a timer per socket.
 *
 * As Node's timers do, items of the same duration share a list kept in
 * order of last activity, so the head is the next to expire. Activity moves
 * an item to the tail (a few pointer writes, no timer re-arm); one uv_timer_t
 * per loop fires at the earliest head deadline. The timer is unreferenced:
 * a timeout never keeps the loop alive. */
#ifndef CNET_TIMEOUTS_H
#define CNET_TIMEOUTS_H

#include <stdint.h>
#include <uv.h>

typedef struct cnet_timeout_s cnet_timeout_t;
typedef struct cnet_timeout_list_s cnet_timeout_list_t;
typedef void (*cnet_timeout_cb)(cnet_timeout_t *t);

struct cnet_timeout_s {
  cnet_timeout_t *prev, *next;
  cnet_timeout_list_t *list; /* NULL when not enrolled */
  uint64_t last_active;
};

typedef struct {
  uv_timer_t timer;
  cnet_timeout_list_t *lists; /* one per distinct duration in use */
  size_t nlists;
  cnet_timeout_cb on_expire;
  uint64_t due;              /* when the timer fires; 0 when stopped */
} cnet_timeouts_t;

void cnet__timeouts_init(cnet_timeouts_t *ts, uv_loop_t *uv);
void cnet__timeouts_close(cnet_timeouts_t *ts, uv_close_cb cb, void *data);

/* Starts (or restarts) t with a duration of ms > 0; expiry calls cb once,
 * after which t is no longer enrolled. */
void cnet__timeout_enroll(cnet_timeouts_t *ts, cnet_timeout_t *t, uint32_t ms, cnet_timeout_cb cb);
void cnet__timeout_unenroll(cnet_timeouts_t *ts, cnet_timeout_t *t);
/* Activity: the timeout counts again from now. */
void cnet__timeout_touch(cnet_timeouts_t *ts, cnet_timeout_t *t);
uint32_t cnet__timeout_ms(const cnet_timeout_t *t);

#endif
