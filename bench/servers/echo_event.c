/* libevent, as its book ("Programming with Libevent", connection listeners)
 * writes an echo server: an evconnlistener, a bufferevent per connection,
 * and a read callback that moves the input buffer to the output buffer.
 *
 *   echo_event PORT|PATH */
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <stdio.h>

#include "../target.h"

static void echo_read_cb(struct bufferevent *bev, void *ctx) {
  (void)ctx;
  evbuffer_add_buffer(bufferevent_get_output(bev), bufferevent_get_input(bev));
}

static void echo_event_cb(struct bufferevent *bev, short events, void *ctx) {
  (void)ctx;
  if (events & (BEV_EVENT_EOF | BEV_EVENT_ERROR)) bufferevent_free(bev);
}

static void accept_conn_cb(struct evconnlistener *listener, evutil_socket_t fd,
                           struct sockaddr *address, int socklen, void *ctx) {
  (void)address, (void)socklen, (void)ctx;
  struct event_base *base = evconnlistener_get_base(listener);
  struct bufferevent *bev = bufferevent_socket_new(base, fd, BEV_OPT_CLOSE_ON_FREE);
  bufferevent_setcb(bev, echo_read_cb, NULL, echo_event_cb, NULL);
  bufferevent_enable(bev, EV_READ | EV_WRITE);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: echo_event PORT|PATH\n");
    return 2;
  }
  target_process_init();
  struct sockaddr_storage addr;
  socklen_t len = target_sockaddr(argv[1], &addr);
  struct event_base *base = event_base_new();
  struct evconnlistener *listener =
      evconnlistener_new_bind(base, accept_conn_cb, NULL, LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE,
                              -1, (struct sockaddr *)&addr, (int)len);
  if (!listener) {
    perror("evconnlistener_new_bind");
    return 1;
  }
  target_ready(argv[1], target_bound_port(evconnlistener_get_fd(listener)));
  return event_base_dispatch(base);
}
