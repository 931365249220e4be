/* test/parallel/test-net-pause-resume-connecting.js: pause() and resume()
 * called while a socket is still connecting take effect once it connects:
 * of five clients, the three left resumed get their data, the two left
 * paused get none until they are resumed without a `data` listener.
 * Node tears the paused ones down after 100 ms; here once every server
 * connection has flushed its data and FIN (`finish`) and the resumed
 * clients have their data, so the paused ones had theirs to hold back.
 * Node's clients connect to localhost; here 127.0.0.1. */
#include "../common.h"

static cnet_server_t *server;
static int connections, data_events, finished;
static cnet_socket_t *paused[2];

static void tear_down_when_done(void) {
  if (finished < 5 || data_events < 3) return;
  for (int i = 0; i < 2; i++) {
    cnet_remove_all_listeners(paused[i], CNET_EV_DATA);
    cnet_socket_resume(paused[i]);
  }
}

static void on_finish(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  finished++;
  tear_down_when_done();
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  connections++;
  cnet_on(ev->u.connection, CNET_EV_FINISH, on_finish, NULL);
  cnet_socket_end_string(ev->u.connection, "This was the year he fell to pieces.", NULL, NULL, NULL);
  if (connections == 5) cnet_server_close(server, NULL, NULL);
}

static void on_data_ok(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  data_events++;
  tear_down_when_done();
}
EXPECT_CALLS(must_not_get_data, 0);
static void must_not_get_data(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(must_not_get_data);
}

static cnet_socket_t *connect_client(void) {
  return cnet_create_connection_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *conn;
  /* Client 1 */
  conn = connect_client();
  cnet_socket_resume(conn);
  cnet_on(conn, CNET_EV_DATA, on_data_ok, NULL);
  /* Client 2 */
  conn = connect_client();
  cnet_socket_pause(conn);
  cnet_socket_resume(conn);
  cnet_on(conn, CNET_EV_DATA, on_data_ok, NULL);
  /* Client 3 */
  conn = connect_client();
  cnet_socket_pause(conn);
  cnet_on(conn, CNET_EV_DATA, must_not_get_data, NULL);
  paused[0] = conn;
  /* Client 4 */
  conn = connect_client();
  cnet_socket_resume(conn);
  cnet_socket_pause(conn);
  cnet_socket_resume(conn);
  cnet_on(conn, CNET_EV_DATA, on_data_ok, NULL);
  /* Client 5 */
  conn = connect_client();
  cnet_socket_resume(conn);
  cnet_socket_resume(conn);
  cnet_socket_pause(conn);
  cnet_on(conn, CNET_EV_DATA, must_not_get_data, NULL);
  paused[1] = conn;
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  int rc = node_test_run();
  CHECK_INT(connections, 5);
  CHECK_INT(data_events, 3);
  return rc;
}
