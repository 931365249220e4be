/* Internal: the debug build's check for stale pointers (cmake -DCNET_POISON=ON).
 *
 * A freed socket, server or timer is then overwritten with a pattern and
 * kept aside, not given back to malloc, so that a later public call with its
 * pointer finds the pattern and stops the program with a message naming the
 * call, instead of reading freed memory. The most recent CNET_POISON_KEEP
 * objects of each thread are kept; older ones are freed for real. Without
 * CNET_POISON, freeing is free() and the check is nothing. */
#ifndef CNET_POISON_H
#define CNET_POISON_H

#include <stdint.h>
#include <stdlib.h>

#ifdef CNET_POISON
#define CNET_POISON_KEEP 4096
void cnet__poison_free(void *p, size_t size);
/* Aborts with a message when p is an object that was freed. what: "socket". */
void cnet__poison_check(const void *p, const char *what, const char *fn);
#else
static inline void cnet__poison_free(void *p, size_t size) {
  (void)size;
  free(p);
}
static inline void cnet__poison_check(const void *p, const char *what, const char *fn) {
  (void)p;
  (void)what;
  (void)fn;
}
#endif

#endif
