package io.jevent.http;

import io.jevent.buffer.EvBuffer;
import io.jevent.http.internal.BadMessage;
import io.jevent.http.internal.ChunkedDecoder;
import io.jevent.http.internal.FieldParser;
import io.jevent.http.internal.Framing;
import io.jevent.http.internal.HeadScanner;
import io.jevent.http.internal.HeadStrings;
import io.jevent.http.internal.RepeatedHead;
import io.jevent.http.internal.RequestLine;
import io.jevent.http.internal.UriRules;
import java.nio.ByteBuffer;

/**
 * Reads requests from a connection's input, one at a time: the head (strictly, see
 * {@link io.jevent.http.internal}), then the body into the request's input, moving segments. One
 * per connection; the parts are reused from request to request.
 */
final class RequestDecoder {
    static final int MORE = 0;
    static final int DONE = 1;

    private final HeadScanner scanner = new HeadScanner();
    private final RequestLine line = new RequestLine();
    private final ChunkedDecoder chunked = new ChunkedDecoder();
    private final HeadStrings strings = new HeadStrings();
    private final RepeatedHead repeated = new RepeatedHead();
    /** The request whose head is being read: where {@link #fields} puts what it parses. */
    private HttpRequest current;
    private final FieldParser.Sink fields = this::field;
    // What the server asks of a head, noted while its fields are parsed: no second pass for them.
    private String host;
    private int hosts;
    private boolean framed;
    private boolean connectionField;
    private boolean expectField;
    private String methodName;
    private HttpMethod method;
    private long remaining;
    private boolean isChunked;

    // A keep-alive client sends the same target and Host again and again; HeadStrings gives the same
    // Strings back, so checking them once per connection is enough.
    private String checkedTarget;
    private HttpMethod checkedTargetMethod;
    private HttpUri checkedUri;
    private String checkedHost;

    void reset() {
        scanner.reset();
        chunked.reset();
        remaining = 0;
        isChunked = false;
    }

    /** Whether some bytes of a head were seen (a timeout then deserves a 408, not a silent close). */
    boolean startedHead() {
        return scanner.scanned() > scanner.leadingEmptyLines();
    }

    /**
     * Reads the head into {@code req}, draining it from {@code in}.
     *
     * @return {@link #DONE} when the head was read and checked, else {@link #MORE}
     */
    int readHead(EvBuffer in, HttpRequest req, int maxLine, int maxHead) throws BadMessage {
        long len = in.length();
        if (len == 0) {
            return MORE;
        }
        ByteBuffer view = in.pullup(Math.min(len, (long) maxHead + maxLine + 4));
        if (scanner.scanned() == 0 && repeated.matches(view, maxLine, maxHead)) {
            // The same bytes as the last head: the same request line, fields and findings (what
            // the parse noted below still holds, as no parse has begun since).
            for (int i = 0; i < repeated.fieldCount(); i++) {
                req.inputHeaders.addUnchecked(repeated.name(i), repeated.value(i));
            }
            in.drain(repeated.length());
            return headParsed(req);
        }
        int end = scanner.scan(view, maxLine, maxHead, 414);
        if (end == HeadScanner.MORE) {
            return MORE;
        }
        repeated.forget();
        int start = scanner.leadingEmptyLines();
        int lf = start;
        while (view.get(view.position() + lf) != '\n') {
            lf++;
        }
        line.parse(view, start, lf, strings);
        current = req;
        host = null;
        hosts = 0;
        framed = false;
        connectionField = false;
        expectField = false;
        try {
            FieldParser.parse(view, lf + 1, end, fields, 400, strings);
        } finally {
            current = null;
        }
        repeated.remember(view, end, maxLine, maxHead);
        in.drain(end);
        return headParsed(req);
    }

    /** Fills in the request from the parsed request line, and checks the head as a whole. */
    private int headParsed(HttpRequest req) throws BadMessage {
        req.methodName = line.method;
        if (line.method != methodName) {
            methodName = line.method;
            method = HttpMethod.of(methodName);
        }
        req.method = method;
        req.uri = line.target;
        req.major = line.major;
        req.minor = line.minor;
        check(req);
        return DONE;
    }

    private void field(String name, String value) {
        current.inputHeaders.addUnchecked(name, value);
        repeated.addField(name, value);
        switch (name.length()) {
            case 4 -> {
                if (ReplyHead.is(name, "Host")) {
                    host = hosts++ == 0 ? value : host;
                }
            }
            case 6 -> expectField |= ReplyHead.is(name, "Expect");
            case 10 -> connectionField |= ReplyHead.is(name, "Connection");
            case 14 -> framed |= ReplyHead.is(name, "Content-Length");
            case 17 -> framed |= ReplyHead.is(name, "Transfer-Encoding");
            default -> { }
        }
    }

    /** Whether the last head had a Connection field (else its version alone decides keep-alive). */
    boolean hadConnectionField() {
        return connectionField;
    }

    /** Whether the last head had an Expect field. */
    boolean hadExpectField() {
        return expectField;
    }

