package io.jevent.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;

/**
 * A native backend's direct socket I/O ({@link FdChannel}): what the direct channels of one loop
 * share (the errno slot, one {@code iovec} array and one {@code msghdr}, off-heap and reused by
 * every call, since calls are made on the loop's thread only), and the hold on each channel's
 * descriptor.
 *
 * <p><b>Why a descriptor read directly is never another socket's.</b> The JDK closes a channel's
 * descriptor at once when no selector holds the channel, and the kernel may give the number to the
 * next socket opened; its own read and write path is safe from that because a close waits for the
 * read and write locks, which a direct call does not take. So each direct channel registers its
 * socket with a stand-in selector of this class ({@link ChannelRegistry}) for as long as it is
 * used: the JDK then defers a close made by any thread (shutting the output, so that the peer sees
 * the end) until this selector lets go of the key, and the descriptor stays the socket's until
 * then. Keys are let go of only (a) by {@link #releaseClosed}, which the backend calls at the
 * start of each poll, when the loop returns, and when jevent closes a channel, all on the loop's
 * thread or, with no loop running, under its lock; and (b) by the direct channel's own
 * {@link FdChannel#close}, under the guard of its owner, which is also what makes its calls. A
 * direct call is made only on the thread that runs the loop, and only while its channel's key is
 * held (cleared, before the key goes, by whoever lets it go). The loop's thread cannot be in a
 * direct call while it releases keys, and no other thread releases a key while the loop runs
 * except the owner, which excludes its own calls: so a direct call always finds its descriptor
 * still the socket's. Anything else (a call from another thread, or after the key went) goes
 * through the channel, which the JDK makes safe.
 */
final class DirectIo {
    /** iovec entries of one call: as many as a buffer's channel I/O gathers. */
    static final int MAX_IOV = 64;

    final LoopState loop;
    /** errno of the last direct call; loop thread. */
    final MemorySegment errno;
    /** Pairs of (address, length) words; loop thread. */
    final MemorySegment iov;
    private final MemorySegment msghdr;
    private final ChannelRegistry registry = new ChannelRegistry(() -> { });
    private final ArrayList<SelectionKey> cancelled = new ArrayList<>();
    /** The direct channels whose keys are held, for {@link #close}; under this object's lock. */
    private FdChannel first;

    DirectIo(LoopState loop) {
        this.loop = loop;
        // An automatic arena: freed only when nothing can reach it, so a late call never touches freed memory.
        Arena arena = Arena.ofAuto();
        errno = arena.allocate(Libc.ERRNO_LAYOUT);
        iov = arena.allocate(SocketCalls.IOVEC_SIZE * MAX_IOV, 8);
        msghdr = arena.allocate(SocketCalls.MSGHDR_SIZE, 8);
        msghdr.set(ValueLayout.JAVA_LONG, SocketCalls.MSGHDR_IOV, iov.address());
    }

    /** A direct channel over {@code channel}, holding its descriptor; null if it cannot be registered. */
    DirectChannel open(SocketChannel channel) {
        FdChannel c = new FdChannel(this, channel, ChannelFds.fd(channel));
        synchronized (this) {
            try {
                c.key = registry.register(channel, c);
            } catch (ClosedChannelException | IllegalBlockingModeException e) {
                return null;
            }
            c.held = true;
            c.next = first;
            if (first != null) {
                first.prev = c;
            }
            first = c;
        }
        return c;
    }

    /** The {@code msghdr} for a call over the first {@code count} iovec entries. */
    MemorySegment message(int count) {
        msghdr.set(ValueLayout.JAVA_LONG, SocketCalls.MSGHDR_IOVLEN, count);
        return msghdr;
    }

    static long iovOffset(int index) {
        return index * SocketCalls.IOVEC_SIZE;
    }

    /** Lets go of a direct channel's descriptor: a deferred close of its socket completes now. */
    void release(FdChannel c) {
        synchronized (this) {
            if (!c.held) {
                return;
            }
            c.held = false;
            unlink(c);
        }
        registry.release(c.key);
    }

    private void unlink(FdChannel c) {
        if (c.prev != null) {
            c.prev.next = c.next;
        } else if (first == c) {
            first = c.next;
        }
        if (c.next != null) {
            c.next.prev = c.prev;
        }
        c.prev = null;
        c.next = null;
    }

    /**
     * Lets go of the sockets closed since the last call, whose closes the JDK deferred: their
     * descriptors are released now. Loop thread, or with no loop running its lock's holder.
     */
    void releaseClosed() {
        if (!registry.anyCancelled()) {
            return;
        }
        registry.takeCancelled(cancelled);
        for (int i = 0, n = cancelled.size(); i < n; i++) {
            SelectionKey key = cancelled.get(i);
            FdChannel c = (FdChannel) key.attachment();
            synchronized (this) {
                if (c.held) {
                    c.held = false;
                    unlink(c);
                }
            }
            registry.release(key);
        }
        cancelled.clear();
    }

    /** The backend closes: every direct channel falls back to its channel, and every socket is let go of. */
    void close() {
        while (true) {
            FdChannel c;
            synchronized (this) {
                c = first;
            }
            if (c == null) {
                break;
            }
            release(c);
        }
        releaseClosed();
    }
}
