/*
 * The echo server on the real libevent 2.1, for the side-by-side comparison: the listener and
 * bufferevent program a libevent user writes (the evconnlistener article). Prints "ready PORT METHOD"
 * (METHOD: the backend libevent chose, as event_base_get_method says) and runs until killed.
 * Build: gcc -O2 -o libevent-echo libevent-echo.c -levent
 */
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>

static void on_read(struct bufferevent *bev, void *arg) {
    (void) arg;
    evbuffer_add_buffer(bufferevent_get_output(bev), bufferevent_get_input(bev));
}

static void on_event(struct bufferevent *bev, short what, void *arg) {
    (void) arg;
    if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR)) {
        bufferevent_free(bev);
    }
}

static void on_accept(struct evconnlistener *listener, evutil_socket_t fd, struct sockaddr *peer, int len,
        void *arg) {
    (void) peer;
    (void) len;
    (void) arg;
    /* Netty sets TCP_NODELAY on every connection by default; without it, libevent's 4 KiB reads and
     * writes meet Nagle's algorithm and the client's delayed ACK at 16 KiB and stall 40 ms each. */
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    struct bufferevent *bev = bufferevent_socket_new(evconnlistener_get_base(listener), fd,
            BEV_OPT_CLOSE_ON_FREE);
    bufferevent_setcb(bev, on_read, NULL, on_event, NULL);
    bufferevent_enable(bev, EV_READ | EV_WRITE);
}

int main(void) {
    struct event_base *base = event_base_new();
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sin.sin_port = 0;
    struct evconnlistener *listener = evconnlistener_new_bind(base, on_accept, NULL,
            LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE, 1024, (struct sockaddr *) &sin, sizeof(sin));
    if (listener == NULL) {
        perror("evconnlistener_new_bind");
        return 1;
    }
    struct sockaddr_in bound;
    socklen_t blen = sizeof(bound);
    getsockname(evconnlistener_get_fd(listener), (struct sockaddr *) &bound, &blen);
    printf("ready %d %s\n", ntohs(bound.sin_port), event_base_get_method(base));
    fflush(stdout);
    event_base_dispatch(base);
    evconnlistener_free(listener);
    event_base_free(base);
    return 0;
}
