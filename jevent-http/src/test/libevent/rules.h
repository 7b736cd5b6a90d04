/*
 * Helpers shared by the rule recorders in this directory: each program
 * prints one "key: value" observation per line, the first line being
 * "libevent: <version>". Strings are printed with every byte outside
 * 0x21..0x7e, and the backslash, written as \xHH, so that spaces, control
 * bytes and high bytes survive the trip into the Java tests.
 */
#ifndef JEVENT_HTTP_RULES_H
#define JEVENT_HTTP_RULES_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

static inline void rules_begin(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	alarm(10);
	printf("libevent: %s\n", event_get_version());
}

/* Prints "key: <escaped bytes>", or "key: (null)" for NULL. */
static inline void rules_put_n(const char *key, const char *s, size_t n)
{
	size_t i;
	printf("%s: ", key);
	if (s == NULL) {
		printf("(null)\n");
		return;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c >= 0x7f || c == '\\')
			printf("\\x%02X", c);
		else
			putchar(c);
	}
	putchar('\n');
}

static inline void rules_put(const char *key, const char *s)
{
	rules_put_n(key, s, s ? strlen(s) : 0);
}

#endif
