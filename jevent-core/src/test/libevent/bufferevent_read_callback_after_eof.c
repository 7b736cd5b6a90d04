/*
 * Scenario bufferevent_read_callback_after_eof: the peer writes "abc" and
 * closes before the loop runs. In which order, and in which loop
 * iterations, do the read callback and the EOF event callback run?
 *
 * The loop is driven with event_base_loop(EVLOOP_ONCE) steps (at most 5;
 * once reading stops there is nothing left and the call returns 1).
 */
#include "trace.h"

#include <sys/socket.h>

static char log_line[1024];
static int step_no;

static void note(const char *what)
{
	char item[256];
	snprintf(item, sizeof(item), "%s%s", log_line[0] ? " " : "", what);
	strncat(log_line, item, sizeof(log_line) - 1 - strlen(log_line));
}

static void read_cb(struct bufferevent *bev, void *arg)
{
	char item[64];
	(void)arg;
	snprintf(item, sizeof(item), "read(input=%zu)",
	    evbuffer_get_length(bufferevent_get_input(bev)));
	note(item);
}

static void event_cb(struct bufferevent *bev, short what, void *arg)
{
	char item[192], w[64], e[64];
	(void)arg;
	snprintf(item, sizeof(item), "event(%s,input=%zu,enabled=%s)",
	    bev_what_name(what, w, sizeof(w)),
	    evbuffer_get_length(bufferevent_get_input(bev)),
	    ev_flags_name(bufferevent_get_enabled(bev), e, sizeof(e)));
	note(item);
}

static void run_case(const char *key, int options, size_t low_watermark)
{
	struct event_base *base = event_base_new();
	struct bufferevent *bev;
	evutil_socket_t sv[2];
	int r = 0;

	trace_check(base != NULL, "event_base_new");
	trace_check(evutil_socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0,
	    "socketpair");
	evutil_make_socket_nonblocking(sv[0]);
	bev = bufferevent_socket_new(base, sv[0],
	    BEV_OPT_CLOSE_ON_FREE | options);
	trace_check(bev != NULL, "bufferevent_socket_new");
	bufferevent_setcb(bev, read_cb, NULL, event_cb, NULL);
	if (low_watermark)
		bufferevent_setwatermark(bev, EV_READ, low_watermark, 0);
	bufferevent_enable(bev, EV_READ);
	trace_check(write(sv[1], "abc", 3) == 3, "write abc");
	evutil_closesocket(sv[1]);

	for (step_no = 1; step_no <= 5; step_no++) {
		log_line[0] = '\0';
		r = event_base_loop(base, EVLOOP_ONCE);
		printf("%s-step-%d: %s\n", key, step_no,
		    log_line[0] ? log_line : "none");
		if (r == 1)
			break;
	}
	printf("%s-last-loop-return: %d\n", key, r);
	printf("%s-steps: %d\n", key, step_no);
	bufferevent_free(bev);
	event_base_free(base);
}

int main(void)
{
	trace_begin("A peer writes \"abc\" and closes before the loop runs: "
	    "order and loop step of the read callback and the EOF event "
	    "callback.");
	trace_comment("Case plain: no options.");
	run_case("plain", 0, 0);
	trace_comment("Case deferred: BEV_OPT_DEFER_CALLBACKS.");
	run_case("deferred", BEV_OPT_DEFER_CALLBACKS, 0);
	trace_comment("Case low-watermark-4: read low watermark 4, so 3 "
	    "bytes never reach it.");
	run_case("low-watermark-4", 0, 4);
	return 0;
}
