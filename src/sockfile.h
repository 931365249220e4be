/* Internal: the file a Unix socket server's bind makes. The path is a name
 * in a folder others may write to as well, so cnet acts on the file only
 * while the name still leads to the very socket file its bind made: it
 * changes that file's mode and unlinks it at close, and leaves alone
 * whatever else may be at the path by then (another server's socket, a
 * file, a symlink). */
#ifndef CNET_SOCKFILE_H
#define CNET_SOCKFILE_H

#include <stdbool.h>
#include <sys/types.h>

typedef struct {
  char *path; /* NULL: no file of ours */
  dev_t dev;
  ino_t ino;
} cnet_sockfile_t;

/* Right after a successful bind to path: the socket file it made. False
 * (nothing recorded) when path no longer names a socket file. */
bool cnet__sockfile_record(cnet_sockfile_t *f, const char *path);
/* Adds mode bits to the socket file (readableAll/writableAll): 0, or a
 * negative libuv code when the path no longer leads to it. */
int cnet__sockfile_add_mode(const cnet_sockfile_t *f, mode_t bits);
/* At close: unlinks the file if the path still names it, and forgets it. */
void cnet__sockfile_remove(cnet_sockfile_t *f);

#endif
