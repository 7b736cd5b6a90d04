package io.jevent.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The memory sends are made from: a connection's output is copied into one of these, and the
 * kernel reads it until the send completes. Sizes are powers of two from {@link #MIN} to
 * {@link #MAX}, the smallest that holds what is sent, so a connection that sends little, or waits
 * for its peer, holds little. Freed buffers are kept for the next send of their size.
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
