package io.jevent.http;

import io.jevent.http.internal.UriRules;
import java.util.Objects;

/**
 * A URI split into its parts, as libevent's {@code struct evhttp_uri}: scheme, userinfo, host,
 * port, path, query and fragment, each checked against RFC 3986 with libevent 2.1's exact rules
 * ({@code evhttp_uri_parse_with_flags}, {@code evhttp_uri_set_*}, {@code evhttp_uri_join}).
 *
 * <pre>{@code
 * HttpUri uri = HttpUri.parse("http://example.com:8080/a/b?x=1#top");
 * uri.host();     // "example.com"
 * uri.port();     // 8080 (-1 when absent)
 * uri.path();     // "/a/b"
 * uri.query();    // "x=1"
 * uri.setQuery("x=2");
 * uri.toString(); // "http://example.com:8080/a/b?x=2#top"
 * }</pre>
 *
 * <p>The parts are kept as they were written: nothing is decoded (see {@link UriCodec}). The
 * characters of a {@code String} stand for bytes; a character above U+007F is in no character class,
 * as none of its UTF-8 bytes is in libevent's. A NUL character makes a URI invalid (a C string would
 * end there).
 *
 * <p><b>Threads:</b> a plain mutable value; use it from one thread at a time.
 */
public final class HttpUri {
    /**
     * libevent's {@code EVHTTP_URI_NONCONFORMANT}: the path runs to the first {@code ?} or
     * {@code #}, the query to the first {@code #}, the fragment to the end, whatever characters they
     * hold. The server parses request targets this way, as libevent does.
     */
    public static final int NONCONFORMANT = 0x01;

    private int flags;
    private String scheme;
    private String userinfo;
    private String host;
    private int port = -1;
    private String path;
    private String query;
    private String fragment;

    /** An empty URI, no part set and port -1: libevent's {@code evhttp_uri_new}. */
    public HttpUri() {
    }

    /**
     * Parses a URI or a relative reference with the conforming rules: libevent's
     * {@code evhttp_uri_parse}. Any thread.
     *
     * @param text the URI
     * @return the parsed URI
     * @throws IllegalArgumentException if libevent would return NULL for it
     */
    public static HttpUri parse(String text) {
        return parse(text, 0);
    }

    /**
     * Parses a URI: libevent's {@code evhttp_uri_parse_with_flags}. Any thread.
     *
     * @param text  the URI
     * @param flags 0 or {@link #NONCONFORMANT}
     * @return the parsed URI
     * @throws IllegalArgumentException if libevent would return NULL for it, or for flags other
     *                                  than those two
     */
    public static HttpUri parse(String text, int flags) {
        HttpUri uri = tryParse(text, flags);
        if (uri == null) {
            throw new IllegalArgumentException("not a valid URI" + (flags != 0 ? " (NONCONFORMANT)" : "") + ": "
                    + quote(text));
        }
        return uri;
    }

    /**
     * Parses a URI, or returns null where libevent returns NULL: the form for untrusted input, which
     * costs no exception. Any thread.
     *
     * @param text  the URI
     * @param flags 0 or {@link #NONCONFORMANT}
     * @return the parsed URI, or null if it is not valid
     * @throws IllegalArgumentException for flags other than 0 and {@link #NONCONFORMANT}: a
     *                                  mistake in the program, not in the text
     */
    public static HttpUri tryParse(String text, int flags) {
        Objects.requireNonNull(text, "text");
        checkFlags(flags);
        if (text.indexOf('\0') >= 0) {
            return null;
        }
        HttpUri uri = new HttpUri();
        uri.flags = flags;
        boolean nonconformant = (flags & NONCONFORMANT) != 0;
        int p = 0;
        int colon = text.indexOf(':');
        if (colon >= 0 && UriRules.schemeOk(text, 0, colon)) {
            uri.scheme = text.substring(0, colon);
            p = colon + 1;
        }
        boolean gotAuthority = false;
        if (UriRules.at(text, p) == '/' && UriRules.at(text, p + 1) == '/') {
            p += 2;
            int end = UriRules.endOfAuthority(text, p);
            if (!uri.parseAuthority(text, p, end)) {
                return null;
            }
            p = end;
            gotAuthority = true;
        }
        int pathStart = p;
        p = UriRules.endOfPath(text, p, UriRules.PATH, nonconformant);
        int pathEnd = p;
        if (UriRules.at(text, p) == '?') {
            int start = p + 1;
            p = UriRules.endOfPath(text, start, UriRules.QUERY, nonconformant);
            uri.query = text.substring(start, p);
        }
        if (UriRules.at(text, p) == '#') {
            int start = p + 1;
            p = UriRules.endOfPath(text, start, UriRules.FRAGMENT, nonconformant);
            uri.fragment = text.substring(start, p);
        }
        if (p != text.length()) {
            return null;
        }
        char first = UriRules.at(text, pathStart);
        boolean empty = pathStart == pathEnd;
        if (!gotAuthority && first == '/' && pathEnd - pathStart > 1 && text.charAt(pathStart + 1) == '/') {
            return null;
        }
        if (gotAuthority && !empty && first != '/') {
            return null;
        }
        if (uri.scheme == null && !UriRules.pathMatchesNoScheme(text, pathStart, pathEnd)) {
            return null;
        }
        uri.path = text.substring(pathStart, pathEnd);
        return uri;
    }

