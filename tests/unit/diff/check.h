/* Differential testing against Node: cnet's answers against the digests of
 * Node's in tests/vectors/diff/CATEGORY.txt (written by gen_diff.js there).
 *
 * By default the first SLICE_LINES lines of each file are checked (51,200
 * inputs a category, fast enough under valgrind); with CNET_LONG=1 in the
 * environment, all of them (a million a category). A block of answers that
 * differs is printed input by input with Node's answers beside cnet's, which
 * are asked of the oracle (../shared/tools/node-oracle, or $CNET_ORACLE);
 * without it, the commands that print both sides are printed instead. */
#ifndef CNET_DIFF_CHECK_H
#define CNET_DIFF_CHECK_H

#include "gen.h"

typedef struct {
  const char *name; /* CATEGORY */
  void (*gen)(drng *r, void *gen_arg, dbuf *input);
  /* cnet's answer, in the form gen_diff.js gives Node's. */
  void (*answer)(const dbuf *input, void *answer_arg, dbuf *answer);
  void *gen_arg, *answer_arg;
  /* Called before the first input: a fresh state for gen_arg and answer_arg. */
  void (*reset)(void *gen_arg, void *answer_arg);
} diff_category;

/* Checks one category; fails the cmocka test on any difference and prints
 * the figures: inputs compared, blocks differing. */
void diff_check(const diff_category *c);

/* `TEST --show CATEGORY FIRST COUNT` prints cnet's answers as
 * `gen_diff.js show` prints Node's, so the two can be diffed. Returns -1
 * when argv asks for no such thing (run the tests), else an exit code. */
int diff_show_main(int argc, char **argv, const diff_category *cats, size_t ncats);

#endif
