package io.jevent.bufferevent.internal;

import java.util.Arrays;

/**
 * Walks the elements of one DER encoding, far enough to rewrap an OpenSSL "traditional" key as
 * PKCS#8 and to name a key's algorithm. Every malformed length throws
 * {@link IllegalArgumentException}, which the caller turns into a message naming the file.
 */
final class DerReader {
    private final byte[] der;
    private int position;
    private final int end;

    DerReader(byte[] der) {
        this(der, 0, der.length);
    }

    private DerReader(byte[] der, int start, int end) {
        this.der = der;
        this.position = start;
        this.end = end;
    }

    boolean hasMore() {
        return position < end;
    }

    /** The tag of the next element, without moving past it. */
    int peekTag() {
        require(position < end, "unexpected end of data");
        return der[position] & 0xff;
    }

    /** Moves past the next element, which must have {@code tag}, and returns a reader of its content. */
    DerReader enter(int tag) {
        int[] bounds = next(tag);
        return new DerReader(der, bounds[0], bounds[1]);
    }

    /** Moves past the next element, which must have {@code tag}, and returns its content. */
    byte[] read(int tag) {
        int[] bounds = next(tag);
        return Arrays.copyOfRange(der, bounds[0], bounds[1]);
    }

    /** Moves past the next element, which must have {@code tag}, and returns all of it, tag and length too. */
    byte[] readWhole(int tag) {
        int start = position;
        next(tag);
        return Arrays.copyOfRange(der, start, position);
    }

    /** Moves past the next element, whatever it is. */
    void skip() {
        next(peekTag());
    }

    /** The dotted form of an OBJECT IDENTIFIER's content. */
    static String dotted(byte[] oid) {
        StringBuilder out = new StringBuilder();
        long value = 0;
        for (int i = 0; i < oid.length; i++) {
            value = (value << 7) | (oid[i] & 0x7f);
            if ((oid[i] & 0x80) == 0) {
                if (out.length() == 0) {
                    int first = (int) Math.min(2, value / 40);
                    out.append(first).append('.').append(value - 40L * first);
                } else {
                    out.append('.').append(value);
                }
                value = 0;
            }
        }
        return out.toString();
    }

    private int[] next(int tag) {
        int actual = peekTag();
        require(actual == tag, String.format("expected tag 0x%02x, found 0x%02x", tag, actual));
        position++;
        require(position < end, "unexpected end of data");
        int length = der[position++] & 0xff;
        if (length >= 0x80) {
            int bytes = length & 0x7f;
            require(bytes >= 1 && bytes <= 3 && position + bytes <= end, "bad length");
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (der[position++] & 0xff);
            }
        }
        require(length <= end - position, "length beyond the end of data");
        int start = position;
        position += length;
        return new int[] {start, position};
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("malformed DER: " + message);
        }
    }
}
