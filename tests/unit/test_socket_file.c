/* The file of a Unix socket server: cnet unlinks at close only the socket
 * file its own bind made, and changes the mode (readableAll/writableAll)
 * only of that file. Where the path names something else by then (another
 * server's socket after a restart, a file, a symlink to a file of someone
 * else's), it is left alone. Node (libuv) unlinks the path by name; this is
 * a deliberate difference (docs/api.md, Differences). The modes under a
 * umask and a symlink at the path are compared with Node in
 * tests/conformance/server_socket_file. A worker pool's shared socket
 * file follows the same rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cnet.h"

static uv_loop_t loop;
static char dir[32];
static char path[128], moved[128], victim[128];

static int setup(void **state) {
  (void)state;
  snprintf(dir, sizeof dir, "/tmp/cnet-sockfile-XXXXXX");
  if (!mkdtemp(dir)) return -1;
  snprintf(path, sizeof path, "%s/srv.sock", dir);
  snprintf(moved, sizeof moved, "%s/moved.sock", dir);
  snprintf(victim, sizeof victim, "%s/victim", dir);
  return uv_loop_init(&loop);
}

static int teardown(void **state) {
  (void)state;
  unlink(path);
  unlink(moved);
  unlink(victim);
  rmdir(dir);
  return uv_loop_close(&loop);
}

static void count(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  (*(int *)ctx)++;
}

static void run_until(const int *counter, int value) {
  for (int i = 0; i < 1000 && *counter < value; i++) uv_run(&loop, UV_RUN_ONCE);
  assert_int_equal(*counter, value);
}

/* A server listening on path, once `listening` has come. */
static cnet_server_t *listening_server(const cnet_listen_opts *opts) {
  int listening = 0;
  cnet_server_t *srv = cnet_create_server(&loop, NULL, NULL, NULL);
  cnet_listen_opts o = opts ? *opts : (cnet_listen_opts){0};
  o.path = path;
  assert_int_equal(cnet_server_listen(srv, &o, count, &listening), 0);
  run_until(&listening, 1);
  return srv;
}

static void close_server(cnet_server_t *srv) {
  int closed = 0;
  cnet_on(srv, CNET_EV_CLOSE, count, &closed);
  cnet_server_close(srv, NULL, NULL);
  run_until(&closed, 1);
}

static void write_file(const char *name, const char *text) {
  FILE *f = fopen(name, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static bool is_socket(const char *name) {
  struct stat st;
  return lstat(name, &st) == 0 && S_ISSOCK(st.st_mode);
}

/* The plain case: the file the bind made goes at close. */
static void own_file_is_unlinked(void **state) {
  (void)state;
  cnet_server_t *srv = listening_server(NULL);
  assert_true(is_socket(path));
  close_server(srv);
  assert_int_equal(access(path, F_OK), -1);
}

/* A restart: the old server's file was removed and a new server listens on
 * the path; closing the old one must not take the new one's file. */
static void close_keeps_the_next_servers_socket(void **state) {
  (void)state;
  cnet_server_t *old = listening_server(NULL);
  assert_int_equal(unlink(path), 0);
  cnet_server_t *fresh = listening_server(NULL);
  close_server(old);
  assert_true(is_socket(path));
  cnet_socket_t *c = cnet_connect_path(&loop, path, NULL, NULL);
  int connected = 0, closed = 0;
  cnet_on(c, CNET_EV_CONNECT, count, &connected);
  cnet_on(c, CNET_EV_CLOSE, count, &closed);
  run_until(&connected, 1);
  cnet_socket_destroy(c, NULL);
  run_until(&closed, 1);
  close_server(fresh);
  assert_int_equal(access(path, F_OK), -1);
}

/* The socket file moved away and a file of someone else's put in its place. */
static void close_keeps_a_file_put_in_its_place(void **state) {
  (void)state;
  cnet_server_t *srv = listening_server(NULL);
  assert_int_equal(rename(path, moved), 0);
  write_file(path, "not yours");
  close_server(srv);
  assert_false(is_socket(path));
  assert_int_equal(access(path, F_OK), 0);
  assert_true(is_socket(moved)); /* not at the path it bound: not touched either */
  unlink(moved);
}

/* A symlink put in its place: neither the link nor what it names goes. */
static void close_keeps_a_symlink_put_in_its_place(void **state) {
  (void)state;
  cnet_server_t *srv = listening_server(NULL);
  assert_int_equal(unlink(path), 0);
  write_file(victim, "victim");
  assert_int_equal(symlink(victim, path), 0);
  close_server(srv);
  struct stat st;
  assert_int_equal(lstat(path, &st), 0);
  assert_true(S_ISLNK(st.st_mode));
  assert_int_equal(access(victim, F_OK), 0);
  unlink(path);
}

static void pool_event(cnet_workers_t *pool, const cnet_error_t *err, void *ctx) {
  (void)pool;
  assert_null(err);
  (*(int *)ctx)++;
}

/* A worker pool's shared socket file (bound by the main loop for all):
 * the same rule at its close. */
static void pool_close_keeps_a_file_put_in_its_place(void **state) {
  (void)state;
  int listening = 0, closed = 0;
  cnet_workers_opts o = {.count = 1, .listen = {.path = path}, .listening = pool_event, .ctx = &listening};
  cnet_workers_t *pool = cnet_workers_new(&loop, &o);
  assert_non_null(pool);
  run_until(&listening, 1);
  assert_true(is_socket(path));
  assert_int_equal(unlink(path), 0);
  write_file(path, "not yours");
  assert_int_equal(cnet_workers_close(pool, 0, pool_event, &closed), 0);
  run_until(&closed, 1);
  assert_int_equal(access(path, F_OK), 0);
  assert_false(is_socket(path));
}

/* readableAll/writableAll add to the mode of the socket file, and of
 * nothing else: the umask still decides the rest. */
static void modes_add_to_the_umask(void **state) {
  (void)state;
  mode_t old = umask(077);
  struct stat st;
  cnet_server_t *srv = listening_server(&(cnet_listen_opts){.readable_all = true});
  assert_int_equal(lstat(path, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0744);
  close_server(srv);
  srv = listening_server(&(cnet_listen_opts){.writable_all = true});
  assert_int_equal(lstat(path, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0722);
  close_server(srv);
  umask(old);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(own_file_is_unlinked, setup, teardown),
      cmocka_unit_test_setup_teardown(close_keeps_the_next_servers_socket, setup, teardown),
      cmocka_unit_test_setup_teardown(close_keeps_a_file_put_in_its_place, setup, teardown),
      cmocka_unit_test_setup_teardown(close_keeps_a_symlink_put_in_its_place, setup, teardown),
      cmocka_unit_test_setup_teardown(pool_close_keeps_a_file_put_in_its_place, setup, teardown),
      cmocka_unit_test_setup_teardown(modes_add_to_the_umask, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
