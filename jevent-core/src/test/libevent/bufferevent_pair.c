/*
 * Scenario bufferevent_pair: when data moves between the two ends of a
 * bufferevent pair, which callbacks run with which buffer lengths, what
 * bufferevent_flush() does in each mode, and what the partner sees when
 * one end is freed.
 *
 * Each case makes a new pair (no options), sets callbacks that print the
 * end's name and its input and output lengths, and drives the loop with
 * one EVLOOP_NONBLOCK iteration. A read callback that leaves its input at
 * the read high watermark runs again on every iteration in libevent 2.1.12
 * (its issue #891), so the watermark case drains in its read callback. "now:" lines show the
 * lengths right after a call, before the loop runs.
 */
#include "trace.h"

static struct event_base *base;
static struct bufferevent *ends[2];
static int step;
static int drain_in_read;
static int case_no;

static const char *name(struct bufferevent *bev)
{
	return bev == ends[0] ? "a" : "b";
}

static void show(const char *what, struct bufferevent *bev)
{
	printf("case-%d-%s-%d: %s in=%zu out=%zu\n", case_no, what, ++step, name(bev),
	    evbuffer_get_length(bufferevent_get_input(bev)),
	    evbuffer_get_length(bufferevent_get_output(bev)));
}

static void read_cb(struct bufferevent *bev, void *arg)
{
	(void)arg;
	show("read", bev);
	if (drain_in_read) {
		evbuffer_drain(bufferevent_get_input(bev),
		    evbuffer_get_length(bufferevent_get_input(bev)));
		show("drained", bev);
	}
}

static void write_cb(struct bufferevent *bev, void *arg)
{
	(void)arg;
	show("write", bev);
}

static void event_cb(struct bufferevent *bev, short what, void *arg)
{
	char w[64];
	(void)arg;
	printf("case-%d-event-%d: %s %s\n", case_no, ++step, name(bev),
	    bev_what_name(what, w, sizeof(w)));
}

static void now(const char *label)
{
	printf("now-%s: a.in=%zu a.out=%zu b.in=%zu b.out=%zu\n", label,
	    ends[0] ? evbuffer_get_length(bufferevent_get_input(ends[0])) : 0,
	    ends[0] ? evbuffer_get_length(bufferevent_get_output(ends[0])) : 0,
	    ends[1] ? evbuffer_get_length(bufferevent_get_input(ends[1])) : 0,
	    ends[1] ? evbuffer_get_length(bufferevent_get_output(ends[1])) : 0);
}

static void run(const char *label)
{
	int r = event_base_loop(base, EVLOOP_NONBLOCK);
	now(label);
	(void)r;
}

static void begin(const char *comment)
{
	trace_comment(comment);
	step = 0;
	case_no++;
	drain_in_read = 0;
	trace_check(bufferevent_pair_new(base, 0, ends) == 0, "pair_new");
	bufferevent_setcb(ends[0], read_cb, write_cb, event_cb, NULL);
	bufferevent_setcb(ends[1], read_cb, write_cb, event_cb, NULL);
}

static void end(void)
{
	if (ends[0])
		bufferevent_free(ends[0]);
	if (ends[1])
		bufferevent_free(ends[1]);
	ends[0] = ends[1] = NULL;
	event_base_loop(base, EVLOOP_NONBLOCK);
}

int main(void)
{
	char e[64];
	int r;

	trace_begin("bufferevent pairs: moves, watermarks, flush modes, free.");
	base = event_base_new();
	trace_check(base != NULL, "event_base_new");

	begin("Case 1: b reads, a writes 5 bytes.");
	printf("enabled-a: %s\n", ev_flags_name(bufferevent_get_enabled(ends[0]), e, sizeof(e)));
	bufferevent_enable(ends[1], EV_READ);
	bufferevent_write(ends[0], "hello", 5);
	now("1-after-write");
	run("1-after-loop");
	end();

	begin("Case 2: b does not read; a writes; then b enables reading.");
	bufferevent_write(ends[0], "hello", 5);
	now("2-after-write");
	run("2-after-loop");
	bufferevent_enable(ends[1], EV_READ);
	now("2-after-enable");
	run("2-after-enable-loop");
	end();

	begin("Case 3: b's read high watermark is 10 and its read callback drains; a writes 25.");
	drain_in_read = 1;
	bufferevent_setwatermark(ends[1], EV_READ, 0, 10);
	bufferevent_enable(ends[1], EV_READ);
	bufferevent_write(ends[0], "abcdefghijklmnopqrstuvwxy", 25);
	now("3-after-write");
	run("3-after-loop");
	end();

	begin("Case 4: a stops writing; writes; then enables writing.");
	bufferevent_enable(ends[1], EV_READ);
	bufferevent_disable(ends[0], EV_WRITE);
	bufferevent_write(ends[0], "hello", 5);
	now("4-after-write");
	run("4-after-loop");
	bufferevent_enable(ends[0], EV_WRITE);
	now("4-after-enable");
	run("4-after-enable-loop");
	end();

	begin("Case 5: flush modes, b not reading, a has 5 bytes queued.");
	bufferevent_write(ends[0], "hello", 5);
	r = bufferevent_flush(ends[0], EV_WRITE, BEV_NORMAL);
	printf("flush-normal-return: %d\n", r);
	now("5-after-normal");
	run("5-after-normal-loop");
	r = bufferevent_flush(ends[0], EV_WRITE, BEV_FLUSH);
	printf("flush-flush-return: %d\n", r);
	now("5-after-flush");
	run("5-after-flush-loop");
	bufferevent_write(ends[0], "world", 5);
	r = bufferevent_flush(ends[0], EV_WRITE, BEV_FINISHED);
	printf("flush-finished-return: %d\n", r);
	now("5-after-finished");
	run("5-after-finished-loop");
	r = bufferevent_flush(ends[0], EV_READ, BEV_FINISHED);
	printf("flush-finished-read-return: %d\n", r);
	run("5-after-finished-read-loop");
	end();

	begin("Case 6: b reads 5 bytes from a, then a is freed.");
	bufferevent_enable(ends[1], EV_READ);
	bufferevent_write(ends[0], "hello", 5);
	run("6-after-write-loop");
	bufferevent_free(ends[0]);
	ends[0] = NULL;
	printf("partner-of-b: %s\n", bufferevent_pair_get_partner(ends[1]) ? "set" : "null");
	run("6-after-free-loop");
	r = bufferevent_flush(ends[1], EV_WRITE, BEV_FLUSH);
	printf("flush-without-partner-return: %d\n", r);
	end();

	event_base_free(base);
	return 0;
}
