package io.jevent.http.internal;

import java.nio.ByteBuffer;

/**
 * The Strings of a connection's recent head bytes: a keep-alive client sends the same method,
 * target and fields request after request, so a connection that remembers the String it made for
 * some bytes hands out that String again instead of a new one. Looking up costs a hash and a
 * comparison of the bytes, about what copying them into a new String costs, and allocates nothing
 * on a hit. A small table of two-entry buckets, without chains (two Strings that share a bucket,
 * as {@code Accept} and {@code test} do, both stay): a miss pushes out the older entry, so a client
 * that varies its fields costs one String each, as without the cache. One per connection; loop
 * thread only.
 */
public final class HeadStrings {
    private static final int BUCKETS = 64;
    /** Longer values (cookies, tokens) are still cached, but not without bound. */
    private static final int MAX_CACHED = 1024;

    private final String[] slots = new String[BUCKETS * 2];

    /**
     * The bytes {@code [from, to)} of {@code view} (absolute indexes), one char per byte.
     *
     * @return an equal String, the one returned before for the same bytes when it is still cached
     */
    public String get(ByteBuffer view, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return "";
        }
        if (n > MAX_CACHED) {
            return RequestLine.latin1(view, from, to);
        }
        // String.hashCode of a Latin-1 string: the same function over the unsigned bytes.
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + (view.get(i) & 0xFF);
        }
        int slot = ((h ^ h >>> 16) & BUCKETS - 1) * 2;
        String s = slots[slot];
        if (matches(s, h, view, from, n)) {
            return s;
        }
        String older = slots[slot + 1];
        if (matches(older, h, view, from, n)) {
            return older;
        }
        s = RequestLine.latin1(view, from, to);
        slots[slot + 1] = slots[slot];
        slots[slot] = s;
        return s;
    }

    private static boolean matches(String s, int hash, ByteBuffer view, int from, int n) {
        return s != null && s.length() == n && s.hashCode() == hash && sameBytes(s, view, from);
    }

    private static boolean sameBytes(String s, ByteBuffer view, int from) {
        for (int k = 0; k < s.length(); k++) {
            if (s.charAt(k) != (view.get(from + k) & 0xFF)) {
                return false;
            }
        }
        return true;
    }
}
