/* Internal: allocation that never returns NULL. cnet treats running out of
 * memory as libuv does in its own allocations it cannot fail: it aborts. */
#ifndef CNET_ALLOC_H
#define CNET_ALLOC_H

#include <stddef.h>

void *cnet__malloc(size_t size);
void *cnet__calloc(size_t n, size_t size);
void *cnet__realloc(void *p, size_t size);
char *cnet__strdup(const char *s);

#endif
