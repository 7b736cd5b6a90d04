package io.jevent.buffer;

import io.jevent.buffer.internal.BufferState;
import io.jevent.buffer.internal.Chain;
import io.jevent.buffer.internal.Cursor;
import io.jevent.buffer.internal.Peek;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.locks.Lock;

/**
 * A position in one {@link EvBuffer}, from its first byte up to just past its last: libevent's
 * {@code struct evbuffer_ptr}, moved with {@code evbuffer_ptr_set}, and the operations libevent
 * does at such a position: searching ({@code evbuffer_search}, {@code _search_range},
 * {@code _search_eol}), copying ({@code evbuffer_copyout_from}) and viewing ({@code evbuffer_peek}).
 *
 * <p>The position is an offset from the start of the buffer. Behind it the pointer remembers the
 * segment it points into, so that walking forward or searching from it again does not start over
 * from the first segment; after the buffer changes that memory is dropped and the offset is resolved
 * again, so a pointer never goes stale in a dangerous way (libevent's may). A pointer whose offset
 * is beyond a buffer that has shrunk is refused by the operations that use it.
 *
 * <p>Made by {@link EvBuffer#ptr()}, it belongs to that buffer. Threads: one thread at a time; each
 * method takes the buffer's lock when locking is enabled.
 */
public final class EvBufferPtr {
    final EvBuffer buffer;
    final Cursor cursor = new Cursor();

    EvBufferPtr(EvBuffer buffer) {
        this.buffer = buffer;
        Lock l = buffer.state.lock();
        try {
            buffer.state.checkOpen();
            cursor.seek(buffer.state.chain(), 0);
        } finally {
            BufferState.release(l);
        }
    }

    /**
     * The offset from the start of the buffer.
     *
     * @return the offset, or -1 after a failed {@link #set} or {@link #add}
     */
    public long position() {
        return cursor.position();
    }

    /**
     * The buffer this pointer belongs to.
     *
     * @return the buffer
     */
    public EvBuffer buffer() {
        return buffer;
    }

    /**
     * Points at offset {@code position} ({@code evbuffer_ptr_set(buf, ptr, position, EVBUFFER_PTR_SET)});
     * the buffer's length is a valid position.
     *
     * @param position the offset from the buffer's first byte, 0 or more
     * @return true, or false when {@code position} is past the end: the position is then -1
     * @throws IllegalArgumentException if {@code position} is negative
     */
    public boolean set(long position) {
        return moveTo(EvBuffer.checkCount("position", position));
    }

    /**
     * Moves forward by {@code distance} bytes ({@code evbuffer_ptr_set(buf, ptr, distance, EVBUFFER_PTR_ADD)}).
     *
     * @param distance how many bytes to move forward, 0 or more
     * @return true, or false when that is past the end or the pointer was not set: the position is
     *     then -1
     * @throws IllegalArgumentException if {@code distance} is negative
     */
    public boolean add(long distance) {
        EvBuffer.checkCount("distance", distance);
        long p = cursor.position();
        if (p < 0 || p > Long.MAX_VALUE - distance) {
            cursor.unset();
            return false;
        }
        return moveTo(p + distance);
    }

    private boolean moveTo(long position) {
        Lock l = buffer.state.lock();
        try {
            buffer.state.checkOpen();
            if (position > buffer.state.chain().length()) {
                cursor.unset();
                return false;
            }
            cursor.seek(buffer.state.chain(), position);
            return true;
        } finally {
            BufferState.release(l);
        }
    }

    /**
     * The offset of the first {@code pattern} at or after this position, also one that spans
     * segments ({@code evbuffer_search}); the pointer does not move.
     *
     * @param pattern the bytes to look for
     * @return the offset, or -1; this position for an empty pattern
     * @throws IllegalArgumentException if the pointer is not set or is past the end
     */
    public long search(byte[] pattern) {
        return searchRange(pattern, null);
    }

