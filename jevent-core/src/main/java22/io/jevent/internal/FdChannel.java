package io.jevent.internal;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;

/**
 * A connected socket read with {@code recv}/{@code recvmsg} and written with {@code send}/{@code
 * sendmsg} on its descriptor, from the addresses of the direct buffers it is given (a buffer's
 * segments), without the JDK's {@code SocketChannel} path (its locks, its begin/end bookkeeping,
 * its copy of the buffers into an iovec of its own). Results mean what the channel's mean:
 * {@code EAGAIN} is 0, a receive of nothing is the end (-1), and a failure is the
 * {@code SocketException} the JDK would throw ({@link SocketErrors}).
 *
 * <p>A call goes to the channel instead when the direct path cannot be used safely or faithfully:
 * off the loop's thread, once the descriptor is no longer held (see {@link DirectIo} for why that
 * makes a reused descriptor impossible), while the socket is not connected (not yet, or closed:
 * the channel then throws what it throws), or for a heap or read-only destination buffer.
 */
final class FdChannel implements DirectChannel {
    private final DirectIo io;
    private final SocketChannel channel;
    private final int fd;
    SelectionKey key;
    /** Whether the key holds the descriptor: set at open, cleared by whoever lets go of the key. */
    volatile boolean held;
    /** {@link DirectIo}'s list, under its lock. */
    FdChannel prev;
    FdChannel next;
    private long directCalls;

    FdChannel(DirectIo io, SocketChannel channel, int fd) {
        this.io = io;
        this.channel = channel;
        this.fd = fd;
    }

    private boolean direct() {
        return held && io.loop.inLoopThread() && channel.isConnected();
    }

    private static boolean readable(ByteBuffer dst) {
        return dst.isDirect() && !dst.isReadOnly();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!direct() || !readable(dst)) {
            return channel.read(dst);
        }
        int pos = dst.position();
        int room = dst.limit() - pos;
        if (room == 0) {
            return 0;
        }
        long address = ChannelFds.address(dst) + pos;
        long n;
        do {
            n = SocketCalls.recv(io.errno, fd, address, room);
        } while (interrupted(n));
        n = received(n);
        if (n > 0) {
            dst.position(pos + (int) n);
        }
        return (int) n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, dsts.length);
        int k = Math.min(length, DirectIo.MAX_IOV);
        long total = direct() ? describe(dsts, offset, k, true) : -1;
        if (total < 0) {
            return channel.read(dsts, offset, length);
        }
        if (total == 0) {
            return 0;
        }
        MemorySegment message = io.message(k);
        long n;
        do {
            n = SocketCalls.recvmsg(io.errno, fd, message, total);
        } while (interrupted(n));
        n = received(n);
        advance(dsts, offset, k, n);
        return n;
    }

    @Override
    public long read(ByteBuffer[] dsts) throws IOException {
        return read(dsts, 0, dsts.length);
    }

    private long received(long n) throws IOException {
        directCalls++;
        if (n > 0) {
            return n;
        }
        if (n == 0) {
            return -1;
        }
        int e = Libc.errno(io.errno);
        if (e == Libc.EAGAIN) {
            return 0;
        }
        throw SocketErrors.failure(e, SocketErrors.RESET_READING);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (!direct() || !src.isDirect()) {
            return channel.write(src);
        }
        int pos = src.position();
        int count = src.limit() - pos;
        if (count == 0) {
            return 0;
        }
        long address = ChannelFds.address(src) + pos;
        long n;
        do {
            n = SocketCalls.send(io.errno, fd, address, count);
        } while (interrupted(n));
        n = sent(n);
        src.position(pos + (int) n);
        return (int) n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, srcs.length);
        int k = Math.min(length, DirectIo.MAX_IOV);
        long total = direct() ? describe(srcs, offset, k, false) : -1;
        if (total < 0) {
            return channel.write(srcs, offset, length);
        }
        if (total == 0) {
            return 0;
        }
        MemorySegment message = io.message(k);
        long n;
        do {
            n = SocketCalls.sendmsg(io.errno, fd, message, total);
        } while (interrupted(n));
        n = sent(n);
        advance(srcs, offset, k, n);
        return n;
    }

    /**
     * Writes the iovecs of the first {@code k} buffers from {@code offset} into the loop's array:
     * the bytes each holds between position and limit.
     *
     * @param into whether the call writes into the buffers, which must then be writable too
     * @return the bytes they describe, or -1 if one of them is not direct memory the call may use
     */
    private long describe(ByteBuffer[] bufs, int offset, int k, boolean into) {
        MemorySegment iov = io.iov;
        long total = 0;
        for (int j = 0; j < k; j++) {
            ByteBuffer b = bufs[offset + j];
            if (into ? !readable(b) : !b.isDirect()) {
                return -1;
            }
            int pos = b.position();
            int count = b.limit() - pos;
            iov.set(ValueLayout.JAVA_LONG, DirectIo.iovOffset(j), ChannelFds.address(b) + pos);
            iov.set(ValueLayout.JAVA_LONG, DirectIo.iovOffset(j) + 8, count);
            total += count;
        }
        return total;
    }

    /** Whether a call failed only because a signal interrupted it, and is to be made again. */
    private boolean interrupted(long n) {
        return n < 0 && Libc.errno(io.errno) == Libc.EINTR;
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    private long sent(long n) throws IOException {
        directCalls++;
        if (n >= 0) {
            return n;
        }
        int e = Libc.errno(io.errno);
        if (e == Libc.EAGAIN) {
            return 0;
        }
        throw SocketErrors.failure(e, SocketErrors.RESET_WRITING);
    }

    /** Moves the positions of the first {@code k} buffers past the {@code n} bytes the call moved. */
    private static void advance(ByteBuffer[] bufs, int offset, int k, long n) {
        long left = n;
        for (int j = 0; j < k && left > 0; j++) {
            ByteBuffer b = bufs[offset + j];
            int step = (int) Math.min(b.remaining(), left);
            b.position(b.position() + step);
            left -= step;
        }
    }

    /** The channel itself, through the JDK's path, which is safe from any thread. */
    @Override
    public WritableByteChannel sendfileTarget() {
        return channel;
    }

    @Override
    public long directCalls() {
        return directCalls;
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    /** Lets go of the descriptor; the socket stays open (its owner closes it, through the loop). */
    @Override
    public void close() {
        io.release(this);
    }

    @Override
    public String toString() {
        return "FdChannel[fd " + fd + ", " + channel + "]";
    }
}
