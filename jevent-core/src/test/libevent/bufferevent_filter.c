/*
 * Scenario bufferevent_filter: a filtering bufferevent over a socket
 * bufferevent on a socketpair. Records what the input filter is offered
 * and returns, when the filter's read callback runs and with which lengths,
 * how the underlying's write high watermark limits the output filter, and
 * what a filter's BEV_ERROR leads to.
 *
 * The input filter passes complete lines only (BEV_NEED_MORE otherwise);
 * the output filter passes everything it may, up to its limit. The loop is
 * driven one EVLOOP_NONBLOCK iteration at a time.
 */
#include "trace.h"

#include <sys/socket.h>

static struct event_base *base;
static struct bufferevent *under;
static struct bufferevent *filt;
static int step;
static int fail_input;

static enum bufferevent_filter_result
lines_in(struct evbuffer *src, struct evbuffer *dst, ev_ssize_t limit,
    enum bufferevent_flush_mode mode, void *ctx)
{
	struct evbuffer_ptr eol;
	size_t eol_len = 0;
	(void)ctx;
	printf("input-filter-%d: offered=%zu limit=%zd mode=%d\n", ++step,
	    evbuffer_get_length(src), limit, (int)mode);
	if (fail_input)
		return BEV_ERROR;
	eol = evbuffer_search_eol(src, NULL, &eol_len, EVBUFFER_EOL_LF);
	if (eol.pos < 0)
		return BEV_NEED_MORE;
	evbuffer_remove_buffer(src, dst, eol.pos + eol_len);
	return BEV_OK;
}

static enum bufferevent_filter_result
pass_out(struct evbuffer *src, struct evbuffer *dst, ev_ssize_t limit,
    enum bufferevent_flush_mode mode, void *ctx)
{
	size_t n = evbuffer_get_length(src);
	(void)ctx;
	printf("output-filter-%d: offered=%zu limit=%zd mode=%d\n", ++step, n,
	    limit, (int)mode);
	if (limit >= 0 && (size_t)limit < n)
		n = (size_t)limit;
	evbuffer_remove_buffer(src, dst, n);
	return BEV_OK;
}

static void read_cb(struct bufferevent *bev, void *arg)
{
	(void)arg;
	printf("read-callback-%d: input=%zu under-input=%zu\n", ++step,
	    evbuffer_get_length(bufferevent_get_input(bev)),
	    evbuffer_get_length(bufferevent_get_input(under)));
}

static void write_cb(struct bufferevent *bev, void *arg)
{
	(void)arg;
	printf("write-callback-%d: output=%zu under-output=%zu\n", ++step,
	    evbuffer_get_length(bufferevent_get_output(bev)),
	    evbuffer_get_length(bufferevent_get_output(under)));
}

static void event_cb(struct bufferevent *bev, short what, void *arg)
{
	char w[64];
	(void)bev;
	(void)arg;
	printf("event-callback-%d: %s\n", ++step, bev_what_name(what, w, sizeof(w)));
}

static void run(const char *label)
{
	event_base_loop(base, EVLOOP_NONBLOCK);
	printf("after-%s: input=%zu under-input=%zu output=%zu under-output=%zu\n",
	    label, evbuffer_get_length(bufferevent_get_input(filt)),
	    evbuffer_get_length(bufferevent_get_input(under)),
	    evbuffer_get_length(bufferevent_get_output(filt)),
	    evbuffer_get_length(bufferevent_get_output(under)));
}

static void peer_write(evutil_socket_t fd, const char *s)
{
	size_t n = strlen(s);
	trace_check(write(fd, s, n) == (ssize_t)n, "peer write");
}

int main(void)
{
	evutil_socket_t sv[2];
	char e[64];

	trace_begin("A line-framing input filter and a pass-through output "
	    "filter over a socket bufferevent.");
	base = event_base_new();
	trace_check(base != NULL, "event_base_new");
	trace_check(evutil_socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0,
	    "socketpair");
	evutil_make_socket_nonblocking(sv[0]);
	under = bufferevent_socket_new(base, sv[0], BEV_OPT_CLOSE_ON_FREE);
	filt = bufferevent_filter_new(under, lines_in, pass_out,
	    BEV_OPT_CLOSE_ON_FREE, NULL, NULL);
	trace_check(filt != NULL, "bufferevent_filter_new");
	printf("underlying-is-under: %s\n",
	    bufferevent_get_underlying(filt) == under ? "yes" : "no");
	printf("under-enabled: %s\n",
	    ev_flags_name(bufferevent_get_enabled(under), e, sizeof(e)));
	printf("filter-enabled: %s\n",
	    ev_flags_name(bufferevent_get_enabled(filt), e, sizeof(e)));
	bufferevent_setcb(filt, read_cb, write_cb, event_cb, NULL);

	trace_comment("The filter does not read yet: the peer's bytes wait in the socket.");
	peer_write(sv[1], "ab");
	run("peer-ab-not-reading");
	bufferevent_enable(filt, EV_READ);
	run("enable-read");
	trace_comment("The rest of the line arrives, and half of the next.");
	peer_write(sv[1], "c\nde");
	run("peer-rest");
	evbuffer_drain(bufferevent_get_input(filt), 4);

	trace_comment("Output: the underlying's write high watermark is 4; write 10.");
	bufferevent_setwatermark(under, EV_WRITE, 0, 4);
	bufferevent_write(filt, "0123456789", 10);
	printf("now-after-write: output=%zu under-output=%zu\n",
	    evbuffer_get_length(bufferevent_get_output(filt)),
	    evbuffer_get_length(bufferevent_get_output(under)));
	run("write-1");
	run("write-2");
	run("write-3");
	run("write-4");

	trace_comment("The input filter now fails.");
	fail_input = 1;
	peer_write(sv[1], "f\n");
	run("failing-filter");
	printf("filter-enabled-after-error: %s\n",
	    ev_flags_name(bufferevent_get_enabled(filt), e, sizeof(e)));

	bufferevent_free(filt);
	evutil_closesocket(sv[1]);
	event_base_free(base);
	return 0;
}
