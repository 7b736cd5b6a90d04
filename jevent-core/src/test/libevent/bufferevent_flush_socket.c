/*
 * Scenario bufferevent_flush_socket: what bufferevent_flush() does on a
 * socket bufferevent with pending output, before the loop has run.
 *
 * After each call, the peer end is probed with a non-blocking recv
 * (MSG_PEEK, so nothing is consumed) to see whether the bytes, or an EOF,
 * have already arrived.
 */
#include "trace.h"

#include <errno.h>
#include <sys/socket.h>

/* What the peer would see now: "<n> bytes", "EOF" or "nothing". */
static const char *probe(evutil_socket_t fd, char *out, size_t size)
{
	char buf[256];
	ssize_t n = recv(fd, buf, sizeof(buf), MSG_PEEK | MSG_DONTWAIT);
	if (n > 0)
		snprintf(out, size, "%zd bytes", n);
	else if (n == 0)
		snprintf(out, size, "EOF");
	else if (errno == EAGAIN || errno == EWOULDBLOCK)
		snprintf(out, size, "nothing");
	else
		snprintf(out, size, "error %s", strerror(errno));
	return out;
}

static int write_calls;

static void write_cb(struct bufferevent *bev, void *arg)
{
	(void)bev;
	(void)arg;
	write_calls++;
}

static void flush(struct bufferevent *bev, evutil_socket_t peer,
    const char *key, enum bufferevent_flush_mode mode)
{
	char p[64];
	int r = bufferevent_flush(bev, EV_WRITE, mode);
	printf("%s-return: %d output-length=%zu peer-sees=%s\n", key, r,
	    evbuffer_get_length(bufferevent_get_output(bev)),
	    probe(peer, p, sizeof(p)));
}

int main(void)
{
	struct event_base *base;
	struct bufferevent *bev;
	evutil_socket_t sv[2];
	char data[100], p[64];
	ssize_t n;
	int r;

	trace_begin("bufferevent_flush(EV_WRITE) with NORMAL, FLUSH and "
	    "FINISHED on a socket bufferevent holding 100 unsent bytes, "
	    "before and after one loop iteration.");

	base = event_base_new();
	trace_check(base != NULL, "event_base_new");
	trace_check(evutil_socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0,
	    "socketpair");
	evutil_make_socket_nonblocking(sv[0]);
	evutil_make_socket_nonblocking(sv[1]);
	bev = bufferevent_socket_new(base, sv[0], BEV_OPT_CLOSE_ON_FREE);
	trace_check(bev != NULL, "bufferevent_socket_new");
	bufferevent_setcb(bev, NULL, write_cb, NULL, NULL);
	memset(data, 'x', sizeof(data));
	r = bufferevent_write(bev, data, sizeof(data));
	printf("write-return: %d output-length=%zu peer-sees=%s\n", r,
	    evbuffer_get_length(bufferevent_get_output(bev)),
	    probe(sv[1], p, sizeof(p)));

	flush(bev, sv[1], "flush-normal", BEV_NORMAL);
	flush(bev, sv[1], "flush-flush", BEV_FLUSH);
	flush(bev, sv[1], "flush-finished", BEV_FINISHED);

	r = event_base_loop(base, EVLOOP_ONCE);
	printf("after-loop-once: loop-return=%d output-length=%zu "
	    "write-calls=%d peer-sees=%s\n", r,
	    evbuffer_get_length(bufferevent_get_output(bev)), write_calls,
	    probe(sv[1], p, sizeof(p)));

	/* Consume the bytes and look again: EOF after BEV_FINISHED? */
	n = recv(sv[1], data, sizeof(data), MSG_DONTWAIT);
	printf("peer-read: %zd\n", n);
	printf("peer-after-read-sees: %s\n", probe(sv[1], p, sizeof(p)));
	r = event_base_loop(base, EVLOOP_NONBLOCK);
	printf("after-second-loop: loop-return=%d write-calls=%d "
	    "peer-sees=%s\n", r, write_calls, probe(sv[1], p, sizeof(p)));

	bufferevent_free(bev);
	r = event_base_loop(base, EVLOOP_NONBLOCK);
	printf("after-free: peer-sees=%s\n", probe(sv[1], p, sizeof(p)));
	evutil_closesocket(sv[1]);
	event_base_free(base);
	return 0;
}
