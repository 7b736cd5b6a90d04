package io.jevent.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * The buffers the kernel receives into: a provided-buffer ring ({@code IORING_REGISTER_PBUF_RING})
 * from which each completion of a multishot receive takes one buffer, naming it by id. A buffer
 * goes back to the ring once its bytes are handed over; the ring starts with {@link #FIRST} buffers
 * and grows, when the kernel runs out, up to {@link #ENTRIES}.
 *
 * <p>The memory comes from an automatic arena: it is freed by the garbage collector once this
 * object is unreachable, after the ring that used it is long closed, never while the kernel could
 * still write a cancelled receive into it.
 *
 * <p>The ring's thread only.
 */
final class RecvBuffers {
    static final int SIZE = 16 * 1024;
    static final int ENTRIES = 2048;
    private static final int FIRST = 128;
    private static final int MASK = ENTRIES - 1;
    private static final VarHandle SHORT = ValueLayout.JAVA_SHORT.varHandle();

    final short group;
    private final Arena arena = Arena.ofAuto();
    private final MemorySegment ring = arena.allocate(ENTRIES * IoUring.BUF_SIZE, 4096);
    private final ByteBuffer[] views = new ByteBuffer[ENTRIES];
    private final long[] addresses = new long[ENTRIES];
    /** Buffers a completion gave us and whose bytes are not all handed over yet. */
    private final boolean[] held = new boolean[ENTRIES];
    private int count;
    private short tail;

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
     * the new ring; those held go back to it when handed over.
     *
     * @return whether the kernel took the ring
     */
    boolean moveTo(IoUringRing uring) {
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
        MemorySegment memory = arena.allocate((long) more * SIZE, 4096);
        for (int i = 0; i < more; i++) {
            int bid = count++;
            MemorySegment one = memory.asSlice((long) i * SIZE, SIZE);
            addresses[bid] = one.address();
            views[bid] = one.asByteBuffer();
            put(bid);
        }
        publish();
        return true;
    }

    /** The buffer {@code bid} as a byte buffer; its position and limit are the caller's to set. */
    ByteBuffer view(int bid) {
        return views[bid];
    }

    /** Gives buffer {@code bid} back to the kernel at the next {@link #publish}. */
    void put(int bid) {
        held[bid] = false;
        long at = (long) (tail & MASK) * IoUring.BUF_SIZE;
        ring.set(ValueLayout.JAVA_LONG, at, addresses[bid]);
        ring.set(ValueLayout.JAVA_INT, at + IoUring.BUF_LEN, SIZE);
        ring.set(ValueLayout.JAVA_SHORT, at + IoUring.BUF_BID, (short) bid);
        tail++;
    }

    /** Makes the buffers put so far visible to the kernel (a release store of the ring's tail). */
    void publish() {
        SHORT.setRelease(ring, IoUring.BUF_RING_TAIL, tail);
    }
}
