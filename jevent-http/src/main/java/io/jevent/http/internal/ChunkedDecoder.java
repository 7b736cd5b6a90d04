package io.jevent.http.internal;

import io.jevent.buffer.EvBuffer;
import java.nio.ByteBuffer;

/**
 * Decodes a chunked body (RFC 9112 section 7.1) from a connection's input into a body buffer,
 * moving the data segments instead of copying them. Strict: a chunk size is 1 to 16 hex digits
 * with no sign, {@code 0x}, space or overflow, optionally followed by extensions after {@code ;}
 * (ignored, but free of control characters); each chunk's data must be followed by exactly CRLF
 * (or LF); trailer fields are parsed like header fields, within the header size limit.
 */
public final class ChunkedDecoder {
    /** Returned by {@link #decode} while more input is needed. */
    public static final int MORE = 0;
    /** Returned by {@link #decode} when the last chunk and the trailers were read. */
    public static final int DONE = 1;

    private static final int MAX_SIZE_LINE = 4096;
    private static final int SIZE = 0;
    private static final int DATA = 1;
    private static final int DATA_END = 2;
    private static final int TRAILERS = 3;

    private final HeadScanner trailerScanner = new HeadScanner();
    private int state = SIZE;
    private long remaining;
    private long total;

    public void reset() {
        state = SIZE;
        remaining = 0;
        total = 0;
        trailerScanner.reset();
    }

    /** Bytes of chunk data decoded so far. */
    public long total() {
        return total;
    }

    /**
     * Decodes what {@code in} holds, moving chunk data to {@code body}.
     *
     * @param maxBody  the largest body allowed (413 past it), or -1 for no limit
     * @param maxHead  the largest trailer block allowed (431 past it)
     * @param trailers where trailer fields go
     * @return {@link #MORE} or {@link #DONE}
     */
    public int decode(EvBuffer in, EvBuffer body, long maxBody, int maxHead, FieldParser.Sink trailers)
            throws BadMessage {
        while (true) {
            switch (state) {
                case SIZE -> {
                    if (!readSize(in, maxBody)) {
                        return MORE;
                    }
                }
                case DATA -> {
                    long n = Math.min(remaining, in.length());
                    if (n == 0) {
                        return MORE;
                    }
                    in.removeBuffer(body, n);
                    remaining -= n;
                    if (remaining == 0) {
                        state = DATA_END;
                    } else {
                        return MORE;
                    }
                }
                case DATA_END -> {
                    long len = in.length();
                    if (len == 0) {
                        return MORE;
                    }
                    ByteBuffer v = in.pullup(Math.min(len, 2));
                    byte b0 = v.get(v.position());
                    if (b0 == '\n') {
                        in.drain(1);
                    } else if (b0 == '\r') {
                        if (len < 2) {
                            return MORE;
                        }
                        if (v.get(v.position() + 1) != '\n') {
                            throw new BadMessage(400, "chunk data not followed by CRLF");
                        }
                        in.drain(2);
                    } else {
                        throw new BadMessage(400, "chunk data longer than its size");
                    }
                    state = SIZE;
                }
                default -> {
                    long len = in.length();
                    if (len == 0) {
                        return MORE;
                    }
                    ByteBuffer v = in.pullup(Math.min(len, maxHead + 2L));
                    int end = trailerScanner.scanTrailers(v, maxHead);
                    if (end == HeadScanner.MORE) {
                        return MORE;
                    }
                    FieldParser.parse(v, 0, end, trailers, 400);
                    in.drain(end);
                    state = SIZE;
                    return DONE;
                }
            }
        }
    }

    private boolean readSize(EvBuffer in, long maxBody) throws BadMessage {
        long len = in.length();
        if (len == 0) {
            return false;
        }
        ByteBuffer v = in.pullup(Math.min(len, MAX_SIZE_LINE + 1));
        int base = v.position();
        int n = v.remaining();
        int lf = -1;
        for (int i = 0; i < n; i++) {
            if (v.get(base + i) == '\n') {
                lf = i;
                break;
            }
        }
        if (lf < 0) {
            if (n > MAX_SIZE_LINE) {
                throw new BadMessage(400, "a chunk size line longer than " + MAX_SIZE_LINE + " bytes");
            }
            return false;
        }
        int end = lf > 0 && v.get(base + lf - 1) == '\r' ? lf - 1 : lf;
        int i = 0;
        long size = 0;
        while (i < end && UriChars.hex(v.get(base + i))) {
            if (i == 16) {
                throw new BadMessage(400, "a chunk size that overflows");
            }
            size = size << 4 | UriChars.hexValue(v.get(base + i));
            i++;
        }
        if (i == 0 || size < 0) {
            throw new BadMessage(400, "an invalid chunk size");
        }
        if (i < end) {
            if (v.get(base + i) != ';') {
                throw new BadMessage(400, "an invalid chunk size");
            }
            for (int k = i; k < end; k++) {
                if (!HeaderChars.isValueByte(v.get(base + k) & 0xFF)) {
                    throw new BadMessage(400, "a control character in a chunk extension");
                }
            }
        }
        in.drain(lf + 1);
        if (maxBody >= 0 && size > maxBody - total) {
            throw new BadMessage(413, "the body is larger than " + maxBody + " bytes");
        }
        total += size;
        remaining = size;
        if (size == 0) {
            state = TRAILERS;
            trailerScanner.reset();
        } else {
            state = DATA;
        }
        return true;
    }
}
