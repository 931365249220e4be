/* Resident memory from /proc/self/statm, every SAMPLE_MS. */
#include "sampler.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../lib/heap.h"
#include "soak.h"

struct sampler sampler;
bool sampler_flat_check;

static const int *open_count;
static cnet_timer_t *timer;

static uint64_t rss_now(void) {
  unsigned long size, resident = 0;
  FILE *f = fopen("/proc/self/statm", "r");
  if (f) {
    if (fscanf(f, "%lu %lu", &size, &resident) != 2) resident = 0;
    fclose(f);
  }
  return (uint64_t)resident * (uint64_t)sysconf(_SC_PAGESIZE);
}

static void sample(void *ctx) {
  (void)ctx;
  if (sampler.n == sampler.cap) {
    sampler.cap = sampler.cap ? sampler.cap * 2 : 256;
    sampler.v = realloc(sampler.v, sampler.cap * sizeof *sampler.v);
  }
  sampler.v[sampler.n++] = (sample_t){soak_now_ms(), rss_now(), test_heap_in_use(), (uint32_t)*open_count, 0};
}

void sampler_start(const int *open) {
  open_count = open;
  sampler.start_ms = soak_now_ms();
  sample(NULL);
  timer = cnet_timer_retain(cnet_timer_unref(cnet_set_interval(NULL, SAMPLE_MS, sample, NULL)));
}

void sampler_stop(void) {
  if (!timer) return;
  sample(NULL);
  cnet_clear_interval(timer);
  cnet_timer_release(timer);
  timer = NULL;
}

void sampler_free(void) {
  free(sampler.v);
  sampler.v = NULL;
  sampler.n = sampler.cap = 0;
}

static double mb(uint64_t b) { return (double)b / (1024.0 * 1024.0); }

bool sampler_report(const char *who, const sample_t *v, size_t n, uint64_t steady_ms,
                    uint64_t duration_ms) {
  uint64_t end_ms = steady_ms + duration_ms, mid_ms = steady_ms + duration_ms / 2;
  uint64_t at_start = 0, first_max = 0, second_max = 0, peak = 0, last = n ? v[n - 1].rss : 0;
  uint64_t heap_first = 0, heap_second = 0;
  size_t first_n = 0, second_n = 0;
  for (size_t i = 0; i < n; i++) {
    if (v[i].rss > peak) peak = v[i].rss;
    if (v[i].t_ms < steady_ms) continue;
    if (!at_start) at_start = v[i].rss;
    if (v[i].t_ms >= end_ms) continue;
    if (v[i].t_ms < mid_ms) {
      first_n++;
      if (v[i].rss > first_max) first_max = v[i].rss;
      if (v[i].heap > heap_first) heap_first = v[i].heap;
    } else {
      second_n++;
      if (v[i].rss > second_max) second_max = v[i].rss;
      if (v[i].heap > heap_second) heap_second = v[i].heap;
    }
  }
  printf("soak: %s RSS: %.1f MB at the start, %.1f MB once all were open, streaming: peak %.1f MB in "
         "the first half, %.1f MB in the second (%zu samples), %.1f MB at the end, %.1f MB peak\n",
         who, mb(n ? v[0].rss : 0), mb(at_start), mb(first_max), mb(second_max), first_n + second_n,
         mb(last), mb(peak));
  if (heap_first)
    printf("soak: %s heap in use while streaming: peak %.1f MB in the first half, %.1f MB in the second\n",
           who, mb(heap_first), mb(heap_second));
  if (first_n < 8 || second_n < 8) {
    printf("soak: %s RSS: too few samples to call it flat or not\n", who);
    return true;
  }
  bool flat = second_max <= first_max + first_max / 10 + (4u << 20);
  printf("soak: %s RSS %s across the streaming phase%s\n", who, flat ? "flat" : "GREW",
         sampler_flat_check ? "" : " (not checked: valgrind or a sanitizer)");
  return flat || !sampler_flat_check;
}
