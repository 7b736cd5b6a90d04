package io.jevent.http.internal;

import java.util.List;

/**
 * How long a message body is (RFC 9112 section 6), decided strictly from its Transfer-Encoding and
 * Content-Length fields. Every ambiguity that lets two parsers disagree about where a message ends
 * (the root of request smuggling) is refused instead of resolved.
 */
public final class Framing {
    /** {@link #length} of a chunked body. */
    public static final long CHUNKED = -2;
    /** {@link #length} of a response body that runs until the connection closes. */
    public static final long UNTIL_CLOSE = -3;

    private Framing() {
    }

    /**
     * The body length of a request: its Content-Length, {@link #CHUNKED}, or 0 with neither.
     *
     * @param transferEncodings the values of every Transfer-Encoding field
     * @param contentLengths    the values of every Content-Length field
     * @param http10            whether the request is HTTP/1.0
     * @param errorStatus       the status for a malformed framing: 400 (request) or 502 (response)
     */
    public static long length(List<String> transferEncodings, List<String> contentLengths, boolean http10,
            int errorStatus) throws BadMessage {
        if (!transferEncodings.isEmpty()) {
            if (!contentLengths.isEmpty()) {
                throw new BadMessage(errorStatus, "both Transfer-Encoding and Content-Length");
            }
            if (http10) {
                throw new BadMessage(errorStatus, "Transfer-Encoding in an HTTP/1.0 message");
            }
            checkChunkedLast(transferEncodings, errorStatus);
            return CHUNKED;
        }
        if (contentLengths.isEmpty()) {
            return 0;
        }
        long length = -1;
        for (String field : contentLengths) {
            int i = 0;
            int n = field.length();
            do {
                int comma = field.indexOf(',', i);
                int end = comma < 0 ? n : comma;
                long value = decimal(field, trimStart(field, i, end), trimEnd(field, i, end), errorStatus);
                if (length >= 0 && value != length) {
                    throw new BadMessage(errorStatus, "Content-Length values differ");
                }
                length = value;
                i = end + 1;
            } while (i <= n);
        }
        return length;
    }

    /**
     * The codings must be a list of tokens whose last is {@code chunked}, which appears only once:
     * anything else leaves the body's end unknown (400). jevent decodes no other coding (501).
     */
    private static void checkChunkedLast(List<String> fields, int errorStatus) throws BadMessage {
        int chunked = 0;
        boolean other = false;
        String last = null;
        for (String field : fields) {
            for (String part : field.split(",", -1)) {
                String coding = part.strip();
                if (coding.isEmpty()) {
                    continue;
                }
                int semicolon = coding.indexOf(';');
                String name = (semicolon < 0 ? coding : coding.substring(0, semicolon)).strip();
                if (!HeaderChars.isToken(name)) {
                    throw new BadMessage(errorStatus, "an invalid transfer coding: " + coding);
                }
                if (name.equalsIgnoreCase("chunked")) {
                    chunked++;
                } else {
                    other = true;
                }
                last = name;
            }
        }
        if (last == null || !last.equalsIgnoreCase("chunked") || chunked > 1) {
            throw new BadMessage(errorStatus, "Transfer-Encoding must end with chunked, once");
        }
        if (other) {
            throw new BadMessage(errorStatus == 400 ? 501 : errorStatus, "no transfer coding but chunked is implemented");
        }
    }

    private static int trimStart(String s, int from, int to) {
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        return from;
    }

    private static int trimEnd(String s, int from, int to) {
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return to;
    }

    /** {@code 1*DIGIT}, no sign, at most 18 digits so it cannot overflow. */
    private static long decimal(String s, int from, int to, int errorStatus) throws BadMessage {
        if (from == to || to - from > 18) {
            throw new BadMessage(errorStatus, "an invalid Content-Length: " + s);
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new BadMessage(errorStatus, "an invalid Content-Length: " + s);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
