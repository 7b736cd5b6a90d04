package io.jevent.http;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Splits a query string into its {@code key=value} pairs: libevent's {@code evhttp_parse_query_str}
 * and {@code evhttp_parse_query}, with their rules: pairs are separated by {@code &}; each needs an
 * {@code =} and a non-empty key; values are percent-decoded with {@code +} as a space; keys are
 * kept as written (not decoded, as in libevent); a repeated key gives a repeated field; one bad
 * pair makes the whole query invalid. Any thread.
 *
 * <pre>{@code
 * HttpHeaders q = QueryString.parse("name=J%C3%BCrgen&lang=de+AT");
 * q.find("name");   // "Jürgen"
 * q.find("lang");   // "de AT"
 * }</pre>
 */
public final class QueryString {
    private QueryString() {
    }

    /**
     * Parses a query string, without its {@code ?}: libevent's {@code evhttp_parse_query_str}.
     *
     * @param query the query, e.g. {@code "a=1&b=2"}; empty gives no pairs
     * @return the pairs in order, values decoded, or null where libevent returns -1 (a pair without
     *         {@code =}, or with an empty key)
     */
    public static HttpHeaders parse(String query) {
        Objects.requireNonNull(query, "query");
        HttpHeaders out = new HttpHeaders();
        int i = 0;
        int len = query.length();
        while (i < len) {
            int amp = query.indexOf('&', i);
            int end = amp < 0 ? len : amp;
            int eq = query.indexOf('=', i);
            if (eq < 0 || eq >= end || eq == i) {
                return null;
            }
            String value = query.substring(eq + 1, end);
            out.addUnchecked(query.substring(i, eq), new String(
                    UriCodec.decode(value.getBytes(StandardCharsets.UTF_8), 1), StandardCharsets.UTF_8));
            if (amp < 0) {
                break;
            }
            i = amp + 1;
        }
        return out;
    }

    /**
     * Parses the query of a whole URI: libevent's {@code evhttp_parse_query}. The URI is parsed with
     * the conforming rules of {@link HttpUri#parse(String)}.
     *
     * @param uri a URI or relative reference, e.g. {@code "/search?q=jevent"}
     * @return the pairs of its query (none without one), or null if the URI or the query is invalid
     */
    public static HttpHeaders parseUri(String uri) {
        HttpUri parsed = HttpUri.tryParse(uri, 0);
        if (parsed == null) {
            return null;
        }
        return parse(parsed.query() == null ? "" : parsed.query());
    }
}
