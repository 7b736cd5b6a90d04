package io.jevent.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The eventfd a native backend's wait watches besides the channels, so that another thread can
 * wake it (libevent's notification descriptor). Any thread may {@link #signal}; the loop thread
 * {@link #drain}s it when the wait reports it. It is closed once, under the lock that
 * {@code signal} takes, so that a wake-up racing a close never writes to a descriptor number the
 * kernel has since given to another file.
 */
final class WakeupFd {
    private final Object lock = new Object();
    /** The counter value {@link #signal} writes; guarded by {@link #lock}. */
    private final MemorySegment one;
    /** Where {@link #drain} reads the counter to; loop thread. */
    private final MemorySegment drained;
    /** The descriptor, for the backend's wait to watch. */
    final int fd;
    /** Guarded by {@link #lock}. */
    private boolean closed;

    /**
     * @param arena where the two 8-byte buffers live; the backend's, closed after this
     * @param errno the backend's captured-errno segment
     * @throws UncheckedIOException if {@code eventfd} fails
     */
    WakeupFd(Arena arena, MemorySegment errno) {
        this.fd = Libc.eventfd(errno);
        if (fd < 0) {
            throw new UncheckedIOException(new IOException("eventfd failed: errno " + Libc.errno(errno)));
        }
        this.one = arena.allocate(8, 8);
        this.drained = arena.allocate(8, 8);
        one.set(ValueLayout.JAVA_LONG, 0, 1L);
    }

    /** Makes the descriptor readable, so that the wait returns; any thread; nothing once closed. */
    void signal() {
        synchronized (lock) {
            if (!closed) {
                Libc.write(fd, one, 8);
            }
        }
    }

    /** Resets the counter after the wait reported it; loop thread. */
    void drain() {
        Libc.read(fd, drained, 8);
    }

    /**
     * Closes the descriptor, once.
     *
     * @return false if it was closed already
     */
    boolean close() {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            closed = true;
            Libc.close(fd);
            return true;
        }
    }
}
