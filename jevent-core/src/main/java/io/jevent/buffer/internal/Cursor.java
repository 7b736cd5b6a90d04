package io.jevent.buffer.internal;

/**
 * A resolved position in a chain: the segment and the index in its memory of byte {@link #pos},
 * plus the chain's modification count at the time, so that a stale cursor is noticed and resolved
 * again instead of followed into a segment the chain no longer holds. {@code seg == null} means the
 * position just past the last byte.
 */
public final class Cursor {
    public Segment seg;
    public int index;
    /** Offset from the first byte of the chain, or -1 when the cursor is not set. */
    public long pos = -1;
    int mod;

    public void copyFrom(Cursor other) {
        seg = other.seg;
        index = other.index;
        pos = other.pos;
        mod = other.mod;
    }

    /** The byte under the cursor, 0-255, or -1 at the end. */
    int byteAt() {
        return seg == null ? -1 : seg.buf.get(index) & 0xFF;
    }
}
