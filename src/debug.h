/* Internal: CNET_DEBUG=net, as Node's NODE_DEBUG=net: one line to stderr per
 * state change of sockets and servers ("NET 1234: afterConnect"). The
 * variable is a comma-separated list of names, in any case, or "*"; it is
 * read when the library is loaded. When it is off, a trace point is one
 * branch on a flag. */
#ifndef CNET_DEBUG_H
#define CNET_DEBUG_H

#include <stdbool.h>

extern bool cnet__debug_net;

/* Reads CNET_DEBUG again (the library does it once at load). */
void cnet__debug_init(void);
void cnet__debug_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define NET_DEBUG(...)                                                                        \
  do {                                                                                        \
    if (__builtin_expect(cnet__debug_net, 0)) cnet__debug_print(__VA_ARGS__);                 \
  } while (0)

#endif
