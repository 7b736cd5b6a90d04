/*
 * Scenario bufferevent_high_watermark: how a read high-watermark of 16
 * limits reading when the read callback never drains the input.
 *
 * The peer writes 64 bytes at once into a socketpair. The loop is driven
 * one event_base_loop(EVLOOP_ONCE) call (a "step") at a time. In libevent
 * 2.1.12 a read callback that leaves the input at or above the high
 * watermark is scheduled again (deferred) while EV_READ is enabled, so an
 * EVLOOP_ONCE call would never return; to keep the program bounded the
 * read callback calls event_base_loopbreak() on its CAP-th call within a
 * step. After each step the trace shows the input length, the read
 * callbacks so far and in that step, how the step ended, the bytes still
 * unread in the socket, and whether the internal read event is pending.
 */
#include "trace.h"

#include <sys/ioctl.h>
#include <sys/socket.h>

#include <event2/bufferevent_struct.h>

#define CAP 10

static struct event_base *base;
static int read_calls;
static int step_calls;
static int event_calls;

static void read_cb(struct bufferevent *bev, void *arg)
{
	(void)bev;
	(void)arg;
	read_calls++;
	step_calls++;
	if (step_calls == CAP)
		event_base_loopbreak(base);
}

static void event_cb(struct bufferevent *bev, short what, void *arg)
{
	char w[64];
	(void)bev;
	(void)arg;
	event_calls++;
	printf("event-callback-%d-what: %s\n", event_calls,
	    bev_what_name(what, w, sizeof(w)));
}

static int unread(evutil_socket_t fd)
{
	int n = -1;
	trace_check(ioctl(fd, FIONREAD, &n) == 0, "FIONREAD");
	return n;
}

static void step(struct bufferevent *bev, int i)
{
	int r;
	step_calls = 0;
	r = event_base_loop(base, EVLOOP_ONCE);
	printf("step-%d: input-length=%zu read-calls=%d "
	    "read-calls-this-step=%d ended-by=%s loop-return=%d "
	    "socket-unread=%d read-event-pending=%s\n", i,
	    evbuffer_get_length(bufferevent_get_input(bev)), read_calls,
	    step_calls, event_base_got_break(base) ? "loopbreak" : "itself",
	    r, unread(bufferevent_getfd(bev)),
	    event_pending(&bev->ev_read, EV_READ, NULL) ? "yes" : "no");
}

static void drain(struct bufferevent *bev, size_t n)
{
	int r = evbuffer_drain(bufferevent_get_input(bev), n);
	printf("drain-%zu-return: %d input-length=%zu "
	    "read-event-pending=%s\n", n, r,
	    evbuffer_get_length(bufferevent_get_input(bev)),
	    event_pending(&bev->ev_read, EV_READ, NULL) ? "yes" : "no");
}

int main(void)
{
	struct bufferevent *bev;
	evutil_socket_t sv[2];
	char data[64], e[64];
	int i, r;

	trace_begin("A read high-watermark of 16 with a read callback that "
	    "never drains: input length and read callbacks per EVLOOP_ONCE "
	    "step, before and after draining outside the loop.");
	printf("read-callback-cap-per-step: %d\n", CAP);

	base = event_base_new();
	trace_check(base != NULL, "event_base_new");
	trace_check(evutil_socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0,
	    "socketpair");
	evutil_make_socket_nonblocking(sv[0]);
	bev = bufferevent_socket_new(base, sv[0], BEV_OPT_CLOSE_ON_FREE);
	trace_check(bev != NULL, "bufferevent_socket_new");
	bufferevent_setcb(bev, read_cb, NULL, event_cb, NULL);
	bufferevent_setwatermark(bev, EV_READ, 0, 16);
	r = bufferevent_enable(bev, EV_READ);
	printf("enable-return: %d\n", r);
	printf("enabled: %s\n",
	    ev_flags_name(bufferevent_get_enabled(bev), e, sizeof(e)));

	for (i = 0; i < 64; i++)
		data[i] = 'a' + (i % 26);
	trace_check(write(sv[1], data, 64) == 64, "write 64 bytes");
	printf("peer-wrote: 64\n");

	for (i = 1; i <= 10; i++)
		step(bev, i);

	trace_comment("Drain 16 bytes outside the loop: the input drops "
	    "below the high watermark.");
	drain(bev, 16);
	for (i = 11; i <= 13; i++)
		step(bev, i);

	trace_comment("Drain 4 bytes: the input drops to 12, below the "
	    "high watermark again.");
	drain(bev, 4);
	for (i = 14; i <= 16; i++)
		step(bev, i);

	trace_comment("Disable EV_READ with the input still at the high "
	    "watermark: does the loop go idle?");
	bufferevent_disable(bev, EV_READ);
	for (i = 17; i <= 18; i++)
		step(bev, i);

	printf("read-calls-total: %d\n", read_calls);
	printf("event-calls-total: %d\n", event_calls);
	bufferevent_free(bev);
	evutil_closesocket(sv[1]);
	event_base_free(base);
	return 0;
}