    private void check(HttpRequest req) throws BadMessage {
        HttpHeaders h = req.inputHeaders;
        if (hosts > 1) {
            throw new BadMessage(400, "more than one Host");
        }
        if (host == null && req.minor >= 1) {
            throw new BadMessage(400, "an HTTP/1.1 request without Host");
        }
        if (host != null && host != checkedHost) {
            if (!validHost(host)) {
                throw new BadMessage(400, "an invalid Host: " + host);
            }
            checkedHost = host;
        }
        // Most requests carry neither framing field: no lists to build for them.
        long length = !framed ? 0 : Framing.length(h.findAll("Transfer-Encoding"), h.findAll("Content-Length"),
                req.minor == 0, 400);
        if (req.method == null) {
            throw new BadMessage(501, "method " + req.methodName + " is not implemented");
        }
        if (length != 0 && !req.method.mayHaveBody()) {
            throw new BadMessage(400, req.methodName + " requests have no body");
        }
        if (req.uri != checkedTarget || req.method != checkedTargetMethod) {
            HttpUri u = parseTarget(req.method, req.uri);
            if (u == null || req.method != HttpMethod.CONNECT && !req.uri.equals("*")
                    && req.uri.charAt(0) != '/' && u.scheme() == null) {
                throw new BadMessage(400, "an invalid request target");
            }
            checkedTarget = req.uri;
            checkedTargetMethod = req.method;
            checkedUri = u;
        }
        req.target = checkedUri;
        isChunked = length == Framing.CHUNKED;
        remaining = isChunked ? 0 : length;
        chunked.reset();
    }

    /** The declared body length, {@link Framing#CHUNKED}, or 0 for none. */
    long declaredLength() {
        return isChunked ? Framing.CHUNKED : remaining;
    }

    /**
     * Moves body bytes from {@code in} to the request's input.
     *
     * @param maxBody the largest body allowed, -1 for no limit
     * @return {@link #DONE} when the body is complete, else {@link #MORE}
     */
    int readBody(EvBuffer in, HttpRequest req, long maxBody, int maxHead) throws BadMessage {
        if (isChunked) {
            return chunked.decode(in, req.input, maxBody, maxHead, (name, value) -> trailer(req, name, value))
                    == ChunkedDecoder.DONE ? DONE : MORE;
        }
        long n = Math.min(remaining, in.length());
        if (n > 0) {
            in.removeBuffer(req.input, n);
            remaining -= n;
        }
        return remaining == 0 ? DONE : MORE;
    }

    /** Trailers join the input headers, as in libevent, except the fields that frame or route. */
    private static void trailer(HttpRequest req, String name, String value) throws BadMessage {
        for (String forbidden : FORBIDDEN_TRAILERS) {
            if (forbidden.equalsIgnoreCase(name)) {
                throw new BadMessage(400, name + " is not allowed in a trailer");
            }
        }
        req.inputHeaders.addUnchecked(name, value);
    }

    private static final String[] FORBIDDEN_TRAILERS = {"Content-Length", "Transfer-Encoding", "Host", "Connection",
        "Expect", "Trailer", "Upgrade", "Content-Type", "Content-Encoding", "TE"};

    /** {@code uri-host [":" port]}: a reg-name, IPv4 or bracketed IPv6, as the URI rules say. */
    static boolean validHost(String host) {
        int end = host.length();
        int i = end - 1;
        while (i >= 0 && host.charAt(i) >= '0' && host.charAt(i) <= '9') {
            i--;
        }
        if (i >= 0 && host.charAt(i) == ':') {
            if (i + 1 < end && UriRules.parsePort(host, i + 1, end) < 0) {
                return false;
            }
            end = i;
        }
        if (end >= 2 && host.charAt(0) == '[' && host.charAt(end - 1) == ']') {
            return UriRules.bracketAddrOk(host, 0, end);
        }
        for (int k = 0; k < end; k++) {
            if (host.charAt(k) == '%') {
                // A percent escape may not reach past the host into the port.
                if (k + 2 >= end) {
                    return false;
                }
            }
        }
        return UriRules.regnameOk(host, 0, end);
    }

    /**
     * A request target parsed as libevent does: an authority for CONNECT, {@code *} for OPTIONS,
     * else a NONCONFORMANT URI.
     *
     * @return the URI, or null if the target is not one
     */
    static HttpUri parseTarget(HttpMethod method, String target) {
        return method == HttpMethod.CONNECT ? authority(target)
                : "*".equals(target) && method == HttpMethod.OPTIONS ? asterisk()
                : HttpUri.tryParse(target, HttpUri.NONCONFORMANT);
    }

    private static HttpUri authority(String target) {
        HttpUri u = HttpUri.tryParse("//" + target, 0);
        return u != null && u.path().isEmpty() && u.query() == null && u.fragment() == null && u.userinfo() == null
                && u.port() >= 0 && !u.host().isEmpty() ? u : null;
    }

    private static HttpUri asterisk() {
        HttpUri u = new HttpUri();
        u.setFlags(HttpUri.NONCONFORMANT);
        u.setPath("*");
        return u;
    }
}
