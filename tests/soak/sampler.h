/* Resident memory sampled across the soak, and its report (sampler.c). */
#ifndef CNET_SOAK_SAMPLER_H
#define CNET_SOAK_SAMPLER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__SANITIZE_ADDRESS__)
#define SOAK_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SOAK_SANITIZED 1
#endif
#endif
#ifndef SOAK_SANITIZED
#define SOAK_SANITIZED 0
#endif

#define SAMPLE_MS 250

typedef struct {
  uint64_t t_ms; /* soak_now_ms() */
  uint64_t rss;  /* bytes */
  uint64_t heap; /* bytes malloc has handed out and not had back (glibc), or 0 */
  uint32_t open; /* connections open */
  uint32_t pad;
} sample_t;

extern struct sampler {
  sample_t *v;
  size_t n, cap;
  uint64_t start_ms;
} sampler;

/* Whether sampler_report() fails a run whose memory grew (not under
 * valgrind or a sanitizer, whose own bookkeeping grows). */
extern bool sampler_flat_check;

/* Samples every SAMPLE_MS on the default loop (the timer does not keep
 * it alive), with *open as the connection count. */
void sampler_start(const int *open);
void sampler_stop(void);
void sampler_free(void);

/* Prints the figures of one process's samples: before and while streaming
 * (from steady_ms on, for duration_ms). The streaming phase is flat when
 * its second half's peak is within 10% (and 4 MB) of its first half's.
 * False when it is not and sampler_flat_check is on, or too short to say
 * (then only printed). */
bool sampler_report(const char *who, const sample_t *v, size_t n, uint64_t steady_ms,
                    uint64_t duration_ms);

#endif
