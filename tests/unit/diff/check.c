/* Differential testing against Node: the digests, the answer files, the
 * slice and the long run, and what is printed when cnet and Node differ.
 * The file format is described in tests/vectors/diff/gen_diff.js. */
#include "check.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK 128      /* answers a digest */
#define LINE 16        /* blocks a line */
#define SLICE_LINES 25 /* checked without CNET_LONG: 51,200 inputs */
#define SHOWN_BLOCKS 3 /* differing blocks printed input by input */
#define FNV_BASIS 0x811c9dc5u

static const char *const SCRIPT = CNET_TEST_DATA_DIR "/vectors/diff/gen_diff.js";

/* 32-bit FNV-1a over the length (4 bytes, little-endian), then the bytes. */
static uint32_t digest(uint32_t h, const uint8_t *p, size_t n) {
  for (int i = 0; i < 4; i++) h = (h ^ ((uint32_t)n >> (8 * i) & 255)) * 0x01000193u;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x01000193u;
  return h;
}

static void start(const diff_category *c, drng *r) {
  r->s = digest(FNV_BASIS, (const uint8_t *)c->name, strlen(c->name));
  if (c->reset) c->reset(c->gen_arg, c->answer_arg);
}

/* Bytes outside ' '..'~', and '\', as \xHH: as gen_diff.js escape(). */
static void escape(FILE *f, const dbuf *b) {
  for (size_t i = 0; i < b->n; i++) {
    uint8_t c = b->p[i];
    if (c >= 0x20 && c < 0x7f && c != '\\') fputc(c, f);
    else fprintf(f, "\\x%02x", c);
  }
}

static char *escaped(const dbuf *b) {
  char *s = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&s, &n);
  escape(f, b);
  fclose(f);
  return s;
}

/* ---- the answer file ---- */

typedef struct {
  uint32_t inputs, blocks[LINE];
  int nblocks;
} answer_line;

typedef struct {
  answer_line *lines;
  size_t nlines, count;
} answer_file;

static answer_file read_answers(const char *name) {
  char path[512], *buf = NULL, hdr[64];
  size_t cap = 0, block, line, cat = 0;
  answer_file a = {0};
  snprintf(path, sizeof path, CNET_TEST_DATA_DIR "/vectors/diff/%s.txt", name);
  FILE *f = fopen(path, "r");
  if (!f) fail_msg("cannot open %s", path);
  while (getline(&buf, &cap, f) > 0) {
    if (buf[0] == '#') continue;
    if (a.count == 0) {
      if (sscanf(buf, "cnet-diff %63s %zu %zu %zu", hdr, &a.count, &block, &line) != 4 ||
          strcmp(hdr, name) != 0 || block != BLOCK || line != LINE)
        fail_msg("%s: bad header: %s", path, buf);
      cat = (a.count + BLOCK * LINE - 1) / (BLOCK * LINE);
      a.lines = calloc(cat, sizeof *a.lines);
      continue;
    }
    if (a.nlines == cat) fail_msg("%s: more lines than %zu inputs make", path, a.count);
    answer_line *l = &a.lines[a.nlines++];
    char *p = buf, *end;
    l->inputs = (uint32_t)strtoul(p, &end, 16);
    for (p = end; l->nblocks < LINE; p = end) {
      uint32_t d = (uint32_t)strtoul(p, &end, 16);
      if (end == p) break;
      l->blocks[l->nblocks++] = d;
    }
  }
  free(buf);
  fclose(f);
  if (a.count == 0 || a.nlines != cat) fail_msg("%s: %zu lines for %zu inputs", path, a.nlines, a.count);
  return a;
}

/* ---- what a difference prints ---- */

static const char *oracle(void) {
  const char *o = getenv("CNET_ORACLE");
  static const char *const beside = CNET_TEST_DATA_DIR "/../../shared/tools/node-oracle";
  return o && *o ? o : beside;
}

/* Node's answers to inputs first.., one `show` line each; NULL without Node. */
static char **node_lines(const char *name, size_t first, size_t n) {
  char cmd[1024], *line = NULL;
  size_t cap = 0, got = 0;
  if (access(oracle(), X_OK) != 0) return NULL;
  snprintf(cmd, sizeof cmd, "'%s' '%s' show %s %zu %zu 2>/dev/null", oracle(), SCRIPT, name, first, n);
  FILE *p = popen(cmd, "r");
  if (!p) return NULL;
  char **lines = calloc(n, sizeof *lines);
  ssize_t len;
  while (got < n && (len = getline(&line, &cap, p)) > 0) {
    if (line[len - 1] == '\n') line[len - 1] = '\0';
    lines[got++] = strdup(line);
  }
  free(line);
  pclose(p);
  if (got == n) return lines;
  for (size_t i = 0; i < got; i++) free(lines[i]);
  free(lines);
  return NULL;
}