    /** libevent's {@code parse_authority}: {@code [userinfo@]host[:port]} over {@code [from, end)}. */
    private boolean parseAuthority(String s, int from, int end) {
        if (from == end) {
            host = "";
            return true;
        }
        int hostStart = from;
        int at = s.indexOf('@', from);
        if (at >= 0 && at < end) {
            if (!UriRules.userinfoOk(s, from, at)) {
                return false;
            }
            userinfo = s.substring(from, at);
            hostStart = at + 1;
        }
        int hostEnd = end;
        int i = end - 1;
        while (i >= hostStart && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i--;
        }
        if (i >= hostStart && s.charAt(i) == ':') {
            if (i + 1 == end) {
                port = -1;
            } else if ((port = UriRules.parsePort(s, i + 1, end)) < 0) {
                return false;
            }
            hostEnd = i;
        }
        if (hostEnd - hostStart >= 2 && s.charAt(hostStart) == '[' && s.charAt(hostEnd - 1) == ']') {
            if (!UriRules.bracketAddrOk(s, hostStart, hostEnd)) {
                return false;
            }
        } else if (!UriRules.regnameOk(s, hostStart, hostEnd)) {
            return false;
        }
        host = s.substring(hostStart, hostEnd);
        return true;
    }

    /** {@return the flags given to parse or {@link #setFlags}} */
    public int flags() {
        return flags;
    }

    /**
     * Sets the flags the path, query and fragment setters check with: libevent's
     * {@code evhttp_uri_set_flags}.
     *
     * @param flags 0 or {@link #NONCONFORMANT}
     */
    public void setFlags(int flags) {
        checkFlags(flags);
        this.flags = flags;
    }

    /** {@return the scheme ({@code "http"}), or null: libevent's {@code evhttp_uri_get_scheme}} */
    public String scheme() {
        return scheme;
    }

    /** {@return the userinfo ({@code "user:pass"}), or null: libevent's {@code evhttp_uri_get_userinfo}} */
    public String userinfo() {
        return userinfo;
    }

    /**
     * {@return the host as written (brackets kept for an IPv6 address; {@code ""} for an empty
     * authority), or null without an authority: libevent's {@code evhttp_uri_get_host}}
     */
    public String host() {
        return host;
    }

    /** {@return the port, or -1 when none was given: libevent's {@code evhttp_uri_get_port}} */
    public int port() {
        return port;
    }

    /** {@return the path, {@code ""} when empty; null only on a new URI: {@code evhttp_uri_get_path}} */
    public String path() {
        return path;
    }

    /** {@return the query without its {@code ?}, or null: libevent's {@code evhttp_uri_get_query}} */
    public String query() {
        return query;
    }

    /** {@return the fragment without its {@code #}, or null: libevent's {@code evhttp_uri_get_fragment}} */
    public String fragment() {
        return fragment;
    }

    /**
     * Sets the scheme: libevent's {@code evhttp_uri_set_scheme}.
     *
     * @param scheme a letter then letters, digits, {@code + - .}; or null to remove it
     * @throws IllegalArgumentException if libevent would refuse it
     */
    public void setScheme(String scheme) {
        if (scheme != null && !UriRules.schemeOk(scheme, 0, scheme.length())) {
            throw invalid("scheme", scheme);
        }
        this.scheme = scheme;
    }

