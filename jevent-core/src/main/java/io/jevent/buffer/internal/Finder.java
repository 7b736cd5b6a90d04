package io.jevent.buffer.internal;

/**
 * Byte searches over a chain of in-memory segments, starting at a cursor.
 *
 * <p>Single bytes are found eight at a time: a segment's memory is read as little-endian longs and
 * a word holding the wanted byte is recognised with the classic has-zero-byte test,
 * {@code (x - 0x01..01) & ~x & 0x80..80} on {@code x = word ^ pattern}. The test can also flag a
 * byte above a real match (a borrow travels upwards), never one below it, so the lowest flag is
 * always the first match. This is what memchr does in C; a plain byte loop over a direct buffer is
 * several times slower.
 */
final class Finder {
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private Finder() {
    }

    private static long spread(int b) {
        return (b & 0xFFL) * ONES;
    }

    private static long flags(long word, long pattern) {
        long x = word ^ pattern;
        return (x - ONES) & ~x & HIGHS;
    }

    /** Index in {@code [from, to)} of segment {@code s} of the first {@code b}, or -1. */
    static int indexOf(Segment s, int from, int to, int b) {
        long p = spread(b);
        int i = from;
        for (int last = to - 8; i <= last; i += 8) {
            long m = flags(Memory.getLong(s, i), p);
            if (m != 0) {
                return i + (Long.numberOfTrailingZeros(m) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (Memory.get(s, i) == (byte) b) {
                return i;
            }
        }
        return -1;
    }

    /** Index in {@code [from, to)} of segment {@code s} of the first byte equal to {@code a} or {@code b}, or -1. */
    static int indexOfEither(Segment s, int from, int to, int a, int b) {
        long pa = spread(a);
        long pb = spread(b);
        int i = from;
        for (int last = to - 8; i <= last; i += 8) {
            long w = Memory.getLong(s, i);
            long m = flags(w, pa) | flags(w, pb);
            if (m != 0) {
                return i + (Long.numberOfTrailingZeros(m) >>> 3);
            }
        }
        for (; i < to; i++) {
            byte x = Memory.get(s, i);
            if (x == (byte) a || x == (byte) b) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Moves {@code c} to the first {@code b} at or after it and returns that position, or returns -1
     * and leaves {@code c} alone (libevent's {@code evbuffer_strchr}).
     */
    static long indexOf(Cursor c, int b) {
        return find(c, b, b);
    }

    /** As {@link #indexOf(Cursor, int)} for whichever of two bytes comes first. */
    static long indexOfEither(Cursor c, int a, int b) {
        return find(c, a, b);
    }

    private static long find(Cursor c, int a, int b) {
        Segment s = c.seg;
        int i = c.index;
        long pos = c.pos;
        while (s != null) {
            int hit = a == b ? indexOf(s, i, s.end, a) : indexOfEither(s, i, s.end, a, b);
            if (hit >= 0) {
                c.seg = s;
                c.index = hit;
                c.pos = pos + (hit - i);
                return c.pos;
            }
            pos += s.end - i;
            s = s.next;
            if (s != null) {
                i = s.start;
            }
        }
        return -1;
    }

    /**
     * Counts the bytes from {@code c} on that are {@code a} or {@code b} (libevent's
     * {@code evbuffer_strspn}), across segment boundaries.
     */
    static long span(Cursor c, int a, int b) {
        long n = 0;
        Segment s = c.seg;
        int i = c.index;
        while (s != null) {
            for (; i < s.end; i++, n++) {
                byte x = Memory.get(s, i);
                if (x != (byte) a && x != (byte) b) {
                    return n;
                }
            }
            s = s.next;
            if (s != null) {
                i = s.start;
            }
        }
        return n;
    }

    /**
     * Moves {@code c} to the first occurrence of {@code pattern} (non-empty) that starts at or after
     * it and ends at or before {@code endLimit}, and returns its position; otherwise returns -1 and
     * leaves {@code c} alone. {@code length} is the chain's length. Matches may straddle segments.
     */
    static long indexOf(Cursor c, byte[] pattern, long endLimit, long length) {
        long limit = Math.min(endLimit, length) - pattern.length;
        int first = pattern[0];
        Segment s = c.seg;
        int i = c.index;
        long pos = c.pos;
        while (s != null && pos <= limit) {
            int hit = indexOf(s, i, s.end, first);
            if (hit < 0) {
                pos += s.end - i;
                s = s.next;
                if (s != null) {
                    i = s.start;
                }
                continue;
            }
            pos += hit - i;
            if (pos > limit) {
                return -1;
            }
            if (matches(s, hit, pattern)) {
                c.seg = s;
                c.index = hit;
                c.pos = pos;
                return pos;
            }
            i = hit + 1;
            pos++;
            if (i == s.end) {
                s = s.next;
                if (s != null) {
                    i = s.start;
                }
            }
        }
        return -1;
    }

    /** Whether {@code pattern} starts at index {@code i} of {@code s}; the caller knows it fits. */
    private static boolean matches(Segment s, int i, byte[] pattern) {
        int k = 1;
        i++;
        while (k < pattern.length) {
            if (i == s.end) {
                s = s.next;
                i = s.start;
            }
            int n = Math.min(s.end - i, pattern.length - k);
            for (int e = k + n; k < e; k++, i++) {
                if (Memory.get(s, i) != pattern[k]) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * If the byte just before {@code c} is {@code b} and not before {@code start} (a cursor at or
     * before {@code c}, where the walk to find the previous segment begins), moves {@code c} back
     * onto it and returns true.
     */
    static boolean backOver(Cursor start, Cursor c, int b) {
        if (c.pos <= start.pos) {
            return false;
        }
        Segment s;
        int i;
        if (c.seg != null && c.index > c.seg.start) {
            s = c.seg;
            i = c.index - 1;
        } else {
            s = start.seg;
            while (s.next != c.seg) {
                s = s.next;
            }
            i = s.end - 1;
        }
        if (Memory.get(s, i) != (byte) b) {
            return false;
        }
        c.seg = s;
        c.index = i;
        c.pos--;
        return true;
    }
}
