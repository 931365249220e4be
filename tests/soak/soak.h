/* The soak test (soak.c): many connections between a cnet server and cnet
 * clients in a process of their own, each end streaming checksummed bytes
 * with random chunk sizes, pauses, idle timeouts and half-closes; at the
 * end both processes' accounts of every connection must agree. endpoint.c
 * is one end of a connection, the same code on both sides. */
#ifndef CNET_SOAK_H
#define CNET_SOAK_H

#include <cnet.h>
#include <stdbool.h>
#include <stdint.h>

/* A checksum of a byte stream that does not depend on how the stream was
 * cut: FNV-1a over its 64-bit little-endian words (the last one padded
 * with zeros), kept with the bytes of the word under way. */
typedef struct {
  uint64_t h, word;
  uint32_t nword; /* bytes in word */
} soak_sum_t;

/* What one end saw of one connection; both processes keep one per
 * connection and the server compares them at the end. */
typedef struct {
  uint64_t id;
  uint64_t sent, recv;        /* bytes handed to write(), bytes `data` brought */
  soak_sum_t sent_sum, recv_sum;
  uint32_t timeouts, pauses, drains;
  uint32_t flags;
} soak_record_t;

enum {
  REC_ENDED = 1u << 0,     /* we called end() */
  REC_GOT_END = 1u << 1,   /* the peer's end came */
  REC_END_FIRST = 1u << 2, /* ... before we ended: half-open for a while */
  REC_CLOSED = 1u << 3,
  REC_ERROR = 1u << 4,     /* an `error`, or close(true): a failure */
};

typedef struct {
  int connections;       /* held at once */
  uint64_t duration_ms;  /* of the streaming phase */
  int sleepy_every;      /* 1 in this many connections idles past its timeout */
} soak_config_t;

extern soak_config_t soak_cfg;

/* One end of a connection (endpoint.c). */
typedef struct endpoint endpoint_t;
typedef void (*endpoint_closed_fn)(const soak_record_t *rec, void *ctx);

/* Watches s (a client: id known, streams once endpoint_start() is called;
 * the server's end: learns the id from the first 8 bytes and streams at
 * once). closed runs at `close` with the record. */
endpoint_t *endpoint_new(cnet_socket_t *s, bool is_client, uint64_t id, endpoint_closed_fn closed,
                         void *ctx);
/* A client end starts streaming; stop_at is when it half-closes (ms of
 * uv_hrtime). */
void endpoint_start(endpoint_t *e, uint64_t stop_at_ms);

uint64_t soak_now_ms(void);
void soak_sum_init(soak_sum_t *c);
void soak_sum_add(soak_sum_t *c, const char *p, size_t n);
uint64_t soak_sum_value(const soak_sum_t *c);
bool soak_sleepy(uint64_t id);

#endif
