package io.jevent.examples;

import java.nio.ByteBuffer;

/**
 * ROT13, and the one rule the four ROT13 servers of the async I/O introduction follow so that they answer the same
 * input with the same bytes: every line is answered, rotated, when its {@code '\n'} arrives; a line
 * longer than {@link #MAX_LINE} bytes is answered in pieces of {@code MAX_LINE} bytes, each followed
 * by a {@code '\n'} of its own; when the client ends its side, an unterminated last line is answered
 * as it is, without a {@code '\n'}. So a server never holds more than {@code MAX_LINE} bytes of one
 * line, however long the client's lines are.
 *
 * <p>The introduction's {@code MAX_LINE} is 16384. Its bufferevent server splits long lines this way (it
 * flushes the input once it holds {@code MAX_LINE} bytes); its other three silently drop what does
 * not fit, and the forking one also drops the newline: here all four split.
 */
final class Rot13 {
    /** The longest line answered whole; the {@code rot13} server's read high watermark. */
    static final int MAX_LINE = 16 * 1024;

    private Rot13() {
    }

    /** Letters move 13 places; every other byte stays (no locale, no {@code isalpha}, as in the article). */
    static byte rotate(byte c) {
        if ((c >= 'a' && c <= 'm') || (c >= 'A' && c <= 'M')) {
            return (byte) (c + 13);
        }
        if ((c >= 'n' && c <= 'z') || (c >= 'N' && c <= 'Z')) {
            return (byte) (c - 13);
        }
        return c;
    }

    /** Rotates {@code bytes} in place and returns them. */
    static byte[] rotate(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = rotate(bytes[i]);
        }
        return bytes;
    }

    /**
     * One connection's line being assembled, for the servers that buffer by hand: bytes go in as they
     * arrive, a whole answer comes out when the rule above says so.
     */
    static final class Line {
        private final ByteBuffer line = ByteBuffer.allocate(MAX_LINE + 1);

        /**
         * Moves bytes from {@code received}, rotated, into the line until an answer is complete.
         *
         * @return the answer to send, ready to be read from; or null if {@code received} ran out first.
         *         Call {@link #sent()} once it is sent, before taking more.
         */
        ByteBuffer take(ByteBuffer received) {
            while (received.hasRemaining()) {
                byte b = received.get();
                if (b == '\n') {
                    return line.put(b).flip();
                }
                line.put(rotate(b));
                if (line.position() == MAX_LINE) {
                    return line.put((byte) '\n').flip();
                }
            }
            return null;
        }

        /** After the client's last byte: the unterminated rest to send, or null if there is none. */
        ByteBuffer rest() {
            return line.position() > 0 ? line.flip() : null;
        }

        /** The answer was sent: start the next line. */
        void sent() {
            line.clear();
        }
    }
}
