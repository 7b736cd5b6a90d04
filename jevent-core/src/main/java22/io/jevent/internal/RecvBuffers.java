package io.jevent.internal;

import io.jevent.buffer.internal.Chain;
import io.jevent.buffer.internal.LentSegments;
import io.jevent.buffer.internal.NativeAddress;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.ArrayList;

/**
 * The buffers the kernel receives into: a provided-buffer ring ({@code IORING_REGISTER_PBUF_RING})
 * from which each completion of a multishot receive takes one buffer, naming it by id. Each buffer
 * is a pooled EvBuffer segment ({@link LentSegments}): handing its bytes over links the segment
 * itself into the reader's input, and a fresh pooled segment takes its id in the ring. The ring
 * starts with {@link #FIRST} buffers and grows, when the kernel runs out, up to {@link #ENTRIES}.
 *
 * <p>A segment the kernel may still write into never goes back to the pool: when a ring is
 * replaced or closed with a receive in flight (whose cancellation the kernel finishes in the
 * background), the segments it could still take are abandoned to the garbage collector, and the
 * ring's own memory (an automatic arena's) stays referenced until this object is unreachable.
 *
 * <p>The ring's thread only.
 */
final class RecvBuffers {
    static final int SIZE = LentSegments.SIZE;
    static final int ENTRIES = 2048;
    private static final int FIRST = 128;
    private static final int MASK = ENTRIES - 1;
    private static final VarHandle SHORT = ValueLayout.JAVA_SHORT.varHandle();

    final short group;
    private final Arena arena = Arena.ofAuto();
    private MemorySegment ring = arena.allocate(ENTRIES * IoUring.BUF_SIZE, 4096);
    /** Rings of closed io_urings whose cancelled receives the kernel may still be finishing. */
    private final ArrayList<MemorySegment> retired = new ArrayList<>();
    private final LentSegments segments = new LentSegments(ENTRIES);
    /** Buffers a completion gave us and whose bytes are not all handed over yet. */
    private final boolean[] held = new boolean[ENTRIES];
    private int count;
    private short tail;

    static {
        // The same lookup the direct socket calls use: no object per call, unlike MemorySegment.ofBuffer.
        NativeAddress.install(ChannelFds::address);
    }

    private RecvBuffers(short group) {
        this.group = group;
    }

    /** Registers a new ring with {@code uring} and fills it; null if the kernel has none (before 5.19). */
    static RecvBuffers register(IoUringRing uring, short group) {
        RecvBuffers buffers = new RecvBuffers(group);
        buffers.ring.fill((byte) 0);
        if (!uring.registerBufferRing(buffers.ring, ENTRIES, group)) {
            return null;
        }
        buffers.grow();
        return buffers;
    }

    /**
     * Registers the buffers with a ring that replaces the old one: every buffer not held goes to
     * the new ring; those held go back to it when handed over. If the old ring still had a receive
     * in flight, it may take and fill buffers until the kernel has cancelled it: then the new ring
     * gets ring memory and segments of its own, and the old ones are abandoned.
     *
     * @param receiving whether a receive of the old ring may still be in flight
     * @return whether the kernel took the ring
     */
    boolean moveTo(IoUringRing uring, boolean receiving) {
        if (receiving) {
            retired.add(ring);
            ring = arena.allocate(ENTRIES * IoUring.BUF_SIZE, 4096);
            for (int bid = 0; bid < count; bid++) {
                if (!held[bid]) {
                    segments.abandon(bid);
                    segments.fill(bid);
                }
            }
        }
        ring.fill((byte) 0);
        tail = 0;
        if (!uring.registerBufferRing(ring, ENTRIES, group)) {
            return false;
        }
        for (int bid = 0; bid < count; bid++) {
            if (!held[bid]) {
                put(bid);
            }
        }
        publish();
        return true;
    }

    /**
     * Gives every segment back when the ring closes: to the pool if no receive can still write
     * into it, else to the garbage collector.
     *
     * @param receiving whether a receive may still be in flight
     */
    void close(boolean receiving) {
        for (int bid = 0; bid < count; bid++) {
            if (!segments.filled(bid)) {
                continue;
            }
            if (held[bid] || !receiving) {
                segments.recycle(bid);
            } else {
                segments.abandon(bid);
            }
        }
        count = 0;
    }

    /** Notes that a completion gave us buffer {@code bid}. */
    void taken(int bid) {
        held[bid] = true;
    }

    /**
     * Adds buffers after the kernel ran out ({@code ENOBUFS}).
     *
     * @return false if the ring is full: receiving must wait for buffers to come back
     */
    boolean grow() {
        if (count == ENTRIES) {
            return false;
        }
        int more = count == 0 ? FIRST : Math.min(count, ENTRIES - count);
        for (int i = 0; i < more; i++) {
            int bid = count++;
            segments.fill(bid);
            put(bid);
        }
        publish();
        return true;
    }

    /**
     * Moves bytes {@code [from, to)} of buffer {@code bid}, which a completion gave us, to the end
     * of {@code chain}: the segment itself when that is worth it (a fresh one then takes its id),
     * a copy when they are few. The caller then gives the id back to the ring ({@link #put}).
     */
    void handOver(int bid, int from, int to, Chain chain) {
        segments.moveTo(bid, from, to, chain);
    }

    /** Copies bytes {@code [from, to)} of buffer {@code bid} into {@code dst}; the buffer stays held. */
    void copy(int bid, int from, int to, ByteBuffer dst) {
        segments.copyTo(bid, from, to, dst);
    }

    /** Copies bytes {@code [from, to)} of buffer {@code bid} to the end of {@code chain}; the buffer stays held. */
    void copy(int bid, int from, int to, Chain chain) {
        segments.copyTo(bid, from, to, chain);
    }

    /** Gives buffer {@code bid} back to the kernel at the next {@link #publish}. */
    void put(int bid) {
        held[bid] = false;
        long at = (long) (tail & MASK) * IoUring.BUF_SIZE;
        ring.set(ValueLayout.JAVA_LONG, at, segments.address(bid));
        ring.set(ValueLayout.JAVA_INT, at + IoUring.BUF_LEN, SIZE);
        ring.set(ValueLayout.JAVA_SHORT, at + IoUring.BUF_BID, (short) bid);
        tail++;
    }

    /** Makes the buffers put so far visible to the kernel (a release store of the ring's tail). */
    void publish() {
        SHORT.setRelease(ring, IoUring.BUF_RING_TAIL, tail);
    }
}
