package io.jevent.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ScatteringByteChannel;
import java.nio.channels.SocketChannel;

/**
 * A connected socket whose reads and writes a completion-based backend performs for its owner (the
 * io_uring backend: the kernel receives into the backend's buffers and sends from them, with no
 * {@code read} or {@code write} system call of the loop thread's). It looks like a non-blocking
 * channel, so that a buffered event's read and write logic runs over it unchanged:
 *
 * <ul>
 *   <li>{@code read} hands over what the kernel has received so far, 0 when nothing waits, -1 once
 *       the peer has closed and everything before that was handed over, and throws what the
 *       kernel reported once the bytes before the failure are handed over. Each arrival activates
 *       the owner's read event with READ.</li>
 *   <li>{@code write} is given the owner's output from its start, which must not change between
 *       calls except by dropping the count this returned. It returns how many bytes the kernel has
 *       taken since the last call (never more than were given), and, when no send is in flight,
 *       copies the rest (within the given limit) to a send of its own. So the output keeps every
 *       byte the kernel has not taken, as it does over a socket. Each finished send activates the
 *       owner's write event with WRITE.</li>
 * </ul>
 *
 * <p>A stream that is also a {@link io.jevent.buffer.internal.SegmentChannel} is read and written
 * through that instead where it can: received segments join the input without a copy, and sends
 * go from the output's own segments, pinned while the kernel reads them. The methods above stay
 * for what cannot go that way.
 *
 * <p>Reading is armed only while the owner says it reads ({@link #setReading}), and while less
 * than a bound waits to be handed over: a peer that sends faster than the owner takes is held back
 * by TCP, not by memory.
 *
 * <p>The loop thread only (or a thread holding the loop's lock).
 */
public abstract class CompletionStream implements ScatteringByteChannel, GatheringByteChannel {
    /** Says whether the owner reads; reading resumes with what already waits, if anything. */
    public abstract void setReading(boolean reading);

    /** Whether a send is in flight: the output's start is then the kernel's until it completes. */
    public abstract boolean sending();

    /** Bytes the kernel has sent that the next {@code write} will report. */
    public abstract long sentUnreported();

    /**
     * Bytes the last {@code write} took for sending (and resets the count): what a rate limit
     * charges, since from then on they are the kernel's to send.
     */
    public abstract long takeStaged();

    /**
     * While on, {@code write} with no send in flight writes to the socket itself, at once, as a
     * flush must; the loop's thread only.
     */
    public abstract void writeThrough(boolean on);

    /**
     * Stops reading and writing: what was received and not handed over is dropped, a receive in
     * flight is cancelled, and what the stream already took for sending still goes. Then
     * {@code channel}, if not null, is closed (through the loop, as a buffered event's is).
     */
    public abstract void close(SocketChannel channel);

    /** Closes the stream, not the channel: see {@link #close(SocketChannel)}. */
    @Override
    public final void close() {
        close(null);
    }

    /** Lends one buffer to the array forms without allocating an array per call. */
    private final ByteBuffer[] one = new ByteBuffer[1];

    @Override
    public final int read(ByteBuffer dst) throws IOException {
        one[0] = dst;
        try {
            return (int) read(one, 0, 1);
        } finally {
            one[0] = null;
        }
    }

    @Override
    public final long read(ByteBuffer[] dsts) throws IOException {
        return read(dsts, 0, dsts.length);
    }

    @Override
    public final int write(ByteBuffer src) throws IOException {
        one[0] = src;
        try {
            return (int) write(one, 0, 1);
        } finally {
            one[0] = null;
        }
    }

    @Override
    public final long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }
}
