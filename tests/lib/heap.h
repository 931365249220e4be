/* The heap in use (glibc's mallinfo2: small and mmapped blocks), for the
 * tests that measure what cnet keeps. 0 where there is no mallinfo2, and
 * under ASan and valgrind, which answer 0: callers skip their heap checks
 * then. */
#ifndef CNET_TEST_HEAP_H
#define CNET_TEST_HEAP_H

#include <stddef.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

static inline size_t test_heap_in_use(void) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
  struct mallinfo2 mi = mallinfo2();
  return mi.uordblks + mi.hblkhd;
#else
  return 0;
#endif
}

#endif
