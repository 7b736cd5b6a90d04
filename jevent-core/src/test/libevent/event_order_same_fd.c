/*
 * Scenario event_order_same_fd: in which order do several read events on
 * the same ready fd run within one loop iteration?
 *
 * Three events A, B, C are always created in that order on the readable
 * end of a socketpair that holds one unread byte; what changes is the
 * order of event_add and the flags. The scenarios run on the default
 * backend and again on poll and select.
 */
#include "trace.h"

#include <sys/socket.h>

struct ctx {
	struct event *ev[3];
	char order[32];		/* names of the callbacks that ran */
	int a_deletes_b;
	int readd_a;		/* event_del + event_add A between loops */
	int del_return;
};

static struct ctx *cur;

static void cb(evutil_socket_t fd, short what, void *arg)
{
	char name = *(const char *)arg;
	(void)fd;
	(void)what;
	if (cur->order[0] != '\0')
		strncat(cur->order, " ", sizeof(cur->order) - 1 -
		    strlen(cur->order));
	strncat(cur->order, &name, 1);
	if (name == 'A' && cur->a_deletes_b)
		cur->del_return = event_del(cur->ev[1]);
}

static const char names[] = "ABC";

static struct event_base *new_base(const char *method)
{
	struct event_config *cfg = event_config_new();
	struct event_base *base;
	static const char *all[] = { "epoll", "poll", "select", NULL };
	trace_check(cfg != NULL, "event_config_new");
	if (method != NULL)
		for (int i = 0; all[i]; i++)
			if (strcmp(all[i], method) != 0)
				event_config_avoid_method(cfg, all[i]);
	base = event_base_new_with_config(cfg);
	event_config_free(cfg);
	trace_check(base != NULL, "event_base_new_with_config");
	return base;
}

/*
 * Run one case: add the events in add_order (e.g. "CAB"), run `loops`
 * EVLOOP_ONCE iterations and print the order seen in each.
 */
static void run_case(const char *method, const char *prefix,
    const char *key, const char *add_order, short flags, int a_deletes_b,
    int readd_a, int loops)
{
	struct event_base *base = new_base(method);
	struct ctx c;
	evutil_socket_t sv[2];
	char k[128];

	trace_check(evutil_socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0,
	    "socketpair");
	trace_check(write(sv[1], "x", 1) == 1, "write");
	memset(&c, 0, sizeof(c));
	c.a_deletes_b = a_deletes_b;
	c.del_return = 99;
	cur = &c;
	for (int i = 0; i < 3; i++) {
		c.ev[i] = event_new(base, sv[0], flags, cb,
		    (void *)&names[i]);
		trace_check(c.ev[i] != NULL, "event_new");
	}
	for (const char *p = add_order; *p; p++)
		trace_check(event_add(c.ev[*p - 'A'], NULL) == 0,
		    "event_add");
	for (int i = 1; i <= loops; i++) {
		if (i > 1 && readd_a) {
			event_del(c.ev[0]);
			event_add(c.ev[0], NULL);
		}
		c.order[0] = '\0';
		event_base_loop(base, EVLOOP_ONCE);
		if (loops == 1)
			snprintf(k, sizeof(k), "%s%s-order", prefix, key);
		else
			snprintf(k, sizeof(k), "%s%s-loop-%d-order", prefix,
			    key, i);
		printf("%s: %s\n", k, c.order[0] ? c.order : "none");
	}
	if (a_deletes_b)
		printf("%s%s-del-return: %d\n", prefix, key, c.del_return);
	{
		char still[8] = "";
		for (int i = 0; i < 3; i++)
			if (event_pending(c.ev[i], EV_READ, NULL))
				strncat(still, &names[i], 1);
		printf("%s%s-still-pending: %s\n", prefix, key,
		    still[0] ? still : "none");
	}
	for (int i = 0; i < 3; i++)
		event_free(c.ev[i]);
	evutil_closesocket(sv[0]);
	evutil_closesocket(sv[1]);
	event_base_free(base);
}

static void run_all(const char *method, const char *prefix)
{
	run_case(method, prefix, "add-abc", "ABC", EV_READ, 0, 0, 1);
	run_case(method, prefix, "add-cab", "CAB", EV_READ, 0, 0, 1);
	run_case(method, prefix, "add-bca", "BCA", EV_READ, 0, 0, 1);
	/* Adding an already pending event again does not move it. */
	run_case(method, prefix, "add-abca", "ABCA", EV_READ, 0, 0, 1);
	run_case(method, prefix, "add-cba-a-deletes-b", "CBA", EV_READ, 1, 0,
	    1);
	run_case(method, prefix, "add-abc-a-deletes-b", "ABC", EV_READ, 1, 0,
	    1);
	run_case(method, prefix, "persist-add-abc", "ABC",
	    EV_READ | EV_PERSIST, 0, 0, 2);
	run_case(method, prefix, "persist-add-cab", "CAB",
	    EV_READ | EV_PERSIST, 0, 0, 2);
	/* Deleting and re-adding A between the two iterations. */
	run_case(method, prefix, "persist-add-abc-readd-a", "ABC",
	    EV_READ | EV_PERSIST, 0, 1, 2);
}

int main(void)
{
	struct event_base *base;

	trace_begin("Order of callbacks of several EV_READ events on one "
	    "ready fd in one EVLOOP_ONCE iteration, by event_add order.");
	base = event_base_new();
	trace_check(base != NULL, "event_base_new");
	printf("default-backend: %s\n", event_base_get_method(base));
	event_base_free(base);

	trace_comment("Default backend. Keys name the event_add order; "
	    "events are always created A, B, C.");
	run_all(NULL, "");
	trace_comment("The same cases on the poll backend.");
	run_all("poll", "poll-");
	trace_comment("The same cases on the select backend.");
	run_all("select", "select-");
	return 0;
}
