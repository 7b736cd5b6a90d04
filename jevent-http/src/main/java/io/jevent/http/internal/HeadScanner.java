package io.jevent.http.internal;

import java.nio.ByteBuffer;

/**
 * Finds where a message head (start line and header fields) ends in bytes that arrive in pieces,
 * scanning each byte once however the pieces fall. A line ends with LF, optionally preceded by CR
 * (RFC 9112 section 2.2 lets a recipient accept a bare LF, as libevent and Netty do); the head ends
 * with an empty line. Empty lines before the start line are skipped, as RFC 9112 section 2.2 asks
 * of servers. One scanner per connection, {@link #reset()} between messages.
 */
public final class HeadScanner {
    /** Returned by {@link #scan} until the head is complete. */
    public static final int MORE = -1;

    private int scanned;
    /** Bytes of the current line so far, a final CR not counted. */
    private int lineLength;
    private boolean pendingCr;
    private int firstLineEnd = -1;
    private int leading;

    public void reset() {
        scanned = 0;
        lineLength = 0;
        pendingCr = false;
        firstLineEnd = -1;
        leading = 0;
    }

    /**
     * Scans the bytes of {@code view} (from its position, the first byte of the buffer) that were
     * not scanned before.
     *
     * @param maxFirstLine the longest start line allowed, CRLF excluded
     * @param maxHead      the longest head allowed: start line, fields, final empty line, and
     *                     the empty lines skipped before the start line
     * @param lineStatus   the status for a start line that is too long (414 for a request line)
     * @return the length of the head including its final empty line, or {@link #MORE}
     * @throws BadMessage when a limit is passed, or for a CR that does not end a line
     */
    public int scan(ByteBuffer view, int maxFirstLine, int maxHead, int lineStatus) throws BadMessage {
        int base = view.position();
        int limit = view.limit() - base;
        for (int i = scanned; i < limit; i++) {
            byte b = view.get(base + i);
            if (b == '\n') {
                if (lineLength == 0 && firstLineEnd >= 0) {
                    scanned = i + 1;
                    return i + 1;
                }
                if (lineLength == 0) {
                    // An empty line before the start line is skipped, but it stays in the input
                    // until the head ends, so it counts towards the limit: uncounted, such lines
                    // could fill all that the caller pulls up, and the head would never be seen.
                    leading = i + 1;
                } else if (firstLineEnd < 0) {
                    firstLineEnd = i;
                }
                lineLength = 0;
                pendingCr = false;
            } else if (pendingCr) {
                throw new BadMessage(400, "a CR not followed by LF");
            } else if (b == '\r') {
                pendingCr = true;
            } else {
                lineLength++;
                if (firstLineEnd < 0 && lineLength > maxFirstLine) {
                    throw new BadMessage(lineStatus, "the start line is longer than " + maxFirstLine + " bytes");
                }
            }
            if (i + 1 > maxHead) {
                throw new BadMessage(431, "the header block is longer than " + maxHead + " bytes");
            }
        }
        scanned = limit;
        return MORE;
    }

    /**
     * Scans a trailer section: field lines up to an empty line, which may come at once (no
     * trailers). Unlike a head, nothing is skipped before it.
     *
     * @return the length of the section including its empty line, or {@link #MORE}
     */
    int scanTrailers(ByteBuffer view, int maxHead) throws BadMessage {
        firstLineEnd = 0;
        return scan(view, Integer.MAX_VALUE, maxHead, 431);
    }

    /** Bytes of empty lines before the start line, to drain with the head. */
    public int leadingEmptyLines() {
        return leading;
    }

    /** How many bytes were looked at; callers pull up a little more than this. */
    public int scanned() {
        return scanned;
    }
}
