/* Internal: net.BlockList for the socket and server code. */
#ifndef CNET_BLOCKLIST_H
#define CNET_BLOCKLIST_H

#include "cnet.h"

/* blockList.check() on a kernel address: 1 blocked, 0 not (also for a family
 * other than AF_INET / AF_INET6). No strings, no allocation once the index
 * is built. An AF_INET6 address is checked as Node checks an 'ipv6' one. */
int cnet__blocklist_check_sockaddr(const cnet_blocklist_t *bl, const struct sockaddr *addr);

/* A `blockList` option: 0, or Node's ERR_INVALID_ARG_TYPE when p is set
 * and not a BlockList. */
int cnet__check_block_list_option(const cnet_blocklist_t *p);

#endif
