package io.jevent.buffer.internal;

import java.io.IOException;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;

/**
 * An owner's handle on one end of an EvBuffer: how a BufferEvent fills its input from the channel
 * and empties its output into it (libevent's bufferevents call {@code evbuffer_read} and
 * {@code evbuffer_write} past the freeze they set).
 *
 * <p>While held, the end is frozen for everyone else, with a message that names the owner; the
 * buffer stays a plain public EvBuffer with libevent's rules for the user. The owner moves bytes
 * between buffer and channel with one call per read or write, under the buffer's lock, and hears
 * every change of length at once through its listener, also when the user's callbacks are
 * deferred. Made with {@link #holdStart} or {@link #holdEnd}; given up with {@link #release()}.
 * The buffer's state is the handle itself, so that holding an end costs no object.
 */
public interface BufferPort {
    /** What the owner of an end hears: every change of the buffer's length, at once. */
    @FunctionalInterface
    interface Listener {
        /**
         * @param start   whether the owner holds the start (it removes what it sends) or the end
         *                (it adds what it reads); one listener may serve an owner's two buffers
         * @param length  the length now
         * @param added   bytes just added
         * @param deleted bytes just removed
         */
        void changed(boolean start, long length, long added, long deleted);
    }

    /**
     * Takes the start of {@code buffer}: the owner removes what it sent, the user adds.
     *
     * @param buffer   an {@code io.jevent.buffer.EvBuffer}
     * @param owner    who holds it, for the message an operation on the frozen start throws, such
     *                 as "its BufferEvent: add to output() instead"
     * @param listener told of every change of length, or null
     * @return the handle
     * @throws IllegalStateException if the buffer is closed or its start already has an owner
     */
    static BufferPort holdStart(Object buffer, String owner, Listener listener) {
        return BufferState.of(buffer).hold(true, owner, listener);
    }

    /**
     * Takes the end of {@code buffer}: the owner adds what it read, the user removes.
     *
     * @return the handle
     * @throws IllegalStateException if the buffer is closed or its end already has an owner
     */
    static BufferPort holdEnd(Object buffer, String owner, Listener listener) {
        return BufferState.of(buffer).hold(false, owner, listener);
    }

    /**
     * Reads from {@code channel} into the end: the amount the buffer learned from the traffic, but
     * no more than {@code cap} (a ceiling, a BufferEvent's max single read, not a request).
     *
     * @return bytes read, 0 if none were ready, -1 at end of stream
     */
    int read(ReadableByteChannel channel, int cap) throws IOException;

    /**
     * Writes up to {@code max} bytes from the start with one gathering write, and removes them.
     *
     * @return bytes written
     */
    long write(GatheringByteChannel channel, long max) throws IOException;

    /**
     * Moves up to {@code max} bytes from this held start to the end {@code dst} holds, relinking
     * segments, past both freezes (a pair hands its output to its partner's input this way). The
     * source's change is reported first, then the destination's.
     *
     * @param dst an end held by another owner, or by the same one
     * @param max the most bytes to move
     * @return bytes moved, 0 if either buffer is closed
     */
    long moveTo(BufferPort dst, long max);

    /**
     * Lets everyone through the held end until {@link #restore()}: for an owner that calls code of
     * its user which works on the buffer for it (a filter's function fills a filter's input).
     */
    void lift();

    /** Freezes the held end again after {@link #lift()}. */
    void restore();

    /** The buffer's length, 0 once it is closed. */
    long length();

    /** Empties the buffer past any freeze, for a new connection; reports the change. Nothing if closed. */
    void clear();

    /** Gives the end back: it is no longer frozen, and the listener hears nothing more. */
    void release();
}
