package io.jevent.internal;

import io.jevent.buffer.internal.PinnedSegments;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * What sends are made from. Most go straight from the output's own segments, pinned for the
 * send's length ({@link Pinned}, with the {@code msghdr} and iovecs that name them to the kernel).
 * Output that cannot be lent by address (a file, heap memory) is copied into a {@link Buffer}, and
 * the kernel reads that until the send completes: sizes are powers of two from {@link #MIN} to
 * {@link #MAX}, the smallest that holds what is sent, so a connection that sends little, or waits
 * for its peer, holds little. Freed buffers and pins are kept for the next send, not per
 * connection, so an idle connection holds none.
 *
 * <p>The memory comes from an automatic arena, freed by the garbage collector once nothing refers
 * to it: a send the kernel was still cancelling when its ring closed cannot read freed memory.
 *
 * <p>The ring's thread only.
 */
final class SendBuffers {
    static final int MIN = 1024;
    static final int MAX = 64 * 1024;
    private static final int CLASSES = Integer.numberOfTrailingZeros(MAX / MIN) + 1;

    private final Arena arena = Arena.ofAuto();
    @SuppressWarnings("unchecked")
    private final ArrayDeque<Buffer>[] free = new ArrayDeque[CLASSES];

    /** One buffer: its memory, and a byte-buffer view of it to copy into. */
    static final class Buffer {
        final long address;
        final ByteBuffer view;
        final int sizeClass;

        Buffer(MemorySegment memory, int sizeClass) {
            this.address = memory.address();
            this.view = memory.asByteBuffer();
            this.sizeClass = sizeClass;
        }
    }

    /**
     * A send straight from the output's segments: the pins that keep them in place, and the
     * {@code msghdr} with its iovecs that describes what is left to send.
     */
    static final class Pinned {
        final PinnedSegments segments = new PinnedSegments();
        private final MemorySegment msg;
        final long msgAddress;
        /** What {@link #describe} found to send first, for a send of one piece. */
        long firstAddress;
        int firstLength;

        Pinned(MemorySegment msg) {
            this.msg = msg;
            this.msgAddress = msg.address();
            msg.fill((byte) 0);
            msg.set(ValueLayout.JAVA_LONG, SocketCalls.MSGHDR_IOV, msgAddress + SocketCalls.MSGHDR_SIZE);
        }

        /**
         * Writes the iovecs of the pinned bytes that follow the first {@code skip} (what earlier,
         * short sends took).
         *
         * @return how many pieces are left: with one, {@link #firstAddress} and {@link #firstLength}
         *         say it all and a plain send does
         */
        int describe(long skip) {
            int k = 0;
            for (int i = 0; i < segments.count(); i++) {
                int length = segments.length(i);
                if (skip >= length) {
                    skip -= length;
                    continue;
                }
                long address = segments.address(i) + skip;
                length -= (int) skip;
                skip = 0;
                if (k == 0) {
                    firstAddress = address;
                    firstLength = length;
                }
                long at = SocketCalls.MSGHDR_SIZE + (long) k * SocketCalls.IOVEC_SIZE;
                msg.set(ValueLayout.JAVA_LONG, at, address);
                msg.set(ValueLayout.JAVA_LONG, at + 8, length);
                k++;
            }
            msg.set(ValueLayout.JAVA_LONG, SocketCalls.MSGHDR_IOVLEN, k);
            return k;
        }
    }

    private final ArrayDeque<Pinned> freePins = new ArrayDeque<>();

    /** A pinned send's bookkeeping, nothing pinned yet. */
    Pinned takePinned() {
        Pinned p = freePins.pollLast();
        if (p == null) {
            long bytes = SocketCalls.MSGHDR_SIZE + (long) PinnedSegments.MAX * SocketCalls.IOVEC_SIZE;
            p = new Pinned(arena.allocate(bytes, 8));
        }
        return p;
    }

    /** Keeps a pinned send's bookkeeping for the next send; its segments must be let go already. */
    void give(Pinned p) {
        freePins.addLast(p);
    }

    SendBuffers() {
        for (int i = 0; i < CLASSES; i++) {
            free[i] = new ArrayDeque<>();
        }
    }

    /** A buffer of at least {@code bytes} (at most {@link #MAX}), its view cleared. */
    Buffer take(int bytes) {
        int size = Math.max(MIN, Integer.highestOneBit(Math.max(1, bytes - 1)) << 1);
        int sizeClass = Integer.numberOfTrailingZeros(Math.min(size, MAX) / MIN);
        Buffer b = free[sizeClass].pollLast();
        if (b == null) {
            b = new Buffer(arena.allocate((long) MIN << sizeClass, 64), sizeClass);
        }
        b.view.clear();
        return b;
    }

    void give(Buffer b) {
        free[b.sizeClass].addLast(b);
    }
}
