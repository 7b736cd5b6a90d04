package io.jevent.buffer.internal;

/**
 * A resolved position in a chain: the segment and the index in its memory of byte {@link #pos},
 * plus the chain's modification count at the time, so that a stale cursor is noticed and resolved
 * again instead of followed into a segment the chain no longer holds. {@code seg == null} means the
 * position just past the last byte.
 */
public final class Cursor {
    Segment seg;
    int index;
    /** Offset from the first byte of the chain, or -1 when the cursor is not set. */
    long pos = -1;
    int mod;

    /** A cursor that is not set; {@link #seek} sets it. */
    public Cursor() {
    }

    /** The offset from the first byte of the chain, or -1 when not set. */
    public long position() {
        return pos;
    }

    /** Forgets the position: {@link #position()} is -1 until the cursor is set again. */
    public void unset() {
        pos = -1;
        seg = null;
    }

    /**
     * Resolves this cursor to position {@code pos} of {@code chain}, {@code 0 <= pos <= length}:
     * from where it already is when it is current and not past {@code pos}, else from the head.
     */
    public void seek(Chain chain, long pos) {
        Segment s;
        long base;
        if (mod == chain.modCount && seg != null && this.pos >= 0 && this.pos <= pos) {
            s = seg;
            base = this.pos - (index - s.start);
        } else {
            s = chain.head;
            base = 0;
        }
        while (s != null && pos - base >= s.size()) {
            base += s.size();
            s = s.next;
        }
        seg = s;
        index = s == null ? 0 : s.start + (int) (pos - base);
        this.pos = pos;
        mod = chain.modCount;
    }

    /** Resolves this cursor to the first byte of {@code chain}. */
    void seekStart(Chain chain) {
        Segment h = chain.head;
        seg = h;
        index = h == null ? 0 : h.start;
        pos = 0;
        mod = chain.modCount;
    }

    /**
     * Brings into memory the files among the {@code span} bytes from this set cursor, then makes
     * sure it matches {@code chain} as it is now.
     */
    void resolve(Chain chain, long span) {
        long to = pos + span;
        chain.loadFiles(to < 0 ? Long.MAX_VALUE : to);
        if (mod != chain.modCount) {
            seek(chain, pos);
        }
    }

    void copyFrom(Cursor other) {
        seg = other.seg;
        index = other.index;
        pos = other.pos;
        mod = other.mod;
    }
}
