package io.jevent.buffer.internal;

/**
 * The operations between two buffers, as libevent's {@code buffer.c} writes them: both locks taken
 * in one order ({@link BufferState#lockBoth}), nothing refused when there is nothing to move, the
 * source's change reported before the destination's.
 */
public final class MoveOperations {
    private static final String SELF = "this EvBuffer";

    private MoveOperations() {
    }

    /** {@code evbuffer_add_buffer} ({@code toFront}: {@code evbuffer_prepend_buffer}) of all of {@code src}. */
    public static void moveAll(BufferState src, BufferState dst, boolean toFront) {
        BufferState.lockBoth(dst, src);
        try {
            String op = toFront ? "prependBuffer" : "addBuffer";
            dst.checkOpen();
            src.checkOpen();
            long n = src.chain().length();
            if (n == 0) {
                return;
            }
            if (toFront) {
                dst.checkStart(op, SELF);
            } else {
                dst.checkEnd(op, SELF);
            }
            src.checkStart(op, "the source EvBuffer");
            if (toFront) {
                src.chain().moveAllToFront(dst.chain());
            } else {
                src.chain().move(dst.chain(), n);
            }
            src.changed(0, n);
            dst.changed(n, 0);
        } finally {
            BufferState.unlockBoth(dst, src);
        }
    }

    /** {@code evbuffer_remove_buffer}: the first {@code n} bytes of {@code src}, all if fewer. */
    public static long move(BufferState src, BufferState dst, long n) {
        BufferState.lockBoth(src, dst);
        try {
            src.checkOpen();
            dst.checkOpen();
            if (n == 0) {
                return 0;
            }
            src.checkStart("removeBuffer", SELF);
            dst.checkEnd("removeBuffer", "the destination EvBuffer");
            long moved = src.chain().move(dst.chain(), Math.min(n, src.chain().length()));
            if (moved > 0) {
                dst.changed(moved, 0);
                src.changed(0, moved);
            }
            return moved;
        } finally {
            BufferState.unlockBoth(src, dst);
        }
    }

    /**
     * {@code evbuffer_add_buffer_reference}: an empty source is accepted before anything is checked,
     * as in libevent; {@code same} says whether the caller passed one buffer as both.
     */
    public static void share(BufferState src, BufferState dst, boolean same) {
        BufferState.lockBoth(dst, src);
        try {
            dst.checkOpen();
            src.checkOpen();
            long n = src.chain().length();
            if (n == 0) {
                return;
            }
            if (same) {
                throw new IllegalArgumentException("src is this buffer: " + dst.name());
            }
            dst.checkEnd("addBufferReference", SELF);
            if (src.chain().holdsShared()) {
                throw new IllegalArgumentException("addBufferReference: src holds bytes it references from"
                        + " another buffer; like libevent, such bytes are not shared again");
            }
            src.chain().shareAllTo(dst.chain());
            dst.changed(n, 0);
        } finally {
            BufferState.unlockBoth(dst, src);
        }
    }

    /**
     * {@code evbuffer_readln} into another buffer: moves the first line to {@code dst}, drops its
     * end of line. Returns the bytes moved, or -1 when no line is complete.
     */
    public static long moveLine(BufferState src, BufferState dst, int style) {
        BufferState.lockBoth(src, dst);
        try {
            src.checkStart("readLine", SELF);
            dst.checkEnd("readLine", "the destination EvBuffer");
            long before = src.chain().length();
            long n = src.scanner().moveLine(style, dst.chain());
            if (n > 0) {
                dst.changed(n, 0);
            }
            long removed = before - src.chain().length();
            if (removed > 0) {
                src.changed(0, removed);
            }
            return n;
        } finally {
            BufferState.unlockBoth(src, dst);
        }
    }
}
