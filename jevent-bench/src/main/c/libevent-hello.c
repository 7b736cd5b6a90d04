/*
 * The HTTP hello world on the real libevent 2.1's evhttp, for the side-by-side comparison with
 * jevent-http: the generic callback a libevent user writes, replying "Hello, World!" as text/plain
 * (evhttp adds Date, Content-Length and keep-alive). Prints "ready PORT" and runs until killed.
 * Build: gcc -O2 -o libevent-hello libevent-hello.c -levent
 */
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static const char HELLO[] = "Hello, World!";

static void on_request(struct evhttp_request *req, void *arg) {
    (void) arg;
    evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type", "text/plain");
    evbuffer_add(evhttp_request_get_output_buffer(req), HELLO, sizeof(HELLO) - 1);
    evhttp_send_reply(req, HTTP_OK, "OK", NULL);
}

int main(void) {
    /* A client that closes while a reply is being written must not end the server. */
    signal(SIGPIPE, SIG_IGN);
    struct event_base *base = event_base_new();
    struct evhttp *http = evhttp_new(base);
    evhttp_set_gencb(http, on_request, NULL);
    struct evhttp_bound_socket *bound = evhttp_bind_socket_with_handle(http, "127.0.0.1", 0);
    if (bound == NULL) {
        perror("evhttp_bind_socket_with_handle");
        return 1;
    }
    evutil_socket_t fd = evhttp_bound_socket_get_fd(bound);
    /* Linux hands TCP_NODELAY on to accepted sockets; jevent and Netty set it on every connection,
     * and without it pipelined replies written one by one would wait for the client's ACKs. */
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    struct sockaddr_in sin;
    socklen_t len = sizeof(sin);
    getsockname(fd, (struct sockaddr *) &sin, &len);
    printf("ready %d\n", ntohs(sin.sin_port));
    fflush(stdout);
    event_base_dispatch(base);
    evhttp_free(http);
    event_base_free(base);
    return 0;
}
