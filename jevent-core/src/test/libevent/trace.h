/*
 * Small helpers shared by the scenario programs in this directory.
 *
 * Every program prints a trace: one "key: value" observation per line,
 * first line "libevent: <version>", comment lines starting with "#".
 */
#ifndef JEVENT_TRACE_H
#define JEVENT_TRACE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>

/* Start a trace: version line, then a one-sentence comment. Also arm a
 * watchdog so that no scenario can hang. */
static inline void trace_begin(const char *comment)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	alarm(10);
	printf("libevent: %s\n", event_get_version());
	printf("# %s\n", comment);
}

static inline void trace_comment(const char *comment)
{
	printf("# %s\n", comment);
}

/* Abort the scenario (non-zero exit) when a setup step fails. */
static inline void trace_check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "setup failed: %s\n", what);
		exit(2);
	}
}

/* Append name to out, separated by '|'. */
static inline void trace_join(char *out, size_t size, const char *name)
{
	if (out[0] != '\0')
		strncat(out, "|", size - strlen(out) - 1);
	strncat(out, name, size - strlen(out) - 1);
}

/* BEV_EVENT_* flags as "READING|EOF"; "none" when empty. Unknown bits are
 * shown as hex so that nothing is hidden. */
static inline const char *bev_what_name(short what, char *out, size_t size)
{
	short known = BEV_EVENT_READING | BEV_EVENT_WRITING | BEV_EVENT_EOF |
	    BEV_EVENT_ERROR | BEV_EVENT_TIMEOUT | BEV_EVENT_CONNECTED;
	out[0] = '\0';
	if (what & BEV_EVENT_READING) trace_join(out, size, "READING");
	if (what & BEV_EVENT_WRITING) trace_join(out, size, "WRITING");
	if (what & BEV_EVENT_EOF) trace_join(out, size, "EOF");
	if (what & BEV_EVENT_ERROR) trace_join(out, size, "ERROR");
	if (what & BEV_EVENT_TIMEOUT) trace_join(out, size, "TIMEOUT");
	if (what & BEV_EVENT_CONNECTED) trace_join(out, size, "CONNECTED");
	if (what & ~known) {
		char hex[16];
		snprintf(hex, sizeof(hex), "0x%x", (unsigned)(what & ~known));
		trace_join(out, size, hex);
	}
	if (out[0] == '\0')
		strncat(out, "none", size - 1);
	return out;
}

/* EV_* flags as "READ|WRITE"; "none" when empty. */
static inline const char *ev_flags_name(short flags, char *out, size_t size)
{
	short known = EV_TIMEOUT | EV_READ | EV_WRITE | EV_SIGNAL |
	    EV_PERSIST | EV_ET | EV_CLOSED;
	out[0] = '\0';
	if (flags & EV_TIMEOUT) trace_join(out, size, "TIMEOUT");
	if (flags & EV_READ) trace_join(out, size, "READ");
	if (flags & EV_WRITE) trace_join(out, size, "WRITE");
	if (flags & EV_SIGNAL) trace_join(out, size, "SIGNAL");
	if (flags & EV_PERSIST) trace_join(out, size, "PERSIST");
	if (flags & EV_ET) trace_join(out, size, "ET");
	if (flags & EV_CLOSED) trace_join(out, size, "CLOSED");
	if (flags & ~known) {
		char hex[16];
		snprintf(hex, sizeof(hex), "0x%x", (unsigned)(flags & ~known));
		trace_join(out, size, hex);
	}
	if (out[0] == '\0')
		strncat(out, "none", size - 1);
	return out;
}

#endif
