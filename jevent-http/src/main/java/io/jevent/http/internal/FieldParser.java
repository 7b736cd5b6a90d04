package io.jevent.http.internal;

import java.nio.ByteBuffer;

/**
 * Parses header (or trailer) field lines strictly (RFC 9112 section 5): {@code name ":" OWS value
 * OWS}, the name a token with no space before the colon, the value free of NUL, CR, LF and the
 * other control characters but tab. A line that starts with a space or tab (obsolete line folding)
 * is refused: RFC 9112 lets a server refuse it with 400, and a folded line is a way to hide a field
 * from one parser and not another.
 */
public final class FieldParser {
    /** Where parsed fields go. */
    public interface Sink {
        void field(String name, String value) throws BadMessage;
    }

    private FieldParser() {
    }

    /**
     * Parses the field lines in {@code [from, to)} of the view (relative to its position), up to
     * and including the empty line that ends them.
     *
     * @param errorStatus the status of a malformed line: 400 for requests, 502 for responses
     */
    public static void parse(ByteBuffer view, int from, int to, Sink sink, int errorStatus) throws BadMessage {
        parse(view, from, to, sink, errorStatus, null);
    }

    /**
     * As {@link #parse(ByteBuffer, int, int, Sink, int)}, with names and values taken from a
     * connection's {@link HeadStrings} (null for new Strings each).
     */
    public static void parse(ByteBuffer view, int from, int to, Sink sink, int errorStatus, HeadStrings strings)
            throws BadMessage {
        int base = view.position();
        int i = from;
        while (i < to) {
            int lf = i;
            while (view.get(base + lf) != '\n') {
                lf++;
            }
            int end = lf > i && view.get(base + lf - 1) == '\r' ? lf - 1 : lf;
            if (end == i) {
                return;
            }
            field(view, base + i, base + end, sink, errorStatus, strings);
            i = lf + 1;
        }
    }

    private static void field(ByteBuffer view, int from, int to, Sink sink, int errorStatus, HeadStrings strings)
            throws BadMessage {
        byte first = view.get(from);
        if (first == ' ' || first == '\t') {
            throw new BadMessage(errorStatus, "obsolete line folding (a field line that starts with white space)");
        }
        int colon = from;
        while (colon < to && HeaderChars.isTchar(view.get(colon))) {
            colon++;
        }
        if (colon == to || view.get(colon) != ':') {
            throw new BadMessage(errorStatus, colon == to ? "a field line without a colon"
                    : colon == from ? "an empty or invalid field name"
                    : "white space or an invalid character before the colon of a field");
        }
        if (colon == from) {
            throw new BadMessage(errorStatus, "an empty field name");
        }
        int v = colon + 1;
        while (v < to && isOws(view.get(v))) {
            v++;
        }
        int e = to;
        while (e > v && isOws(view.get(e - 1))) {
            e--;
        }
        for (int k = v; k < e; k++) {
            if (!HeaderChars.isValueByte(view.get(k) & 0xFF)) {
                throw new BadMessage(errorStatus, "a control character in a field value");
            }
        }
        if (strings == null) {
            sink.field(RequestLine.ascii(view, from, colon), RequestLine.latin1(view, v, e));
        } else {
            sink.field(strings.get(view, from, colon), strings.get(view, v, e));
        }
    }

    private static boolean isOws(byte b) {
        return b == ' ' || b == '\t';
    }
}
