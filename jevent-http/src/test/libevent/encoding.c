/*
 * Records libevent's encoders and decoders on a list of strings:
 * evhttp_encode_uri, evhttp_uriencode with and without space_as_plus,
 * evhttp_decode_uri (plus as space only after a '?'), evhttp_uridecode with
 * and without decode_plus (with the decoded length, since a %00 is kept),
 * evhttp_htmlescape, and evhttp_parse_query_str / evhttp_parse_query.
 */
#include <stdlib.h>
#include <event2/http.h>
#include <sys/queue.h>
#include <event2/keyvalq_struct.h>
#include "rules.h"

static const char *inputs[] = {
	"", "abc", "ABCxyz019", "-._~", "a b", "a+b", "a%20b", "a%2", "a%", "%",
	"%%", "%zz", "%4", "%41%42", "%4a%4A", "%00x", "a?b+c", "?+", "+?+",
	"!*'();:@&=+$,/?#[]", "\"<>\\^`{|}", "\x01\x1f\x7f", "\xc3\xa9\xff",
	"<a href='x'>&amp;</a>", "q=1", "q=1&r=2", "q=a+b%20c", "q", "=v", "q=",
	"q=1&", "&q=1", "q=1&&r=2", "a=1=2", "a%3D=1", "a+b=c+d", "k=%zz",
	"k=v&k=w", "K=v&k=w", "/path?q=1&r=a+b", "http://h/p?x=1&y=%41",
	"http://h/p", "http://h/p?", "not a uri?x=1", "http://h/p?x",
};

static void query(const char *key, int whole, const char *in)
{
	struct evkeyvalq q;
	struct evkeyval *kv;
	int r = whole ? evhttp_parse_query(in, &q) : evhttp_parse_query_str(in, &q);
	if (r != 0) {
		printf("%s: invalid\n", key);
		return;
	}
	printf("%s: ok\n", key);
	TAILQ_FOREACH(kv, &q, next) {
		rules_put("  key", kv->key);
		rules_put("  value", kv->value);
	}
	evhttp_clear_headers(&q);
}

int main(void)
{
	size_t i;
	rules_begin();
	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		const char *in = inputs[i];
		char *s;
		size_t n;
		rules_put("input", in);
		s = evhttp_encode_uri(in); rules_put("encode_uri", s); free(s);
		s = evhttp_uriencode(in, -1, 0); rules_put("uriencode", s); free(s);
		s = evhttp_uriencode(in, -1, 1); rules_put("uriencode-plus", s); free(s);
		s = evhttp_decode_uri(in); rules_put("decode_uri", s); free(s);
		s = evhttp_uridecode(in, 0, &n); rules_put_n("uridecode", s, n); free(s);
		s = evhttp_uridecode(in, 1, &n); rules_put_n("uridecode-plus", s, n); free(s);
		s = evhttp_htmlescape(in); rules_put("htmlescape", s); free(s);
		query("parse_query_str", 0, in);
		query("parse_query", 1, in);
	}
	return 0;
}
