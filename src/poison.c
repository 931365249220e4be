/* The debug build's poisoning of freed objects (see poison.h). */
#include "poison.h"

#ifdef CNET_POISON
#include <stdio.h>
#include <string.h>

#define PATTERN 0xdb /* the first word of a freed object reads 0xdbdb... */

static _Thread_local void *kept[CNET_POISON_KEEP];
static _Thread_local size_t next_slot;

void cnet__poison_free(void *p, size_t size) {
  if (!p) return;
  memset(p, PATTERN, size);
  free(kept[next_slot]);
  kept[next_slot] = p;
  next_slot = (next_slot + 1) % CNET_POISON_KEEP;
}

void cnet__poison_check(const void *p, const char *what, const char *fn) {
  uint64_t first;
  if (!p) return;
  memcpy(&first, p, sizeof first);
  if (first != UINT64_C(0xdbdbdbdbdbdbdbdb)) return;
  fflush(stdout);
  fprintf(stderr,
          "cnet: %s() was given a %s that has been freed (%p): it was used after its "
          "`close`, or after the callback that ended its life; keep it with the retain "
          "call (see docs/lifetime.md)\n",
          fn, what, p);
  abort();
}
#else
typedef int cnet__poison_unused; /* ISO C wants something in a translation unit */
#endif