    /**
     * Sets the userinfo: libevent's {@code evhttp_uri_set_userinfo}.
     *
     * @param userinfo unreserved characters, sub-delims, {@code :} and percent escapes; or null
     * @throws IllegalArgumentException if libevent would refuse it
     */
    public void setUserinfo(String userinfo) {
        if (userinfo != null && !UriRules.userinfoOk(userinfo, 0, userinfo.length())) {
            throw invalid("userinfo", userinfo);
        }
        this.userinfo = userinfo;
    }

    /**
     * Sets the host: libevent's {@code evhttp_uri_set_host}.
     *
     * @param host a reg-name, an IPv4 address, or an IPv6 address in brackets; or null
     * @throws IllegalArgumentException if libevent would refuse it
     */
    public void setHost(String host) {
        if (host != null) {
            boolean ok = !host.isEmpty() && host.charAt(0) == '['
                    ? UriRules.bracketAddrOk(host, 0, host.length())
                    : UriRules.regnameOk(host, 0, host.length());
            if (!ok) {
                throw invalid("host", host);
            }
        }
        this.host = host;
    }

    /**
     * Sets the port: libevent's {@code evhttp_uri_set_port}. As in libevent, any value from -1 up is
     * taken, also above 65535.
     *
     * @param port the port, or -1 for none
     * @throws IllegalArgumentException below -1
     */
    public void setPort(int port) {
        if (port < -1) {
            throw new IllegalArgumentException("port < -1: " + port);
        }
        this.port = port;
    }

    /**
     * Sets the path: libevent's {@code evhttp_uri_set_path}.
     *
     * @param path pchars, {@code /} and percent escapes (with {@link #NONCONFORMANT}: anything but
     *             {@code ?} and {@code #}); or null
     * @throws IllegalArgumentException if libevent would refuse it
     */
    public void setPath(String path) {
        this.path = checkPart(path, UriRules.PATH, "path");
    }

    /**
     * Sets the query, without its {@code ?}: libevent's {@code evhttp_uri_set_query}.
     *
     * @param query pchars, {@code / ?} and percent escapes (with {@link #NONCONFORMANT}: anything but
     *              {@code #}); or null
     * @throws IllegalArgumentException if libevent would refuse it
     */
    public void setQuery(String query) {
        this.query = checkPart(query, UriRules.QUERY, "query");
    }

    /**
     * Sets the fragment, without its {@code #}: libevent's {@code evhttp_uri_set_fragment}.
     *
     * @param fragment pchars, {@code / ?} and percent escapes (with {@link #NONCONFORMANT}:
     *                 anything); or null
     * @throws IllegalArgumentException if libevent would refuse it
     */
    public void setFragment(String fragment) {
        this.fragment = checkPart(fragment, UriRules.FRAGMENT, "fragment");
    }

    private String checkPart(String value, int part, String name) {
        if (value != null && (value.indexOf('\0') >= 0
                || UriRules.endOfPath(value, 0, part, (flags & NONCONFORMANT) != 0) != value.length())) {
            throw invalid(name, value);
        }
        return value;
    }

    /**
     * Joins the parts into a URI: libevent's {@code evhttp_uri_join}. The userinfo and port appear
     * only with a host.
     *
     * @return the URI text
     * @throws IllegalStateException where libevent's join fails: a host with a path that neither is
     *                               empty nor starts with {@code /}
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (scheme != null) {
            sb.append(scheme).append(':');
        }
        if (host != null) {
            sb.append("//");
            if (userinfo != null) {
                sb.append(userinfo).append('@');
            }
            sb.append(host);
            if (port >= 0) {
                sb.append(':').append(port);
            }
            if (path != null && !path.isEmpty() && path.charAt(0) != '/') {
                throw new IllegalStateException("a URI with a host needs an empty path or one that starts with"
                        + " '/', not " + quote(path));
            }
        }
        if (path != null) {
            sb.append(path);
        }
        if (query != null) {
            sb.append('?').append(query);
        }
        if (fragment != null) {
            sb.append('#').append(fragment);
        }
        return sb.toString();
    }

    private static void checkFlags(int flags) {
        if ((flags & ~NONCONFORMANT) != 0) {
            throw new IllegalArgumentException("unknown URI flags: 0x" + Integer.toHexString(flags));
        }
    }

    private static IllegalArgumentException invalid(String part, String value) {
        return new IllegalArgumentException("not a valid URI " + part + ": " + quote(value));
    }

    private static String quote(String s) {
        return '"' + (s.length() > 200 ? s.substring(0, 200) + "..." : s) + '"';
    }
}
