package io.jevent.buffer.internal;

import java.io.IOException;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.locks.Lock;
import java.util.function.Function;

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
 */
public final class BufferPort {
    private static volatile Function<Object, BufferState> states;

    private final BufferState state;
    private final boolean start;

    private BufferPort(BufferState state, boolean start) {
        this.state = state;
        this.start = start;
    }

    /** Called once, by EvBuffer's static initializer: how to find an EvBuffer's state. */
    public static void register(Function<Object, BufferState> accessor) {
        states = accessor;
    }

    /**
     * Takes the start of {@code buffer}: the owner removes what it sent, the user adds.
     *
     * @param buffer   an {@code io.jevent.buffer.EvBuffer}
     * @param owner    who holds it, for the message an operation on the frozen start throws, such
     *                 as "its BufferEvent: add to output() instead"
     * @param listener told of every change of length, or null
     * @throws IllegalStateException if the buffer is closed or its start already has an owner
     */
    public static BufferPort holdStart(Object buffer, String owner, ChangeListener listener) {
        return hold(buffer, true, owner, listener);
    }

    /** Takes the end of {@code buffer}: the owner adds what it read, the user removes. */
    public static BufferPort holdEnd(Object buffer, String owner, ChangeListener listener) {
        return hold(buffer, false, owner, listener);
    }

    private static BufferPort hold(Object buffer, boolean start, String owner, ChangeListener listener) {
        BufferState s = states.apply(buffer);
        Lock l = s.lock();
        try {
            s.hold(start, owner);
            if (listener != null) {
                s.setOwnerListener(listener);
            }
        } finally {
            BufferState.release(l);
        }
        return new BufferPort(s, start);
    }

    /**
     * Reads from {@code channel} into the end: the amount the buffer learned from the traffic, but
     * no more than {@code cap} (a ceiling, a BufferEvent's max single read, not a request).
     *
     * @return bytes read, 0 if none were ready, -1 at end of stream
     */
    public int read(ReadableByteChannel channel, int cap) throws IOException {
        Lock l = state.lock();
        try {
            state.checkOpen();
            int n = state.io().readLearned(channel, cap);
            if (n > 0) {
                state.changed(n, 0);
            }
            return n;
        } finally {
            BufferState.release(l);
        }
    }

    /**
     * Writes up to {@code max} bytes from the start with one gathering write, and removes them.
     *
     * @return bytes written
     */
    public long write(GatheringByteChannel channel, long max) throws IOException {
        Lock l = state.lock();
        try {
            state.checkOpen();
            long n = state.io().write(channel, max);
            if (n > 0) {
                state.changed(0, n);
            }
            return n;
        } finally {
            BufferState.release(l);
        }
    }

    /** The buffer's length, 0 once it is closed. */
    public long length() {
        Lock l = state.lock();
        try {
            return state.chain().length;
        } finally {
            BufferState.release(l);
        }
    }

    /** Empties the buffer past any freeze, for a new connection; reports the change. Nothing if closed. */
    public void clear() {
        Lock l = state.lock();
        try {
            long n = state.chain().length;
            if (!state.isClosed() && n > 0) {
                state.chain().drain(n);
                state.changed(0, n);
            }
        } finally {
            BufferState.release(l);
        }
    }

    /** Gives the end back: it is no longer frozen, and the listener hears nothing more. */
    public void release() {
        Lock l = state.lock();
        try {
            state.letGo(start);
            state.setOwnerListener(null);
        } finally {
            BufferState.release(l);
        }
    }
}
