/*
 * Scenario evbuffer_reference: when evbuffer_add_buffer_reference refuses
 * its source buffer.
 *
 * Each line is "<case>: <return value>" followed by the lengths of the
 * buffers involved afterwards.
 */
#include "trace.h"


static const char ten[] = "0123456789";

static struct evbuffer *make(size_t n)
{
	struct evbuffer *b = evbuffer_new();
	trace_check(b != NULL, "evbuffer_new");
	if (n > 0)
		trace_check(evbuffer_add(b, ten, n) == 0, "evbuffer_add");
	return b;
}

/* The buffer's bytes as text, for checking what a reference holds. */
static const char *text(struct evbuffer *b, char *out, size_t size)
{
	ev_ssize_t n = evbuffer_copyout(b, out, size - 1);
	out[n < 0 ? 0 : n] = '\0';
	return out;
}

int main(void)
{
	struct evbuffer *a, *b, *c, *d, *e, *b2, *f, *g, *fileb, *h, *x, *y;
	char t1[32], t2[32];
	FILE *tmp;
	int fd, r;

	trace_begin("Which source buffers evbuffer_add_buffer_reference "
	    "accepts: plain bytes, bytes that are themselves references, "
	    "moved or partly moved references, file segments, itself.");

	/* A plain buffer can be referenced. */
	a = make(10);
	b = make(0);
	r = evbuffer_add_buffer_reference(b, a);
	printf("reference-plain: %d a-length=%zu b-length=%zu b=%s\n", r,
	    evbuffer_get_length(a), evbuffer_get_length(b),
	    text(b, t1, sizeof(t1)));

	/* b holds only bytes referenced from a. */
	c = make(0);
	r = evbuffer_add_buffer_reference(c, b);
	printf("reference-of-reference: %d b-length=%zu c-length=%zu\n", r,
	    evbuffer_get_length(b), evbuffer_get_length(c));

	/* Moving the referenced chains into another buffer. */
	d = make(0);
	r = evbuffer_add_buffer(d, b);
	printf("add-buffer-moves-reference: %d b-length=%zu d-length=%zu "
	    "d=%s\n", r, evbuffer_get_length(b), evbuffer_get_length(d),
	    text(d, t1, sizeof(t1)));
	e = make(0);
	r = evbuffer_add_buffer_reference(e, d);
	printf("reference-of-moved-reference: %d d-length=%zu e-length=%zu\n",
	    r, evbuffer_get_length(d), evbuffer_get_length(e));

	/* Moving only part of a referenced chain with remove_buffer. */
	h = make(10);
	b2 = make(0);
	trace_check(evbuffer_add_buffer_reference(b2, h) == 0, "reference h");
	f = make(0);
	r = evbuffer_remove_buffer(b2, f, 3);
	printf("remove-buffer-3-of-reference: %d b2-length=%zu f-length=%zu "
	    "b2=%s f=%s\n", r, evbuffer_get_length(b2),
	    evbuffer_get_length(f), text(b2, t1, sizeof(t1)),
	    text(f, t2, sizeof(t2)));
	g = make(0);
	r = evbuffer_add_buffer_reference(g, f);
	printf("reference-of-partly-moved-reference: %d f-length=%zu "
	    "g-length=%zu\n", r, evbuffer_get_length(f),
	    evbuffer_get_length(g));
	/* And what is left in b2 after the partial move. */
	y = make(0);
	r = evbuffer_add_buffer_reference(y, b2);
	printf("reference-of-rest-of-reference: %d b2-length=%zu "
	    "y-length=%zu\n", r, evbuffer_get_length(b2),
	    evbuffer_get_length(y));
	evbuffer_free(y);

	/* A file segment as the source. */
	tmp = tmpfile();
	trace_check(tmp != NULL, "tmpfile");
	fd = dup(fileno(tmp));
	fclose(tmp);
	trace_check(fd >= 0, "dup");
	trace_check(write(fd, ten, 10) == 10, "write temp file");
	fileb = make(0);
	r = evbuffer_add_file(fileb, fd, 0, 10); /* takes ownership of fd */
	printf("add-file: %d length=%zu\n", r, evbuffer_get_length(fileb));
	x = make(0);
	r = evbuffer_add_buffer_reference(x, fileb);
	printf("reference-of-file-segment: %d file-length=%zu x-length=%zu\n",
	    r, evbuffer_get_length(fileb), evbuffer_get_length(x));
	evbuffer_free(x);

	/* A buffer referencing itself. */
	x = make(10);
	r = evbuffer_add_buffer_reference(x, x);
	printf("reference-self-nonempty: %d length=%zu\n", r,
	    evbuffer_get_length(x));
	evbuffer_free(x);
	x = make(0);
	r = evbuffer_add_buffer_reference(x, x);
	printf("reference-self-empty: %d length=%zu\n", r,
	    evbuffer_get_length(x));
	evbuffer_free(x);

	/* An empty source. */
	x = make(0);
	y = make(5);
	r = evbuffer_add_buffer_reference(y, x);
	printf("reference-empty-source: %d src-length=%zu dst-length=%zu\n",
	    r, evbuffer_get_length(x), evbuffer_get_length(y));
	evbuffer_free(x);
	evbuffer_free(y);

	/* An empty source into a destination whose end is frozen. */
	x = make(0);
	y = make(0);
	evbuffer_freeze(y, 0);
	r = evbuffer_add_buffer_reference(y, x);
	printf("reference-empty-source-dst-end-frozen: %d src-length=%zu "
	    "dst-length=%zu\n", r, evbuffer_get_length(x),
	    evbuffer_get_length(y));
	evbuffer_free(x);
	evbuffer_free(y);

	/* Frozen ends: source start frozen, destination end frozen. */
	x = make(5);
	y = make(0);
	evbuffer_freeze(x, 1);
	r = evbuffer_add_buffer_reference(y, x);
	printf("reference-src-start-frozen: %d src-length=%zu "
	    "dst-length=%zu\n", r, evbuffer_get_length(x),
	    evbuffer_get_length(y));
	evbuffer_free(x);
	evbuffer_free(y);
	x = make(5);
	y = make(0);
	evbuffer_freeze(y, 0);
	r = evbuffer_add_buffer_reference(y, x);
	printf("reference-dst-end-frozen: %d src-length=%zu dst-length=%zu\n",
	    r, evbuffer_get_length(x), evbuffer_get_length(y));
	evbuffer_free(x);
	evbuffer_free(y);

	/* Does the reference survive changes to, and the freeing of, the
	 * source? */
	x = make(5);
	y = make(0);
	trace_check(evbuffer_add_buffer_reference(y, x) == 0, "reference x");
	evbuffer_drain(x, 5);
	evbuffer_add(x, "ab", 2);
	printf("reference-after-source-drained: y-length=%zu y=%s "
	    "src=%s\n", evbuffer_get_length(y), text(y, t1, sizeof(t1)),
	    text(x, t2, sizeof(t2)));
	evbuffer_free(x);
	printf("reference-after-source-freed: y-length=%zu y=%s\n",
	    evbuffer_get_length(y), text(y, t1, sizeof(t1)));
	evbuffer_free(y);

	evbuffer_free(a);
	evbuffer_free(b);
	evbuffer_free(c);
	evbuffer_free(d);
	evbuffer_free(e);
	evbuffer_free(h);
	evbuffer_free(b2);
	evbuffer_free(f);
	evbuffer_free(g);
	evbuffer_free(fileb);
	return 0;
}
