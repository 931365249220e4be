/* The socket file of a Unix socket server (sockfile.h).
 *
 * What is left open: between the look at the path and the unlink, the name
 * could still be changed (there is no unlink by descriptor); whoever does
 * that must be able to write to the folder, and wins only a window of one
 * system call. Changing the mode has no such window where O_PATH exists
 * (Linux): the descriptor that is checked is the one changed, through
 * /proc/self/fd, as glibc's fchmodat(AT_SYMLINK_NOFOLLOW) does. */
#include "sockfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uv.h>

#include "alloc.h"

static bool is_ours(const cnet_sockfile_t *f, const struct stat *st) {
  return S_ISSOCK(st->st_mode) && st->st_dev == f->dev && st->st_ino == f->ino;
}

bool cnet__sockfile_record(cnet_sockfile_t *f, const char *path) {
  struct stat st;
  free(f->path);
  f->path = NULL;
  if (lstat(path, &st) != 0 || !S_ISSOCK(st.st_mode)) return false;
  f->path = cnet__strdup(path);
  f->dev = st.st_dev;
  f->ino = st.st_ino;
  return true;
}

static int chmod_checked(const cnet_sockfile_t *f, mode_t bits) {
  struct stat st;
#ifdef O_PATH
  /* the name itself, not what a symlink there names */
  int fd = open(f->path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return -1;
  int rc = fstat(fd, &st);
  if (rc == 0 && !is_ours(f, &st)) rc = -1, errno = EPERM;
  if (rc == 0 && (st.st_mode & bits) != bits) {
    char proc[32];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    rc = chmod(proc, (st.st_mode | bits) & 07777);
    /* no /proc mounted: by name, just checked */
    if (rc != 0 && errno == ENOENT) rc = chmod(f->path, (st.st_mode | bits) & 07777);
  }
  int saved = errno;
  close(fd);
  errno = saved;
  return rc;
#else
  if (lstat(f->path, &st) != 0) return -1;
  if (!is_ours(f, &st)) return errno = EPERM, -1;
  if ((st.st_mode & bits) == bits) return 0;
  return chmod(f->path, (st.st_mode | bits) & 07777);
#endif
}

int cnet__sockfile_add_mode(const cnet_sockfile_t *f, mode_t bits) {
  if (!f->path) return UV_EPERM;
  return chmod_checked(f, bits) == 0 ? 0 : uv_translate_sys_error(errno);
}

void cnet__sockfile_remove(cnet_sockfile_t *f) {
  struct stat st;
  if (!f->path) return;
  if (lstat(f->path, &st) == 0 && is_ours(f, &st)) unlink(f->path);
  free(f->path);
  f->path = NULL;
}
