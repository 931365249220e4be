/* CNET_DEBUG=net tracing (see debug.h). */
#include "debug.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

bool cnet__debug_net;

/* Whether the comma-separated list names `net` (any case) or is "*". */
static bool names_net(const char *list) {
  while (list && *list) {
    const char *end = strchr(list, ',');
    size_t len = end ? (size_t)(end - list) : strlen(list);
    while (len && *list == ' ') list++, len--;
    while (len && list[len - 1] == ' ') len--;
    if ((len == 1 && *list == '*') || (len == 3 && strncasecmp(list, "net", 3) == 0)) return true;
    list = end ? end + 1 : NULL;
  }
  return false;
}

void cnet__debug_init(void) { cnet__debug_net = names_net(getenv("CNET_DEBUG")); }

__attribute__((constructor)) static void debug_at_load(void) { cnet__debug_init(); }

void cnet__debug_print(const char *fmt, ...) {
  char line[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  fprintf(stderr, "NET %ld: %s\n", (long)getpid(), line);
}
