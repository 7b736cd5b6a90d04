/*
 * Scenario evbuffer_frozen: which evbuffer operations succeed on a frozen
 * buffer when they have nothing to do, and which ones fail.
 *
 * Each line is "<operation>: <return value> length=<length after>"; for
 * two-buffer operations the lengths of both buffers are given.
 */
#include "trace.h"

static const char five[] = "12345";

/* A fresh buffer holding n bytes of "12345", frozen as asked. */
static struct evbuffer *make(size_t n, int freeze_start, int freeze_end)
{
	struct evbuffer *b = evbuffer_new();
	trace_check(b != NULL, "evbuffer_new");
	if (n > 0)
		trace_check(evbuffer_add(b, five, n) == 0, "evbuffer_add");
	if (freeze_start)
		evbuffer_freeze(b, 1);
	if (freeze_end)
		evbuffer_freeze(b, 0);
	return b;
}

static void one(const char *key, int r, struct evbuffer *b)
{
	printf("%s: %d length=%zu\n", key, r, evbuffer_get_length(b));
}

static void two(const char *key, int r, struct evbuffer *src,
    struct evbuffer *dst)
{
	printf("%s: %d src-length=%zu dst-length=%zu\n", key, r,
	    evbuffer_get_length(src), evbuffer_get_length(dst));
}

