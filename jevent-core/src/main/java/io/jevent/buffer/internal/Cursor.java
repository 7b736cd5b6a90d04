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

    /** A cursor that is not set; {@link Chain#seek} sets it. */
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

    void copyFrom(Cursor other) {
        seg = other.seg;
        index = other.index;
        pos = other.pos;
        mod = other.mod;
    }
}
