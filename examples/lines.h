/* Splits a byte stream into lines, as Node's readline does for a socket
 * (readline.createInterface({ input: socket }).on('line', ...)). Shared by
 * the examples that speak a line protocol. */
#ifndef EXAMPLES_LINES_H
#define EXAMPLES_LINES_H

#include <stdbool.h>
#include <stddef.h>

#define LINE_MAX_LEN 1024

typedef struct {
  char text[LINE_MAX_LEN + 1];
  size_t len;
} line_buffer;

/* Gets each line, NUL-terminated, without its "\n" or "\r\n"; borrowed for
 * the call. Returns false to stop reading the lines of this feed. */
typedef bool (*line_fn)(char *line, void *ctx);

/* Feeds bytes read from the stream. False when a line is longer than
 * LINE_MAX_LEN, or when fn stopped. */
static inline bool lines_feed(line_buffer *lb, const char *bytes, size_t len, line_fn fn, void *ctx) {
  for (size_t i = 0; i < len; i++) {
    if (bytes[i] != '\n') {
      if (lb->len == LINE_MAX_LEN) return false;
      lb->text[lb->len++] = bytes[i];
      continue;
    }
    if (lb->len && lb->text[lb->len - 1] == '\r') lb->len--;
    lb->text[lb->len] = '\0';
    lb->len = 0;
    if (!fn(lb->text, ctx)) return false;
  }
  return true;
}

#endif
