/*
 * Scenario bufferevent_connect_refused: what a socket bufferevent reports
 * when bufferevent_socket_connect targets a closed loopback port.
 *
 * Case "a" enables EV_READ before connecting (so READ|WRITE are enabled),
 * case "b" leaves the default (WRITE only).
 */
#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include <event2/bufferevent_struct.h>

/* Whether the bufferevent's internal read/write events are registered with
 * the loop, as "READ|WRITE"/"READ"/"WRITE"/"none". */
static const char *pending(struct bufferevent *bev, char *out, size_t size)
{
	short p = 0;
	if (event_pending(&bev->ev_read, EV_READ, NULL))
		p |= EV_READ;
	if (event_pending(&bev->ev_write, EV_WRITE, NULL))
		p |= EV_WRITE;
	return ev_flags_name(p, out, size);
}

struct state {
	const char *name;
	struct bufferevent *bev;
	int in_connect;		/* 1 while bufferevent_socket_connect runs */
	int read_calls, write_calls, event_calls;
	int event_calls_in_connect;
};

static void read_cb(struct bufferevent *bev, void *arg)
{
	struct state *s = arg;
	(void)bev;
	s->read_calls++;
	printf("%s-read-callback: %d\n", s->name, s->read_calls);
}

static void write_cb(struct bufferevent *bev, void *arg)
{
	struct state *s = arg;
	(void)bev;
	s->write_calls++;
	printf("%s-write-callback: %d\n", s->name, s->write_calls);
}

static void event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct state *s = arg;
	char w[64], e[64];
	int err = EVUTIL_SOCKET_ERROR();
	s->event_calls++;
	if (s->in_connect)
		s->event_calls_in_connect++;
	printf("%s-event-%d-what: %s\n", s->name, s->event_calls,
	    bev_what_name(what, w, sizeof(w)));
	printf("%s-event-%d-inside-connect: %s\n", s->name, s->event_calls,
	    s->in_connect ? "yes" : "no");
	printf("%s-event-%d-socket-error: %s\n", s->name, s->event_calls,
	    evutil_socket_error_to_string(err));
	printf("%s-event-%d-enabled: %s\n", s->name, s->event_calls,
	    ev_flags_name(bufferevent_get_enabled(bev), e, sizeof(e)));
	printf("%s-event-%d-pending: %s\n", s->name, s->event_calls,
	    pending(bev, e, sizeof(e)));
	printf("%s-event-%d-fd-open: %s\n", s->name, s->event_calls,
	    bufferevent_getfd(bev) >= 0 ? "yes" : "no");
}

/* A loopback port that was just bound and closed again, so nothing
 * listens on it. */
static int closed_port(void)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	trace_check(fd >= 0, "socket");
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = 0;
	trace_check(bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0,
	    "bind");
	trace_check(listen(fd, 1) == 0, "listen");
	trace_check(getsockname(fd, (struct sockaddr *)&sin, &len) == 0,
	    "getsockname");
	close(fd);
	return ntohs(sin.sin_port);
}

static struct sockaddr_in loopback(int port)
{
	struct sockaddr_in sin;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons(port);
	return sin;
}

static void run_case(const char *name, int enable_read, int port)
{
	struct event_base *base = event_base_new();
	struct state s;
	struct sockaddr_in sin = loopback(port);
	char e[64];
	int r, loops = 0;

	trace_check(base != NULL, "event_base_new");
	memset(&s, 0, sizeof(s));
	s.name = name;
	s.bev = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
	trace_check(s.bev != NULL, "bufferevent_socket_new");
	bufferevent_setcb(s.bev, read_cb, write_cb, event_cb, &s);
	if (enable_read)
		bufferevent_enable(s.bev, EV_READ);
	printf("%s-enabled-before-connect: %s\n", name,
	    ev_flags_name(bufferevent_get_enabled(s.bev), e, sizeof(e)));

	s.in_connect = 1;
	r = bufferevent_socket_connect(s.bev, (struct sockaddr *)&sin,
	    sizeof(sin));
	s.in_connect = 0;
	printf("%s-connect-return: %d\n", name, r);
	printf("%s-event-calls-inside-connect: %d\n", name,
	    s.event_calls_in_connect);
	printf("%s-enabled-after-connect: %s\n", name,
	    ev_flags_name(bufferevent_get_enabled(s.bev), e, sizeof(e)));
	printf("%s-pending-after-connect: %s\n", name,
	    pending(s.bev, e, sizeof(e)));

	/* One EVLOOP_ONCE step at a time until the event callback ran. */
	while (s.event_calls == 0 && loops < 5) {
		event_base_loop(base, EVLOOP_ONCE);
		loops++;
	}
	printf("%s-loop-calls-until-event: %d\n", name, loops);
	/* A few more non-blocking steps: does anything else happen? */
	for (int i = 0; i < 3; i++)
		event_base_loop(base, EVLOOP_NONBLOCK);
	printf("%s-read-calls: %d\n", name, s.read_calls);
	printf("%s-write-calls: %d\n", name, s.write_calls);
	printf("%s-event-calls: %d\n", name, s.event_calls);
	printf("%s-enabled-after-loop: %s\n", name,
	    ev_flags_name(bufferevent_get_enabled(s.bev), e, sizeof(e)));
	printf("%s-pending-after-loop: %s\n", name,
	    pending(s.bev, e, sizeof(e)));
	printf("%s-fd-open-after-loop: %s\n", name,
	    bufferevent_getfd(s.bev) >= 0 ? "yes" : "no");
	r = event_base_loop(base, EVLOOP_NONBLOCK);
	printf("%s-loop-return-after: %d\n", name, r);

	bufferevent_free(s.bev);
	event_base_free(base);
}

int main(void)
{
	int port = closed_port();
	struct sockaddr_in sin = loopback(port);
	int fd, r;

	trace_begin("A socket bufferevent connecting to a closed 127.0.0.1 "
	    "port: connect's return value, when and how the error is "
	    "reported, and what stays enabled.");

	/* How the kernel answers a plain non-blocking connect to the port. */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	trace_check(fd >= 0, "socket");
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	r = connect(fd, (struct sockaddr *)&sin, sizeof(sin));
	printf("raw-nonblocking-connect: %s\n", r == 0 ? "connected" :
	    errno == ECONNREFUSED ? "ECONNREFUSED" :
	    errno == EINPROGRESS ? "EINPROGRESS" : strerror(errno));
	close(fd);

	trace_comment("Case a: EV_READ enabled before connecting.");
	run_case("a", 1, port);
	trace_comment("Case b: default enabled flags (EV_WRITE only).");
	run_case("b", 0, port);
	return 0;
}