static void explain_block(const diff_category *c, size_t first, size_t n, const dbuf *in,
                          const dbuf *ans) {
  char **node = node_lines(c->name, first, n);
  fprintf(stderr, "%s: the answers to inputs %zu..%zu differ from Node's\n", c->name, first,
          first + n - 1);
  if (!node) {
    fprintf(stderr, "  (no oracle here) Node's: %s %s show %s %zu %zu\n"
            "  cnet's: this test with --show %s %zu %zu\n",
            oracle(), SCRIPT, c->name, first, n, c->name, first, n);
    return;
  }
  int shown = 0;
  for (size_t i = 0; i < n; i++) {
    char *input = escaped(&in[i]), *answer = escaped(&ans[i]);
    char *tab = strchr(node[i], '\t'), *tab2 = tab ? strchr(tab + 1, '\t') : NULL;
    bool same_input = tab2 && (size_t)(tab2 - tab - 1) == strlen(input) &&
                      memcmp(tab + 1, input, strlen(input)) == 0;
    if (!same_input) {
      fprintf(stderr, "  input %zu: Node made [%s], cnet's generator [%s]: "
              "gen_diff.js and tests/unit/diff/ are out of step\n", first + i,
              tab ? tab + 1 : node[i], input);
      shown++;
    } else if (strcmp(tab2 + 1, answer) != 0 && shown < 5) {
      fprintf(stderr, "  input %zu [%s]\n    Node: [%s]\n    cnet: [%s]\n", first + i, input,
              tab2 + 1, answer);
      shown++;
    }
    free(input);
    free(answer);
    free(node[i]);
  }
  free(node);
}

/* ---- the check ---- */

void diff_check(const diff_category *c) {
  answer_file a = read_answers(c->name);
  const char *lng = getenv("CNET_LONG");
  bool all = lng && *lng && strcmp(lng, "0") != 0;
  size_t lines = all || a.nlines < SLICE_LINES ? a.nlines : SLICE_LINES;
  size_t limit = lines * BLOCK * LINE < a.count ? lines * BLOCK * LINE : a.count;
  dbuf in[BLOCK] = {{0}}, ans[BLOCK] = {{0}};
  uint32_t hin = FNV_BASIS, hblk = FNV_BASIS;
  size_t bad_blocks = 0, bad_lines = 0;
  drng r;

  start(c, &r);
  for (size_t i = 0; i < limit; i++) {
    size_t k = i % BLOCK;
    c->gen(&r, c->gen_arg, &in[k]);
    db_clear(&ans[k]);
    c->answer(&in[k], c->answer_arg, &ans[k]);
    hin = digest(hin, in[k].p, in[k].n);
    hblk = digest(hblk, ans[k].p, ans[k].n);
    const answer_line *l = &a.lines[i / (BLOCK * LINE)];
    if (k == BLOCK - 1 || i + 1 == a.count) {
      if (hblk != l->blocks[i / BLOCK % LINE] && ++bad_blocks <= SHOWN_BLOCKS)
        explain_block(c, i - k, k + 1, in, ans);
      hblk = FNV_BASIS;
    }
    if ((i + 1) % (BLOCK * LINE) == 0 || i + 1 == a.count) {
      if (hin != l->inputs && ++bad_lines <= SHOWN_BLOCKS)
        fprintf(stderr, "%s: the inputs from %zu differ from Node's: gen_diff.js and "
                "tests/unit/diff/ are out of step\n", c->name, i - i % (BLOCK * LINE));
      hin = FNV_BASIS;
    }
  }
  if (c->reset) c->reset(c->gen_arg, c->answer_arg);
  for (size_t k = 0; k < BLOCK; k++) db_free(&in[k]), db_free(&ans[k]);
  free(a.lines);
  printf("[ diff     ] %s: %zu of %zu inputs compared with Node v23.5.0's answers%s: "
         "%zu blocks of %d differ, %zu input lines differ\n", c->name, limit, a.count,
         all ? "" : " (CNET_LONG=1 for all)", bad_blocks, BLOCK, bad_lines);
  fflush(stdout);
  assert_int_equal(bad_blocks + bad_lines, 0);
}

int diff_show_main(int argc, char **argv, const diff_category *cats, size_t ncats) {
  if (argc < 2 || strcmp(argv[1], "--show") != 0) return -1;
  const diff_category *c = NULL;
  for (size_t i = 0; argc == 5 && i < ncats; i++)
    if (strcmp(cats[i].name, argv[2]) == 0) c = &cats[i];
  if (!c) {
    fprintf(stderr, "usage: %s --show CATEGORY FIRST COUNT\n", argv[0]);
    return 2;
  }
  size_t first = strtoul(argv[3], NULL, 10), end = first + strtoul(argv[4], NULL, 10);
  dbuf in = {0}, ans = {0};
  drng r;
  start(c, &r);
  for (size_t i = 0; i < end; i++) {
    c->gen(&r, c->gen_arg, &in);
    db_clear(&ans);
    c->answer(&in, c->answer_arg, &ans);
    if (i < first) continue;
    printf("%zu\t", i);
    escape(stdout, &in);
    putchar('\t');
    escape(stdout, &ans);
    putchar('\n');
  }
  if (c->reset) c->reset(c->gen_arg, c->answer_arg);
  db_free(&in);
  db_free(&ans);
  return 0;
}
