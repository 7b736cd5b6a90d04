package io.jevent.buffer.internal;

/**
 * libevent's {@code evbuffer_search_eol}, style by style, over a chain already in memory. The
 * styles are the codes of the public {@code EolStyle}, which refers to these constants.
 */
public final class EolFinder {
    /** {@code EVBUFFER_EOL_ANY}: any run of CR and LF. */
    public static final int ANY = 0;
    /** {@code EVBUFFER_EOL_CRLF}: LF, optionally after CR. */
    public static final int CRLF = 1;
    /** {@code EVBUFFER_EOL_CRLF_STRICT}: exactly CR LF. */
    public static final int CRLF_STRICT = 2;
    /** {@code EVBUFFER_EOL_LF}: LF. */
    public static final int LF = 3;
    /** {@code EVBUFFER_EOL_NUL}: a 0 byte. */
    public static final int NUL = 4;

    private static final byte[] CR_LF = {'\r', '\n'};

    private EolFinder() {
    }

    /**
     * Finds the first end of line at or after {@code c}. On success moves {@code c} to its first
     * byte and returns its length; otherwise returns -1 and leaves {@code c} alone. {@code tmp} is
     * scratch space.
     */
    static long find(Cursor c, int style, Cursor tmp, long length) {
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
                return Finder.indexOf(c, CR_LF, Long.MAX_VALUE, length) < 0 ? -1 : 2;
            case LF:
                return Finder.indexOf(c, '\n') < 0 ? -1 : 1;
            case NUL:
                return Finder.indexOf(c, 0) < 0 ? -1 : 1;
            default:
                throw new AssertionError("end-of-line style " + style);
        }
    }
}
