package io.jevent.buffer.internal;

/**
 * The start of a buffer's chain lent to the kernel for one send, by address: the segments are
 * pinned ({@link Segment#pin}) so that until {@link #unpinAll} their memory neither goes back to
 * the pool (when the buffer drains, clears or closes) nor has its bytes moved or overwritten. The
 * arrays are made once, so a send allocates nothing.
 *
 * <p>The sender's thread only.
 */
public final class PinnedSegments {
    /** The most segments one send covers. */
    public static final int MAX = 32;

    private final Segment[] segments = new Segment[MAX];
    private final long[] addresses = new long[MAX];
    private final int[] lengths = new int[MAX];
    private int count;
    private long bytes;

    /**
     * Pins the chain's first segments, up to {@code max} bytes, {@link #MAX} segments and the first
     * one whose memory cannot be lent (a file, heap memory). Nothing may be pinned already.
     *
     * @return the bytes pinned, 0 if the first segment cannot be lent
     */
    public long pin(Chain chain, long max) {
        long total = 0;
        int k = 0;
        for (Segment s = chain.head; s != null && k < MAX && total < max && s.pinnable(); s = s.next) {
            int n = (int) Math.min(s.size(), max - total);
            s.pin();
            segments[k] = s;
            addresses[k] = s.kernelAddress() + s.start;
            lengths[k] = n;
            total += n;
            k++;
        }
        if (k > 0) {
            // Pinning made the memory read-only: a reservation handed out before must not commit.
            chain.modCount++;
        }
        count = k;
        bytes = total;
        return total;
    }

    /** How many segments are pinned. */
    public int count() {
        return count;
    }

    /** The bytes pinned in all. */
    public long bytes() {
        return bytes;
    }

    /** Where the bytes of pinned piece {@code i} start. */
    public long address(int i) {
        return addresses[i];
    }

    /** How many bytes pinned piece {@code i} holds. */
    public int length(int i) {
        return lengths[i];
    }

    /**
     * Forgets the pinned segments without letting their memory go: the kernel may still read it
     * (its ring closed with the send in flight). Pooled memory is counted as given up, and the
     * garbage collector frees it once nothing refers to it.
     */
    public void abandonAll() {
        for (int i = 0; i < count; i++) {
            Segment o = segments[i].owner;
            if (o.isPooled() && !pinnedBefore(o, i)) {
                SegmentPool.abandon(o);
            }
            segments[i] = null;
        }
        count = 0;
        bytes = 0;
    }

    /** Whether one of the first {@code k} pinned segments uses {@code owner}'s memory too (views of it). */
    private boolean pinnedBefore(Segment owner, int k) {
        for (int i = 0; i < k; i++) {
            if (segments[i].owner == owner) {
                return true;
            }
        }
        return false;
    }

    /** Lets every pinned segment's memory go, back to the pool once its chain let it go too. */
    public void unpinAll() {
        for (int i = 0; i < count; i++) {
            segments[i].unpin();
            segments[i] = null;
        }
        count = 0;
        bytes = 0;
    }
}