int main(void)
{
	struct evbuffer *b, *src, *dst;
	char data[16];
	int r;

	trace_begin("Return values of evbuffer operations on buffers whose "
	    "start or end is frozen, with and without work to do.");

	/* evbuffer_drain */
	b = make(5, 1, 0);
	one("drain-0-nonempty-start-frozen", evbuffer_drain(b, 0), b);
	evbuffer_free(b);
	b = make(0, 1, 0);
	one("drain-5-empty-start-frozen", evbuffer_drain(b, 5), b);
	evbuffer_free(b);
	b = make(5, 1, 0);
	one("drain-5-nonempty-start-frozen", evbuffer_drain(b, 5), b);
	evbuffer_free(b);
	b = make(5, 0, 1);
	one("drain-5-nonempty-end-frozen", evbuffer_drain(b, 5), b);
	evbuffer_free(b);

	/* evbuffer_remove */
	b = make(5, 1, 0);
	one("remove-0-nonempty-start-frozen", evbuffer_remove(b, data, 0), b);
	evbuffer_free(b);
	b = make(0, 1, 0);
	one("remove-5-empty-start-frozen", evbuffer_remove(b, data, 5), b);
	evbuffer_free(b);
	b = make(5, 1, 0);
	one("remove-5-nonempty-start-frozen", evbuffer_remove(b, data, 5), b);
	evbuffer_free(b);

	/* evbuffer_remove_buffer(src, dst, n) */
	src = make(5, 1, 0);
	dst = make(0, 0, 0);
	two("remove-buffer-0-src-nonempty-src-start-frozen",
	    evbuffer_remove_buffer(src, dst, 0), src, dst);
	evbuffer_free(src);
	evbuffer_free(dst);
	src = make(0, 1, 0);
	dst = make(0, 0, 0);
	two("remove-buffer-5-src-empty-src-start-frozen",
	    evbuffer_remove_buffer(src, dst, 5), src, dst);
	evbuffer_free(src);
	evbuffer_free(dst);
	src = make(5, 1, 0);
	dst = make(0, 0, 0);
	two("remove-buffer-5-src-nonempty-src-start-frozen",
	    evbuffer_remove_buffer(src, dst, 5), src, dst);
	evbuffer_free(src);
	evbuffer_free(dst);
	src = make(5, 0, 0);
	dst = make(0, 0, 1);
	two("remove-buffer-5-src-nonempty-dst-end-frozen",
	    evbuffer_remove_buffer(src, dst, 5), src, dst);
	evbuffer_free(src);
	evbuffer_free(dst);
	src = make(0, 0, 0);
	dst = make(0, 0, 1);
	two("remove-buffer-5-src-empty-dst-end-frozen",
	    evbuffer_remove_buffer(src, dst, 5), src, dst);
	evbuffer_free(src);
	evbuffer_free(dst);
	src = make(5, 0, 0);
	dst = make(0, 0, 1);
	two("remove-buffer-0-src-nonempty-dst-end-frozen",
	    evbuffer_remove_buffer(src, dst, 0), src, dst);
	evbuffer_free(src);
	evbuffer_free(dst);

	/* evbuffer_prepend / evbuffer_add */
	b = make(5, 1, 0);
	one("prepend-0-start-frozen", evbuffer_prepend(b, five, 0), b);
	evbuffer_free(b);
	b = make(5, 1, 0);
	one("prepend-3-start-frozen", evbuffer_prepend(b, five, 3), b);
	evbuffer_free(b);
	b = make(5, 0, 1);
	one("add-0-end-frozen", evbuffer_add(b, five, 0), b);
	evbuffer_free(b);
	b = make(5, 0, 1);
	one("add-3-end-frozen", evbuffer_add(b, five, 3), b);
	evbuffer_free(b);

	/* evbuffer_add_buffer(dst, src) */
	src = make(0, 0, 0);
	dst = make(5, 0, 1);
	two("add-buffer-src-empty-dst-end-frozen",
	    evbuffer_add_buffer(dst, src), src, dst);
	evbuffer_free(src);
	evbuffer_free(dst);
	src = make(5, 0, 0);
	dst = make(5, 0, 1);
	two("add-buffer-src-nonempty-dst-end-frozen",
	    evbuffer_add_buffer(dst, src), src, dst);
	evbuffer_free(src);
	evbuffer_free(dst);
	src = make(0, 1, 0);
	dst = make(5, 0, 0);
	two("add-buffer-src-empty-src-start-frozen",
	    evbuffer_add_buffer(dst, src), src, dst);
	evbuffer_free(src);
	evbuffer_free(dst);
	src = make(5, 1, 0);
	dst = make(5, 0, 0);
	two("add-buffer-src-nonempty-src-start-frozen",
	    evbuffer_add_buffer(dst, src), src, dst);
	evbuffer_free(src);
	evbuffer_free(dst);

	/* evbuffer_prepend_buffer(dst, src) */
	src = make(0, 0, 0);
	dst = make(5, 1, 0);
	two("prepend-buffer-src-empty-dst-start-frozen",
	    evbuffer_prepend_buffer(dst, src), src, dst);
	evbuffer_free(src);
	evbuffer_free(dst);
	src = make(5, 0, 0);
	dst = make(5, 1, 0);
	two("prepend-buffer-src-nonempty-dst-start-frozen",
	    evbuffer_prepend_buffer(dst, src), src, dst);
	evbuffer_free(src);
	evbuffer_free(dst);
	src = make(5, 1, 0);
	dst = make(5, 0, 0);
	two("prepend-buffer-src-nonempty-src-start-frozen",
	    evbuffer_prepend_buffer(dst, src), src, dst);
	evbuffer_free(src);
	evbuffer_free(dst);

	/* evbuffer_copyout: reads without removing */
	b = make(5, 1, 0);
	memset(data, 0, sizeof(data));
	r = (int)evbuffer_copyout(b, data, 5);
	printf("copyout-5-nonempty-start-frozen: %d length=%zu data=%s\n",
	    r, evbuffer_get_length(b), data);
	evbuffer_free(b);

	/* evbuffer_readln */
	{
		size_t n_read = 12345;
		char *line;
		b = evbuffer_new();
		trace_check(b != NULL, "evbuffer_new");
		evbuffer_add(b, "ab\n", 3);
		evbuffer_freeze(b, 1);
		line = evbuffer_readln(b, &n_read, EVBUFFER_EOL_LF);
		if (line)
			printf("readln-line-start-frozen: \"%s\" n-read=%zu "
			    "length=%zu\n", line, n_read,
			    evbuffer_get_length(b));
		else
			printf("readln-line-start-frozen: NULL length=%zu\n",
			    evbuffer_get_length(b));
		free(line);
		evbuffer_free(b);

		b = make(0, 1, 0);
		line = evbuffer_readln(b, &n_read, EVBUFFER_EOL_LF);
		if (line)
			printf("readln-empty-start-frozen: \"%s\" length=%zu\n",
			    line, evbuffer_get_length(b));
		else
			printf("readln-empty-start-frozen: NULL length=%zu\n",
			    evbuffer_get_length(b));
		free(line);
		evbuffer_free(b);
	}

	return 0;
}
