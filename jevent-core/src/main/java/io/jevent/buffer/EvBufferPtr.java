package io.jevent.buffer;

import io.jevent.buffer.internal.Cursor;

/**
 * A position in one {@link EvBuffer}, from its first byte up to just past its last: libevent's
 * {@code struct evbuffer_ptr}, moved with {@code evbuffer_ptr_set}. Searches start at one, and
 * {@link EvBuffer#searchEol} moves one to the end of line it finds.
 *
 * <p>The position is an offset from the start of the buffer. Behind it the pointer remembers the
 * segment it points into, so that walking forward or searching from it again does not start over
 * from the first segment; after the buffer changes that memory is dropped and the offset is resolved
 * again, so a pointer never goes stale in a dangerous way (libevent's may). A pointer whose offset
 * is beyond a buffer that has shrunk is rejected by the operations that use it.
 *
 * <p>Made by {@link EvBuffer#ptr()}, usable only with that buffer. Thread rule: one thread at a
 * time; its methods take the buffer's lock when locking is enabled.
 */
public final class EvBufferPtr {
    final EvBuffer buffer;
    final Cursor cursor = new Cursor();

    EvBufferPtr(EvBuffer buffer) {
        this.buffer = buffer;
    }

    /** The offset from the start of the buffer, or -1 after a failed {@link #set} or {@link #add}. */
    public long position() {
        return cursor.position();
    }

    /** The buffer this pointer belongs to. */
    public EvBuffer buffer() {
        return buffer;
    }

    /**
     * Points at offset {@code position} ({@code evbuffer_ptr_set(buf, ptr, position, EVBUFFER_PTR_SET)}).
     * The length of the buffer itself is a valid position.
     *
     * @param position the new offset, not negative
     * @return true, or false when {@code position} is past the end: the position is then -1
     * @throws IllegalArgumentException if {@code position} is negative
     */
    public boolean set(long position) {
        if (position < 0) {
            throw new IllegalArgumentException("position < 0: " + position);
        }
        return buffer.movePtr(this, position);
    }

    /**
     * Moves forward by {@code distance} bytes ({@code evbuffer_ptr_set(buf, ptr, distance, EVBUFFER_PTR_ADD)}).
     *
     * @param distance bytes to move forward, not negative
     * @return true, or false when that is past the end or the pointer was not set: the position is
     *     then -1
     * @throws IllegalArgumentException if {@code distance} is negative
     */
    public boolean add(long distance) {
        if (distance < 0) {
            throw new IllegalArgumentException("distance < 0: " + distance);
        }
        long p = cursor.position();
        if (p < 0 || p > Long.MAX_VALUE - distance) {
            cursor.unset();
            return false;
        }
        return buffer.movePtr(this, p + distance);
    }

    @Override
    public String toString() {
        return "EvBufferPtr[" + cursor.position() + "]";
    }
}
