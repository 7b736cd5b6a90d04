package io.jevent.buffer.internal;

import java.nio.ByteBuffer;

/**
 * Pooled segments lent by number to someone who writes into them later, the kernel's receive ring:
 * each slot holds one segment whose address the borrower knows. When the borrower hands a slot's
 * bytes back, they join a buffer's chain, either in the segment itself, which then leaves the slot
 * for the chain and is replaced by a fresh one from the pool, or copied when they are few and fit
 * the chain's tail, and the segment stays.
 *
 * <p>The borrower's thread only.
 */
public final class LentSegments {
    /** The bytes each slot's segment holds. */
    public static final int SIZE = Segment.SIZE;

    private final Segment[] slots;

    /** Room for {@code capacity} slots, all empty. */
    public LentSegments(int capacity) {
        slots = new Segment[capacity];
    }

    /** Puts a fresh pooled segment in empty slot {@code i}. */
    public void fill(int i) {
        slots[i] = SegmentPool.take();
    }

    /** Whether slot {@code i} holds a segment. */
    public boolean filled(int i) {
        return slots[i] != null;
    }

    /** Where slot {@code i}'s memory starts. */
    public long address(int i) {
        return slots[i].kernelAddress();
    }

    /**
     * Moves bytes {@code [from, to)} of slot {@code i} to the end of {@code chain}. A few bytes
     * that fit the tail's room are copied there; otherwise the segment itself is linked and the
     * slot gets a fresh one.
     */
    public void moveTo(int i, int from, int to, Chain chain) {
        int n = to - from;
        Segment t = chain.tail;
        Segment s = slots[i];
        if (n < Chain.COPY_LIMIT && t != null && t.room() >= n) {
            copyTo(i, from, to, chain);
            return;
        }
        s.start = from;
        s.end = to;
        chain.linkFilled(s);
        slots[i] = SegmentPool.take();
    }

    /** Copies bytes {@code [from, to)} of slot {@code i} to the end of {@code chain}; the slot keeps its segment. */
    public void copyTo(int i, int from, int to, Chain chain) {
        chain.append(slots[i], from, to - from);
    }

    /** Copies bytes {@code [from, to)} of slot {@code i} into {@code dst} at its position, and advances it. */
    public void copyTo(int i, int from, int to, ByteBuffer dst) {
        int at = dst.position();
        dst.put(at, slots[i].buf, from, to - from);
        dst.position(at + to - from);
    }

    /** Gives slot {@code i}'s segment back to the pool: nobody will write into it any more. */
    public void recycle(int i) {
        Segment s = slots[i];
        slots[i] = null;
        SegmentPool.recycle(s);
    }

    /**
     * Empties slot {@code i} for good: its memory may still be written by a request that is being
     * cancelled, so it never goes back to the pool.
     */
    public void abandon(int i) {
        Segment s = slots[i];
        slots[i] = null;
        SegmentPool.abandon(s);
    }
}
