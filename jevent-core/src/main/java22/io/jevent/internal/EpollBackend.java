package io.jevent.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.Channel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The epoll backend: {@code epoll_create1}, {@code epoll_ctl} and {@code epoll_wait} called through
 * the FFM API (libevent's {@code epoll.c}). Level-triggered unless an event asks for {@code ET}.
 *
 * <p>Channels stay the JDK's own; only their descriptors are watched (see {@link ChannelFds}), and
 * the code above reads and writes them as usual: a non-blocking channel that no {@code Selector}
 * holds behaves the same whoever waits for its readiness. Each {@code epoll_event} carries the
 * descriptor in its {@code data} field, and the descriptor indexes {@link #byFd}: no boxing, no map.
 *
 * <p>A descriptor leaves the epoll set by itself when its channel is closed, and the kernel may
 * hand the same number to the next channel opened. So a closed channel's watch is never told to
 * the kernel again ({@code EPOLL_CTL_DEL} would remove the new channel), and a watch found in
 * {@link #byFd} counts only if its channel is the one asked about. The sockets that
 * {@link #directIo} reads and writes on their descriptors are the exception: {@link DirectIo} holds
 * them in a stand-in selector, so their closes wait for the start of the next poll.
 */
final class EpollBackend implements Backend {
    /** The {@code data} of the wakeup eventfd's entry; descriptors are never negative. */
    private static final long WAKE = -1L;
    private static final int FIRST_CAPACITY = 256;
    /** libevent's {@code MAX_NEVENT}: past this, a full batch is followed by another poll soon anyway. */
    private static final int MAX_CAPACITY = 4096;

    private final LoopState loop;
    /** Socket reads and writes straight on descriptors, and the hold that keeps those descriptors safe. */
    private final DirectIo direct;
    private final Arena arena = Arena.ofShared();
    /** errno of the last failed call; loop thread (or the holder of the loop's lock). */
    private final MemorySegment errno = arena.allocate(Libc.ERRNO_LAYOUT);
    /** The one {@code epoll_event} that {@code epoll_ctl} reads; same threads as {@link #errno}. */
    private final MemorySegment ctlEvent = arena.allocate(Epoll.EVENT_SIZE, 8);
    private final InterruptWakeup interruptHook = new InterruptWakeup(this::wakeup);
    private final int epfd;
    private final WakeupFd wakeupFd;

    private MemorySegment events;
    private int capacity;
    private Watch[] byFd = new Watch[1024];

    EpollBackend(LoopState loop) {
        this.loop = loop;
        this.direct = new DirectIo(loop);
        this.epfd = Epoll.create(errno);
        if (epfd < 0) {
            int e = Libc.errno(errno);
            arena.close();
            throw new UncheckedIOException(new IOException("epoll_create1 failed: errno " + e));
        }
        try {
            this.wakeupFd = new WakeupFd(arena, errno);
        } catch (UncheckedIOException e) {
            Libc.close(epfd);
            arena.close();
            throw e;
        }
        if (ctl(Epoll.CTL_ADD, wakeupFd.fd, Epoll.EPOLLIN, WAKE) != 0) {
            int e = Libc.errno(errno);
            wakeupFd.close();
            Libc.close(epfd);
            arena.close();
            throw new UncheckedIOException(new IOException("epoll_ctl(ADD) of the eventfd failed: errno " + e));
        }
        allocateEvents(FIRST_CAPACITY);
    }

    private void allocateEvents(int n) {
        // The arena frees the smaller array only at close: growing happens at most five times.
        events = arena.allocate(Epoll.EVENT_SIZE * n, 8);
        capacity = n;
    }

    private int ctl(int op, int fd, int what, long data) {
        ctlEvent.set(ValueLayout.JAVA_INT_UNALIGNED, 0, what);
        ctlEvent.set(ValueLayout.JAVA_LONG_UNALIGNED, Epoll.DATA_OFFSET, data);
        return Epoll.ctl(errno, epfd, op, fd, ctlEvent);
    }

    @Override
    public Watch find(SelectableChannel channel) {
        int fd = ChannelFds.fd(channel);
        Watch w = fd < byFd.length ? byFd[fd] : null;
        return w != null && w.channel == channel && w.registration == this ? w : null;
    }

    @Override
    public void attach(Watch watch) {
        SelectableChannel ch = watch.channel;
        if (!ch.isOpen()) {
            throw new IllegalStateException("cannot watch a closed channel: " + ch);
        }
        if (ch.isBlocking()) {
            throw new IllegalStateException("channel is in blocking mode: call "
                    + "channel.configureBlocking(false) before adding an event for it: " + ch);
        }
        int fd = ChannelFds.fd(ch);
        if (fd >= byFd.length) {
            Watch[] bigger = new Watch[Math.max(fd + 1, byFd.length * 2)];
            System.arraycopy(byFd, 0, bigger, 0, byFd.length);
            byFd = bigger;
        }
        Watch stale = byFd[fd];
        if (stale != null && stale != watch) {
            // Its channel was closed and the number reused: the kernel has already forgotten it.
            stale.registration = null;
            stale.armed = 0;
        }
        byFd[fd] = watch;
        watch.fd = fd;
        watch.armed = 0;
        watch.registration = this;
    }

    @Override
    public void update(Watch watch) {
        if (watch.registration != this) {
            return;
        }
        int fd = watch.fd;
        if (!watch.channel.isOpen()) {
            // Closed under its events: they can never fire again, and the descriptor may already
            // belong to another channel.
            forget(watch);
            return;
        }
        if (watch.isEmpty()) {
            if (watch.armed != 0 && ctl(Epoll.CTL_DEL, fd, 0, 0) != 0 && !closedMeanwhile()) {
                throw failure("epoll_ctl(DEL)", watch);
            }
            forget(watch);
            return;
        }
        int want = epollEvents(watch.wanted());
        if (want == watch.armed) {
            return;
        }
        boolean adding = watch.armed == 0;
        if (ctl(adding ? Epoll.CTL_ADD : Epoll.CTL_MOD, fd, want, fd) != 0) {
            if (closedMeanwhile()) {
                forget(watch);
                return;
            }
            throw failure(adding ? "epoll_ctl(ADD)" : "epoll_ctl(MOD)", watch);
        }
        if (adding && !watch.channel.isOpen()) {
            // Another thread closed the channel since the check above, and the number may already
            // belong to its next channel, which this ADD then put in the set under this watch; that
            // channel's own ADD would fail with EEXIST. Take it out again. (A channel still open
            // after the call was open during it: the JDK marks a channel closed before it closes
            // the descriptor. MOD and DEL cannot add another channel; they fail with ENOENT.)
            ctl(Epoll.CTL_DEL, fd, 0, 0);
            forget(watch);
            return;
        }
        watch.armed = want;
    }

    /** Whether the last epoll_ctl failed because another thread closed the channel since the check. */
    private boolean closedMeanwhile() {
        int e = Libc.errno(errno);
        return e == Libc.EBADF || e == Libc.ENOENT;
    }

    private IllegalStateException failure(String call, Watch watch) {
        return new IllegalStateException(call + " failed with errno " + Libc.errno(errno) + " for "
                + watch.channel);
    }

    private void forget(Watch watch) {
        if (watch.fd >= 0 && watch.fd < byFd.length && byFd[watch.fd] == watch) {
            byFd[watch.fd] = null;
        }
        watch.registration = null;
        watch.armed = 0;
    }

    private static int epollEvents(int wanted) {
        int what = 0;
        if ((wanted & EventFlags.READ) != 0) {
            what |= Epoll.EPOLLIN;
        }
        if ((wanted & EventFlags.WRITE) != 0) {
            what |= Epoll.EPOLLOUT;
        }
        if ((wanted & EventFlags.CLOSED) != 0) {
            what |= Epoll.EPOLLRDHUP;
        }
        if ((wanted & EventFlags.ET) != 0) {
            what |= Epoll.EPOLLET;
        }
        return what;
    }

    @Override
    public void poll(long timeoutNanos) throws IOException {
        direct.releaseClosed();
        int millis;
        if (timeoutNanos == 0) {
            millis = 0;
        } else if (timeoutNanos < 0) {
            millis = -1;
        } else {
            // Round up: waking before the deadline would only spin.
            long m = TimeUnit.NANOSECONDS.toMillis(timeoutNanos + 999_999L);
            millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, m));
        }
        int n;
        if (millis == 0) {
            n = Epoll.await(errno, epfd, events, capacity, 0);
        } else {
            interruptHook.enter();
            try {
                n = Epoll.await(errno, epfd, events, capacity, millis);
            } finally {
                interruptHook.exit();
            }
        }
        if (n < 0) {
            int e = Libc.errno(errno);
            if (e == Libc.EINTR) {
                return;
            }
            throw new IOException("epoll_wait failed: errno " + e);
        }
        MemorySegment batch = events;
        for (int i = 0; i < n; i++) {
            long at = i * Epoll.EVENT_SIZE;
            int what = batch.get(ValueLayout.JAVA_INT_UNALIGNED, at);
            long data = batch.get(ValueLayout.JAVA_LONG_UNALIGNED, at + Epoll.DATA_OFFSET);
            if (data == WAKE) {
                wakeupFd.drain();
                continue;
            }
            Watch w = byFd[(int) data];
            if (w != null && w.registration == this) {
                loop.channelReady(w, PollEvents.readiness(what));
            }
        }
        if (n == capacity && capacity < MAX_CAPACITY) {
            allocateEvents(capacity * 2);
        }
    }

    @Override
    public void releaseIdle() {
        // Only sockets read and written directly wait for release (see DirectIo); the watches hold
        // nothing, and a channel no Selector holds is closed at once by the JDK.
        direct.releaseClosed();
    }

    @Override
    public void closed(Channel channel) {
        // A direct channel's socket closed by jevent closes now, as it would without the hold. The
        // kernel drops a closed descriptor from the epoll set; update() forgets the watch.
        direct.releaseClosed();
    }

    @Override
    public void forEachWatch(Consumer<Watch> action) {
        for (Watch w : byFd) {
            if (w != null && w.registration == this) {
                action.accept(w);
            }
        }
    }

    @Override
    public DirectChannel directIo(SocketChannel channel) {
        return direct.open(channel);
    }

    @Override
    public void wakeup() {
        wakeupFd.signal();
    }

    @Override
    public void close() {
        if (!wakeupFd.close()) {
            return;
        }
        direct.close();
        Libc.close(epfd);
        for (Watch w : byFd) {
            if (w != null) {
                w.registration = null;
            }
        }
        arena.close();
    }
}
