package io.jevent.http.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Parses a request line (RFC 9112 section 3) strictly: {@code method SP request-target SP
 * HTTP/D.D}, one space each, a method made of token characters, a target without spaces or
 * control characters. A version other than 1.x is answered with 505; HTTP/1.x with x above 1 is
 * read as 1.1, as RFC 9110 section 6.2 allows.
 */
public final class RequestLine {
    public String method;
    public String target;
    public int major;
    public int minor;

    /**
     * @param view the head, from its position; {@code end} is the index (relative to the position)
     *             of the LF that ends the line
     * @param strings where the method and target Strings come from
     */
    public void parse(ByteBuffer view, int start, int end, HeadStrings strings) throws BadMessage {
        int base = view.position();
        int lineEnd = end > start && view.get(base + end - 1) == '\r' ? end - 1 : end;
        int i = start;
        while (i < lineEnd && HeaderChars.isTchar(view.get(base + i))) {
            i++;
        }
        if (i == start || i == lineEnd || view.get(base + i) != ' ') {
            throw new BadMessage(400, "a request line needs a method made of token characters, then one space");
        }
        method = strings.get(view, base + start, base + i);
        int targetStart = ++i;
        while (i < lineEnd) {
            int b = view.get(base + i) & 0xFF;
            if (b <= 0x20 || b == 0x7F) {
                break;
            }
            i++;
        }
        if (i == targetStart || i == lineEnd || view.get(base + i) != ' ') {
            throw new BadMessage(400, "a request target must be followed by one space, and hold no space or"
                    + " control character");
        }
        target = strings.get(view, base + targetStart, base + i);
        i++;
        if (lineEnd - i != 8 || !startsWith(view, base + i, "HTTP/") || view.get(base + i + 6) != '.'
                || !digit(view.get(base + i + 5)) || !digit(view.get(base + i + 7))) {
            throw new BadMessage(400, "the request line must end with HTTP/D.D");
        }
        major = view.get(base + i + 5) - '0';
        minor = view.get(base + i + 7) - '0';
        if (major != 1) {
            throw new BadMessage(505, "HTTP version " + major + "." + minor + " is not supported");
        }
        if (minor > 1) {
            minor = 1;
        }
    }

    static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    static boolean startsWith(ByteBuffer view, int at, String prefix) {
        for (int k = 0; k < prefix.length(); k++) {
            if (view.get(at + k) != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Bytes known to be ASCII as a String, without a charset lookup. */
    static String ascii(ByteBuffer view, int from, int to) {
        return latin1(view, from, to);
    }

    /** One char per byte: exact, and cheap for the JDK's compact Latin-1 strings. */
    public static String latin1(ByteBuffer view, int from, int to) {
        byte[] bytes = new byte[to - from];
        view.get(from, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
