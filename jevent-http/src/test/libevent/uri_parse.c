/*
 * Records evhttp_uri_parse_with_flags() on a list of URIs, with and without
 * EVHTTP_URI_NONCONFORMANT: whether each parses, each part, and what
 * evhttp_uri_join() makes of the result.
 */
#include <stdlib.h>
#include <event2/http.h>
#include "rules.h"

static const char *inputs[] = {
	"", "/", "http://www.example.com/", "http://www.example.com",
	"https://user:pass@example.com:8080/a/b?x=1&y=2#frag",
	"ftp://ftp.example.org/pub/file.txt", "mailto:someone@example.com",
	"//example.com/path", "/path/only?query#frag", "relative/path",
	"rel:ative", "./rel:ative", "a:b", "1http://x/", "h+t-t.p://x/",
	"http://[::1]:80/", "http://[::1]/", "http://[::1", "http://[::ffff:1.2.3.4]/",
	"http://[1:2:3:4:5:6:7:8]/", "http://[1:2:3:4:5:6:7:8:9]/", "http://[12345::1]/",
	"http://[v7.zz]/", "http://[v7.]/", "http://[vz.x]/", "http://[V7.zz]/",
	"http://[::1%25eth0]/", "http://[1::2::3]/", "http://[::1.2.3.04]/",
	"http://[::]/", "http://[:]/", "http://[::1.2.3.+4]/", "http://[::1.2.3. 4]/",
	"http://[::1.2.3.-0]/", "http://[::1.2.3.-1]/", "http://[1:2:3:4:5:6:7:8:]/", "http://[0x1:2::]/",
	"http://[::ab1.2.3.4]/", "http://[1.2.3.4]/", "http://[::1:2.3.4.5]/", "http://[::0001]/",
	"http://[::00001]/", "http://[1:2:3:4:5:6:7::]/", "http://[::1.2.3.4.5]/", "http://[::1.2.3]/",
	"http://[::1.2.3.4 ]/", "http://[0x::]/", "http://[::0xg]/", "http://[1:2:3:4:5:6:7:8:9:0]/", "http://[1:2:3:4:5:6:1.2.3.4]/",
	"http://host:/", "http://host:65535/", "http://host:65536/", "http://host:0/",
	"http://host:-1/", "http://host:8a/", "http://host:99999999999999/",
	"http://user@host/", "http://us er@host/", "http://u%41@host/", "http://u%4@host/",
	"http://u%@host/", "http://a@b@host/", "http://:@host/", "http://@host/",
	"http://ho%41st/", "http://ho%4st/", "http://ho st/", "http://host_name.x/",
	"http://HOST.Example/", "http://h!$&'()*+,;=/", "http://h[x]/",
	"http:///path", "http://", "http:", "http:/", "http:path", "http:?q", "http:#f",
	"/a b", "/a%20b", "/a%2", "/a%zz", "/a%", "/a?b c", "/a#b c", "/a?b?c", "/a#b#c",
	"/a#b?c", "/a?b#c?d", "/a\"b", "/a<b>", "/a{b}", "/a|b", "/a\\b", "/a^b", "/a`b",
	"/\x01", "/\x7f", "/\xc3\xa9", "/~user/", "/a:b", "/a@b", "/!$&'()*+,;=",
	"//", "///", "//a//b", "?", "#", "?#", "*", "example.com:80", "x:y:z",
	"http://host?q", "http://host#f", "http://host/?", "http://host/#",
	"HTTP://HOST/", "http://host/path?a=1&b=%zz", "http://host/%7e",
	"/path?%", "/path#%", "/path?a%4", "/p\tq", "/p\rq", "/p\nq",
};

static void show(const char *in, unsigned flags)
{
	struct evhttp_uri *uri = evhttp_uri_parse_with_flags(in, flags);
	char port[16];
	char joined[1024];
	rules_put("parse", in);
	printf("flags: %s\n", flags ? "NONCONFORMANT" : "0");
	if (uri == NULL) {
		printf("result: invalid\n");
		return;
	}
	printf("result: ok\n");
	rules_put("scheme", evhttp_uri_get_scheme(uri));
	rules_put("userinfo", evhttp_uri_get_userinfo(uri));
	rules_put("host", evhttp_uri_get_host(uri));
	snprintf(port, sizeof(port), "%d", evhttp_uri_get_port(uri));
	rules_put("port", port);
	rules_put("path", evhttp_uri_get_path(uri));
	rules_put("query", evhttp_uri_get_query(uri));
	rules_put("fragment", evhttp_uri_get_fragment(uri));
	rules_put("joined", evhttp_uri_join(uri, joined, sizeof(joined)));
	evhttp_uri_free(uri);
}

int main(void)
{
	size_t i;
	rules_begin();
	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		show(inputs[i], 0);
		show(inputs[i], EVHTTP_URI_NONCONFORMANT);
	}
	return 0;
}
