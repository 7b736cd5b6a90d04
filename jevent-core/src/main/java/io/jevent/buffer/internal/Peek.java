package io.jevent.buffer.internal;

import java.nio.ByteBuffer;

/**
 * libevent's {@code evbuffer_peek}: read-only views of a chain's memory, one per segment, without
 * copying.
 */
public final class Peek {
    private Peek() {
    }

    /**
     * Fills {@code out} with views from {@code start} (a set cursor at {@code from}, or null for the
     * first byte). The first view begins at {@code start}; later ones are whole segments.
     *
     * @param len how many bytes to cover, or -1 for as many as {@code out} can describe (or, with
     *     no slots, all of them)
     * @param out where to put the views; null or empty to only count them
     * @return the number of views needed, which may be more than {@code out.length}
     */
    public static int views(Chain chain, Cursor start, long from, long len, ByteBuffer[] out) {
        int slots = out == null ? 0 : out.length;
        long to = len < 0 ? Long.MAX_VALUE : from + len;
        Segment s;
        int index;
        if (start == null) {
            chain.loadFiles(to);
            s = chain.head;
            index = s == null ? 0 : s.start;
        } else {
            start.resolve(chain, to - from);
            s = start.seg;
            index = start.index;
        }
        if (s == null) {
            return 0;
        }
        int n = 0;
        long covered = 0;
        if (start != null) {
            if (slots > 0) {
                out[0] = s.readView(index, s.end);
            }
            covered = s.end - index;
            n = 1;
            s = s.next;
        }
        long want = slots == 0 && len < 0 ? chain.length - from : len;
        for (; s != null; s = s.next) {
            if (want >= 0 && covered >= want) {
                break;
            }
            if (n < slots) {
                out[n] = s.readView(s.start, s.end);
            } else if (want < 0) {
                break;
            }
            n++;
            covered += s.size();
        }
        return n;
    }
}
