/*
 * Records which values the evhttp_uri_set_* functions accept, and what
 * evhttp_uri_join() gives for URIs built with them.
 */
#include <stdlib.h>
#include <event2/http.h>
#include "rules.h"

static const char *values[] = {
	"http", "HTTP", "h+t-t.p", "1http", "", "ht tp", "user", "user:pass", "u@v",
	"u%41", "u%4", "host", "ho st", "[::1]", "[::1", "[v1.x]", "[zz]", "a:b",
	"/path", "path", "/a b", "/a?b", "/a#b", "a=1&b=2", "a=1?b", "a#b", "f?g",
	"%", "%zz", "%4", "\xc3\xa9", "!$&'()*+,;=", "/a%20b",
};

static void setter(const char *name, int (*set)(struct evhttp_uri *, const char *),
    unsigned flags)
{
	size_t i;
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		struct evhttp_uri *uri = evhttp_uri_new();
		char key[64];
		evhttp_uri_set_flags(uri, flags);
		snprintf(key, sizeof(key), "set-%s%s", name, flags ? "-nonconformant" : "");
		rules_put(key, values[i]);
		printf("result: %s\n", set(uri, values[i]) == 0 ? "ok" : "invalid");
		evhttp_uri_free(uri);
	}
}

static void join(const char *scheme, const char *host, int port,
    const char *path, const char *query, const char *fragment)
{
	struct evhttp_uri *uri = evhttp_uri_new();
	char joined[1024];
	char p[16];
	snprintf(p, sizeof(p), "%d", port);
	rules_put("join-scheme", scheme);
	rules_put("join-host", host);
	rules_put("join-port", p);
	rules_put("join-path", path);
	rules_put("join-query", query);
	rules_put("join-fragment", fragment);
	if (scheme) evhttp_uri_set_scheme(uri, scheme);
	if (host) evhttp_uri_set_host(uri, host);
	evhttp_uri_set_port(uri, port);
	if (path) evhttp_uri_set_path(uri, path);
	if (query) evhttp_uri_set_query(uri, query);
	if (fragment) evhttp_uri_set_fragment(uri, fragment);
	rules_put("joined", evhttp_uri_join(uri, joined, sizeof(joined)));
	evhttp_uri_free(uri);
}

int main(void)
{
	struct evhttp_uri *uri;
	rules_begin();
	setter("scheme", evhttp_uri_set_scheme, 0);
	setter("userinfo", evhttp_uri_set_userinfo, 0);
	setter("host", evhttp_uri_set_host, 0);
	setter("path", evhttp_uri_set_path, 0);
	setter("query", evhttp_uri_set_query, 0);
	setter("fragment", evhttp_uri_set_fragment, 0);
	setter("path", evhttp_uri_set_path, EVHTTP_URI_NONCONFORMANT);
	setter("query", evhttp_uri_set_query, EVHTTP_URI_NONCONFORMANT);
	setter("fragment", evhttp_uri_set_fragment, EVHTTP_URI_NONCONFORMANT);
	uri = evhttp_uri_new();
	printf("new-port: %d\n", evhttp_uri_get_port(uri));
	printf("set-port-minus-1: %s\n", evhttp_uri_set_port(uri, -1) == 0 ? "ok" : "invalid");
	printf("set-port-minus-2: %s\n", evhttp_uri_set_port(uri, -2) == 0 ? "ok" : "invalid");
	printf("set-port-70000: %s\n", evhttp_uri_set_port(uri, 70000) == 0 ? "ok" : "invalid");
	evhttp_uri_free(uri);
	join("http", "example.com", 8080, "/a", "b=1", "c");
	join("http", "example.com", -1, "", NULL, NULL);
	join("http", "example.com", -1, "rel", NULL, NULL);
	join(NULL, "example.com", -1, "/x", NULL, NULL);
	join(NULL, NULL, -1, "/x", "", "");
	join("mailto", NULL, 25, "a@b", NULL, NULL);
	join(NULL, NULL, -1, NULL, NULL, NULL);
	join("http", "", -1, "/", NULL, NULL);
	return 0;
}
