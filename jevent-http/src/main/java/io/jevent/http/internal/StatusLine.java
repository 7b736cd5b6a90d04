package io.jevent.http.internal;

import java.nio.ByteBuffer;

/**
 * Parses a response's status line (RFC 9112 section 4): {@code HTTP/1.x SP 3DIGIT SP reason}. The
 * reason may be empty, and so may the space before it (servers omit it).
 */
public final class StatusLine {
    public int major;
    public int minor;
    public int code;
    public String reason;

    public void parse(ByteBuffer view, int start, int end) throws BadMessage {
        int base = view.position();
        int lineEnd = end > start && view.get(base + end - 1) == '\r' ? end - 1 : end;
        int n = lineEnd - start;
        int i = base + start;
        if (n < 12 || !RequestLine.startsWith(view, i, "HTTP/") || !RequestLine.digit(view.get(i + 5))
                || view.get(i + 6) != '.' || !RequestLine.digit(view.get(i + 7)) || view.get(i + 8) != ' '
                || !RequestLine.digit(view.get(i + 9)) || !RequestLine.digit(view.get(i + 10))
                || !RequestLine.digit(view.get(i + 11)) || n > 12 && view.get(i + 12) != ' ') {
            throw new BadMessage(502, "not a status line");
        }
        major = view.get(i + 5) - '0';
        minor = view.get(i + 7) - '0';
        if (major != 1) {
            throw new BadMessage(502, "HTTP version " + major + "." + minor + " is not supported");
        }
        code = (view.get(i + 9) - '0') * 100 + (view.get(i + 10) - '0') * 10 + (view.get(i + 11) - '0');
        if (code < 100) {
            throw new BadMessage(502, "status code below 100");
        }
        for (int k = i + 13; k < base + lineEnd; k++) {
            if (!HeaderChars.isValueByte(view.get(k) & 0xFF)) {
                throw new BadMessage(502, "control character in the reason phrase");
            }
        }
        reason = n > 13 ? RequestLine.latin1(view, i + 13, base + lineEnd) : "";
    }
}
