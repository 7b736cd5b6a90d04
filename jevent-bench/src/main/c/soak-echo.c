/*
 * The echo server of the soak runs, on the real libevent 2.1: the same duties as jevent's echo
 * example, so that both face the same load and faults.
 *  - Echoes what it reads; stops reading a client while 256 KiB wait to be sent to it (a client
 *    that never reads must not grow the server), and reads again once they are sent.
 *  - On EOF (a half-close) it sends what is still queued, then closes.
 *  - On SIGTERM or SIGINT it stops the loop and exits with status 0.
 * Prints "ready PORT" when it listens. Usage: soak-echo [PORT]  (default 0: any free port)
 * Build: gcc -O2 -o soak-echo soak-echo.c -levent
 */
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PENDING (256 * 1024)

static void on_write(struct bufferevent *bev, void *arg);

static void on_read(struct bufferevent *bev, void *arg) {
    (void) arg;
    struct evbuffer *out = bufferevent_get_output(bev);
    evbuffer_add_buffer(out, bufferevent_get_input(bev));
    if (evbuffer_get_length(out) >= MAX_PENDING) {
        bufferevent_disable(bev, EV_READ);
    }
}

/* Called when the output has drained: read again, or close if the client has finished sending. */
static void on_write(struct bufferevent *bev, void *arg) {
    if (arg != NULL) {
        bufferevent_free(bev);
    } else if (!(bufferevent_get_enabled(bev) & EV_READ)) {
        bufferevent_enable(bev, EV_READ);
    }
}

static void on_event(struct bufferevent *bev, short what, void *arg) {
    (void) arg;
    if (what & BEV_EVENT_EOF) {
        /* A half-close: answer what is left in the input, send everything queued, then close. */
        evbuffer_add_buffer(bufferevent_get_output(bev), bufferevent_get_input(bev));
        if (evbuffer_get_length(bufferevent_get_output(bev)) == 0) {
            bufferevent_free(bev);
        } else {
            bufferevent_disable(bev, EV_READ);
            bufferevent_setcb(bev, NULL, on_write, on_event, bev);
        }
    } else if (what & BEV_EVENT_ERROR) {
        bufferevent_free(bev);
    }
}

static void on_accept(struct evconnlistener *listener, evutil_socket_t fd, struct sockaddr *peer, int len,
        void *arg) {
    (void) peer;
    (void) len;
    (void) arg;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    struct bufferevent *bev = bufferevent_socket_new(evconnlistener_get_base(listener), fd,
            BEV_OPT_CLOSE_ON_FREE);
    bufferevent_setcb(bev, on_read, on_write, on_event, NULL);
    bufferevent_enable(bev, EV_READ | EV_WRITE);
}

/* Out of descriptors, accept() fails; libevent's listener reports it here and keeps listening. */
static void on_accept_error(struct evconnlistener *listener, void *arg) {
    (void) listener;
    (void) arg;
}

static void on_signal(evutil_socket_t sig, short what, void *arg) {
    (void) sig;
    (void) what;
    event_base_loopexit((struct event_base *) arg, NULL);
}

int main(int argc, char **argv) {
    signal(SIGPIPE, SIG_IGN);
    struct event_base *base = event_base_new();
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sin.sin_port = htons(argc > 1 ? (unsigned short) atoi(argv[1]) : 0);
    struct evconnlistener *listener = evconnlistener_new_bind(base, on_accept, NULL,
            LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE, 1024, (struct sockaddr *) &sin, sizeof(sin));
    if (listener == NULL) {
        perror("evconnlistener_new_bind");
        return 1;
    }
    evconnlistener_set_error_cb(listener, on_accept_error);
    struct event *term = evsignal_new(base, SIGTERM, on_signal, base);
    struct event *intr = evsignal_new(base, SIGINT, on_signal, base);
    event_add(term, NULL);
    event_add(intr, NULL);
    struct sockaddr_in bound;
    socklen_t blen = sizeof(bound);
    getsockname(evconnlistener_get_fd(listener), (struct sockaddr *) &bound, &blen);
    printf("ready %d\n", ntohs(bound.sin_port));
    fflush(stdout);
    event_base_dispatch(base);
    printf("stopped by a signal\n");
    event_free(term);
    event_free(intr);
    evconnlistener_free(listener);
    event_base_free(base);
    return 0;
}
