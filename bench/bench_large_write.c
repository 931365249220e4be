/* One 256 MiB write through a cnet socket over TCP loopback: how many
 * copies of it the process holds at its peak, and the time it takes.
 *
 * A raw libuv reader in the same loop reads into one 64 KiB buffer and
 * checks every byte. The source buffer is filled (so resident) before the
 * peak resident set (VmHWM, reset through /proc/self/clear_refs) starts to
 * count; copies = (peak - resident before the write) / 256 MiB. Both
 * socket.write() (which copies what the kernel does not take at once) and
 * cnet_socket_write_nocopy() are measured. */
#include <cnet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIZE ((size_t)256 << 20)
#define PERIOD 251

static uv_loop_t *loop;
static char *source;
static size_t received;
static int reader_done, write_done;
static char inbuf[65536];

/* VmRSS or VmHWM of this process, in bytes. */
static long status_bytes(const char *key) {
  char line[256];
  long kb = -1;
  size_t n = strlen(key);
  FILE *f = fopen("/proc/self/status", "r");
  while (f && fgets(line, sizeof line, f))
    if (strncmp(line, key, n) == 0 && line[n] == ':') kb = atol(line + n + 1);
  if (f) fclose(f);
  return kb * 1024;
}

static void reset_peak(void) {
  FILE *f = fopen("/proc/self/clear_refs", "w");
  if (!f || fputs("5", f) < 0 || fclose(f) != 0) {
    fprintf(stderr, "bench_large_write: cannot reset VmHWM through /proc/self/clear_refs\n");
    exit(1);
  }
}

/* ---- the reader: raw libuv ---- */

static void reader_alloc(uv_handle_t *h, size_t size, uv_buf_t *b) {
  (void)h, (void)size;
  *b = uv_buf_init(inbuf, sizeof inbuf);
}

static void reader_read(uv_stream_t *st, ssize_t n, const uv_buf_t *b) {
  if (n < 0) {
    uv_close((uv_handle_t *)st, (uv_close_cb)free);
    reader_done = 1;
    return;
  }
  if ((size_t)n > SIZE - received || memcmp(b->base, source + received, (size_t)n) != 0) {
    fprintf(stderr, "bench_large_write: wrong bytes at offset %zu\n", received);
    exit(1);
  }
  received += (size_t)n;
}

static void reader_accept(uv_stream_t *server, int status) {
  if (status) return;
  uv_tcp_t *c = malloc(sizeof *c);
  uv_tcp_init(loop, c);
  uv_accept(server, (uv_stream_t *)c);
  uv_read_start((uv_stream_t *)c, reader_alloc, reader_read);
}

/* ---- the writer: cnet ---- */

static void wrote(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  (void)ctx;
  if (err) {
    fprintf(stderr, "bench_large_write: %s\n", err->message);
    exit(1);
  }
  write_done = 1;
  cnet_socket_end(s, NULL, NULL);
}

static void on_connect(const cnet_event_t *ev, void *nocopy) {
  if (*(int *)nocopy) cnet_socket_write_nocopy(ev->emitter, source, SIZE, wrote, NULL);
  else cnet_socket_write(ev->emitter, source, SIZE, wrote, NULL);
}

static void run(int port, int nocopy) {
  received = 0;
  reader_done = write_done = 0;
  reset_peak();
  long before = status_bytes("VmRSS");
  uint64_t t0 = uv_hrtime();
  cnet_connect_port(loop, port, "127.0.0.1", on_connect, &nocopy);
  while (!reader_done) uv_run(loop, UV_RUN_ONCE);
  double secs = (double)(uv_hrtime() - t0) / 1e9;
  uv_run(loop, UV_RUN_NOWAIT); /* the writer's close */
  long peak = status_bytes("VmHWM");
  if (received != SIZE || !write_done) {
    fprintf(stderr, "bench_large_write: %zu of %zu bytes arrived\n", received, SIZE);
    exit(1);
  }
  printf("  %-24s copies %.2f, peak RSS %6.1f MiB (%+.1f MiB), %.2f s, %.0f MB/s\n",
         nocopy ? "cnet_socket_write_nocopy" : "socket.write", (double)(peak - before) / SIZE,
         peak / 1048576.0, (peak - before) / 1048576.0, secs, SIZE / secs / 1e6);
}

int main(void) {
  loop = uv_default_loop();
  source = malloc(SIZE);
  for (size_t i = 0; i < SIZE; i++) source[i] = (char)(i % PERIOD);
  uv_tcp_t server;
  struct sockaddr_in addr;
  uv_ip4_addr("127.0.0.1", 0, &addr);
  uv_tcp_init(loop, &server);
  uv_tcp_bind(&server, (const struct sockaddr *)&addr, 0);
  if (uv_listen((uv_stream_t *)&server, 16, reader_accept) != 0) {
    fprintf(stderr, "bench_large_write: cannot listen\n");
    return 1;
  }
  struct sockaddr_storage ss;
  int len = sizeof ss;
  uv_tcp_getsockname(&server, (struct sockaddr *)&ss, &len);
  int port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
  printf("one write of 256 MiB through a cnet socket, TCP loopback, read by raw libuv "
         "(source buffer resident before; copies = peak RSS growth / 256 MiB)\n");
  run(port, 0);
  run(port, 1);
  uv_close((uv_handle_t *)&server, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  free(source);
  return 0;
}
