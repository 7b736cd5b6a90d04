package io.jevent.buffer;

import io.jevent.buffer.internal.Cursor;
import io.jevent.buffer.internal.Finder;

/** libevent's {@code evbuffer_search_eol}, style by style, over a chain already in memory. */
final class EolFinder {
    private static final byte[] CRLF = {'\r', '\n'};

    private EolFinder() {
    }

    /**
     * Finds the first end of line at or after {@code c}. On success moves {@code c} to its first
     * byte and returns its length; otherwise returns -1 and leaves {@code c} alone. {@code tmp} is
     * scratch space.
     */
    static long find(Cursor c, EolStyle style, Cursor tmp, long length) {
        switch (style) {
            case ANY:
                if (Finder.indexOfEither(c, '\r', '\n') < 0) {
                    return -1;
                }
                tmp.copyFrom(c);
                return Finder.span(tmp, '\r', '\n');
            case CRLF:
                tmp.copyFrom(c);
                if (Finder.indexOf(c, '\n') < 0) {
                    return -1;
                }
                return Finder.backOver(tmp, c, '\r') ? 2 : 1;
            case CRLF_STRICT:
                return Finder.indexOf(c, CRLF, Long.MAX_VALUE, length) < 0 ? -1 : 2;
            case LF:
                return Finder.indexOf(c, '\n') < 0 ? -1 : 1;
            case NUL:
                return Finder.indexOf(c, 0) < 0 ? -1 : 1;
            default:
                throw new AssertionError(style);
        }
    }
}