    /**
     * As {@link #search}, counting only a match that ends at or before {@code end}
     * ({@code evbuffer_search_range}).
     *
     * @param pattern the bytes to look for
     * @param end where matches must end by, or null for the end of the buffer
     * @return the offset, or -1
     * @throws IllegalArgumentException if a pointer is of another buffer, not set or past the end
     */
    public long searchRange(byte[] pattern, EvBufferPtr end) {
        Objects.requireNonNull(pattern, "pattern");
        if (end != null && end.buffer != buffer) {
            throw new IllegalArgumentException("the end pointer belongs to " + end.buffer + ", not " + buffer);
        }
        Lock l = buffer.state.lock();
        try {
            buffer.state.checkOpen();
            long from = checkedPosition();
            long limit = end == null ? Long.MAX_VALUE : end.checkedPosition();
            return pattern.length == 0 ? from : buffer.state.scanner().search(pattern, cursor, limit);
        } finally {
            BufferState.release(l);
        }
    }

    /**
     * Finds the first end of line at or after this position and moves there
     * ({@code evbuffer_search_eol}).
     *
     * @param style what ends a line
     * @return the length of the end of line, or -1 (the pointer then stays where it was)
     * @throws IllegalArgumentException if the pointer is not set or is past the end
     */
    public long searchEol(EolStyle style) {
        Objects.requireNonNull(style, "style");
        Lock l = buffer.state.lock();
        try {
            buffer.state.checkOpen();
            checkedPosition();
            return buffer.state.scanner().searchEol(cursor, style.code);
        } finally {
            BufferState.release(l);
        }
    }

    /**
     * Copies up to {@code len} bytes from this position into {@code dst} at {@code off}, leaving
     * the buffer and the pointer as they are ({@code evbuffer_copyout_from}).
     *
     * @param dst receives the bytes
     * @param off the index in {@code dst} of the first byte
     * @param len the most bytes to copy
     * @return the number of bytes copied
     * @throws IllegalArgumentException if the pointer is not set or is past the end
     */
    public int copyOut(byte[] dst, int off, int len) {
        Objects.checkFromIndexSize(off, len, dst.length);
        Lock l = buffer.state.lock();
        try {
            buffer.state.checkOpen();
            Chain chain = buffer.state.chain();
            long from = checkedPosition();
            int n = (int) Math.min(len, chain.length() - from);
            chain.copyOut(cursor, from, dst, off, n);
            return n;
        } finally {
            BufferState.release(l);
        }
    }

    /**
     * As {@link #copyOut(byte[], int, int)} into {@code dst}'s remaining space, advancing its
     * position ({@code evbuffer_copyout_from}).
     *
     * @param dst receives the bytes from its position on
     * @return the number of bytes copied
     * @throws IllegalArgumentException if the pointer is not set or is past the end
     */
    public int copyOut(ByteBuffer dst) {
        Lock l = buffer.state.lock();
        try {
            buffer.state.checkOpen();
            Chain chain = buffer.state.chain();
            long from = checkedPosition();
            int n = (int) Math.min(dst.remaining(), chain.length() - from);
            chain.copyOut(cursor, from, dst, n);
            return n;
        } finally {
            BufferState.release(l);
        }
    }

    /**
     * Fills {@code out} with read-only views of the buffer's memory from this position
     * ({@code evbuffer_peek} with a start): the first view begins here, later ones are whole
     * segments, so the views may cover more than {@code len}. Valid until the buffer next changes.
     *
     * @param len how many bytes to cover, or -1 for as many as {@code out} can describe (with no
     *     slots, all)
     * @param out where to put the views; null or empty to only count them
     * @return the number of views needed, which may be more than {@code out.length}
     * @throws IllegalArgumentException if {@code len} is below -1, or the pointer is not set or is
     *     past the end
     */
    public int peek(long len, ByteBuffer[] out) {
        EvBuffer.checkPeekLength(len);
        Lock l = buffer.state.lock();
        try {
            buffer.state.checkOpen();
            return Peek.views(buffer.state.chain(), cursor, checkedPosition(), len,
                    out == null || out.length == 0 ? null : out);
        } finally {
            BufferState.release(l);
        }
    }

    /** The offset, which must be set and inside the buffer as it is now; call with the lock held. */
    long checkedPosition() {
        long pos = cursor.position();
        if (pos < 0) {
            throw new IllegalArgumentException("the pointer is not set: its last set or add went past the end;"
                    + " set(position) it again");
        }
        long length = buffer.state.chain().length();
        if (pos > length) {
            throw new IllegalArgumentException("the pointer's position " + pos + " is past the end (length "
                    + length + "): the buffer shrank since it was set");
        }
        return pos;
    }

    @Override
    public String toString() {
        return "EvBufferPtr[" + cursor.position() + "]";
    }
}
