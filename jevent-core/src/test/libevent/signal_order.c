/*
 * Scenario signal_order: in which order do signal event callbacks run when
 * several signals arrive before the loop runs?
 *
 * Events (persistent, via evsignal_new) get ids 1..4. The signals are
 * raised with raise() before event_base_loop(EVLOOP_ONCE) is called; the
 * loop is called again (at most 5 times) until all four callbacks ran.
 */
#include "trace.h"

#include <signal.h>

struct sig_ev {
	int id;
	int signo;
	struct event *ev;
	int calls;
};

static char order[128];

static const char *sig_name(int signo)
{
	switch (signo) {
	case SIGUSR1: return "SIGUSR1";
	case SIGUSR2: return "SIGUSR2";
	case SIGHUP: return "SIGHUP";
	default: return "other";
	}
}

static void cb(evutil_socket_t fd, short what, void *arg)
{
	struct sig_ev *s = arg;
	char item[32];
	(void)fd;
	(void)what;
	s->calls++;
	snprintf(item, sizeof(item), "%s%s#%d", order[0] ? " " : "",
	    sig_name(s->signo), s->id);
	strncat(order, item, sizeof(order) - 1 - strlen(order));
}

/*
 * add_signals: the signals of events 1..4 in the order they are created
 * and added; raise_signals: the signals raised, in that order.
 */
static void run_case(const char *key, const int add_signals[4],
    const int *raise_signals, int n_raise)
{
	struct event_base *base = event_base_new();
	struct sig_ev evs[4];
	int loops = 0, total;
	char line[256] = "";

	trace_check(base != NULL, "event_base_new");
	for (int i = 0; i < 4; i++) {
		char item[32];
		evs[i].id = i + 1;
		evs[i].signo = add_signals[i];
		evs[i].calls = 0;
		evs[i].ev = evsignal_new(base, add_signals[i], cb, &evs[i]);
		trace_check(evs[i].ev != NULL, "evsignal_new");
		trace_check(event_add(evs[i].ev, NULL) == 0, "event_add");
		snprintf(item, sizeof(item), "%s%s#%d", i ? " " : "",
		    sig_name(add_signals[i]), i + 1);
		strncat(line, item, sizeof(line) - 1 - strlen(line));
	}
	printf("%s-added: %s\n", key, line);
	line[0] = '\0';
	for (int i = 0; i < n_raise; i++) {
		if (i)
			strncat(line, " ", sizeof(line) - 1 - strlen(line));
		strncat(line, sig_name(raise_signals[i]),
		    sizeof(line) - 1 - strlen(line));
		raise(raise_signals[i]);
	}
	printf("%s-raised: %s\n", key, line);

	order[0] = '\0';
	do {
		event_base_loop(base, EVLOOP_ONCE);
		loops++;
		total = 0;
		for (int i = 0; i < 4; i++)
			total += evs[i].calls;
		printf("%s-after-loop-%d: %s\n", key, loops,
		    order[0] ? order : "none");
	} while (total < 4 && loops < 5);
	printf("%s-order: %s\n", key, order);
	printf("%s-loop-calls: %d\n", key, loops);
	line[0] = '\0';
	for (int i = 0; i < 4; i++) {
		char item[32];
		snprintf(item, sizeof(item), "%s#%d=%d", i ? " " : "", i + 1,
		    evs[i].calls);
		strncat(line, item, sizeof(line) - 1 - strlen(line));
	}
	printf("%s-calls: %s\n", key, line);
	for (int i = 0; i < 4; i++)
		event_free(evs[i].ev);
	event_base_free(base);
}

int main(void)
{
	static const int add_usual[4] = { SIGUSR1, SIGUSR2, SIGHUP, SIGUSR1 };
	static const int add_other[4] = { SIGHUP, SIGUSR1, SIGUSR2, SIGUSR1 };
	static const int raise_1[3] = { SIGUSR2, SIGHUP, SIGUSR1 };
	static const int raise_2[3] = { SIGUSR1, SIGHUP, SIGUSR2 };
	static const int raise_3[2] = { SIGUSR1, SIGUSR1 };

	trace_begin("Order of signal event callbacks for signals raised "
	    "before the loop runs, by raise order, add order and signal "
	    "number.");
	printf("signal-numbers: SIGHUP=%d SIGUSR1=%d SIGUSR2=%d\n", SIGHUP,
	    SIGUSR1, SIGUSR2);

	trace_comment("Added USR1, USR2, HUP, USR1; raised USR2, HUP, USR1.");
	run_case("case-1", add_usual, raise_1, 3);
	trace_comment("Same events; raised USR1, HUP, USR2.");
	run_case("case-2", add_usual, raise_2, 3);
	trace_comment("Added HUP, USR1, USR2, USR1; raised USR2, HUP, USR1.");
	run_case("case-3", add_other, raise_1, 3);
	trace_comment("Same events as case 1; USR1 raised twice, nothing "
	    "else.");
	run_case("case-4", add_usual, raise_3, 2);
	return 0;
}
