#include "alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *checked(void *p) {
  if (!p) {
    fputs("cnet: out of memory\n", stderr);
    abort();
  }
  return p;
}

void *cnet__malloc(size_t size) { return checked(malloc(size ? size : 1)); }
void *cnet__calloc(size_t n, size_t size) { return checked(calloc(n ? n : 1, size ? size : 1)); }
void *cnet__realloc(void *p, size_t size) { return checked(realloc(p, size ? size : 1)); }
char *cnet__strdup(const char *s) { return checked(strdup(s)); }
