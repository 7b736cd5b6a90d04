package io.jevent.internal;

import io.jevent.buffer.internal.SendfileTarget;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ScatteringByteChannel;

/**
 * A connected socket's reads and writes made straight on its file descriptor, from the addresses of
 * direct buffers, by a native backend (epoll, io_uring's readiness mode) instead of through the
 * JDK's {@code SocketChannel} read and write path. It behaves as the channel does (0 when nothing is
 * ready or nothing fits, -1 at the end of the stream, the JDK's exceptions), and hands a call to the
 * channel itself whenever it cannot make it directly: off the loop's thread, before the socket is
 * connected, after it was closed, or for heap buffers.
 *
 * <p>A file segment of the output goes to the channel itself ({@link SendfileTarget}), so that the
 * JDK sends it with {@code sendfile}.
 *
 * <p>{@link #close()} lets go of the descriptor and leaves the socket open: closing the socket is
 * its owner's business, through the loop. The loop thread only, or a thread holding the owner's lock.
 */
public interface DirectChannel extends ScatteringByteChannel, GatheringByteChannel, SendfileTarget {
    /** How many reads and writes went straight to the descriptor; for tests. */
    long directCalls();

    /** Lets go of the descriptor, so that a deferred close of the socket completes; leaves it open. */
    @Override
    void close();
}
