package io.jevent.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.function.Consumer;

/**
 * The io_uring backend, as a readiness backend: each watched channel has one
 * {@code IORING_OP_POLL_ADD} in the ring, and every change of one loop iteration is submitted by
 * the same {@code io_uring_enter} that waits for the next completions (libevent has no io_uring
 * method; this is jevent's own).
 *
 * <p><b>Triggering.</b> The kernel's poll requests are edge-triggered: a multishot poll
 * ({@code IORING_POLL_ADD_MULTI}) posts a completion when the channel's wait queue is woken, not
 * while it stays ready. So a level-triggered watch (the default) arms a one-shot poll, and arms it
 * again, in the next iteration's submission, after each completion: a channel still ready then
 * completes at once, inside that same call, so readiness is reported once per iteration for as long
 * as it lasts, as with epoll. A watch with {@code ET} arms a multishot poll, which reports each new
 * arrival (and the readiness already there when armed), and is armed again only when a completion
 * comes without {@code IORING_CQE_F_MORE}. Errors and hang-ups are reported as READ, WRITE and
 * CLOSED, as the epoll backend does; {@code CLOSED} asks for {@code POLLRDHUP}.
 *
 * <p><b>No boxing, no map.</b> A watch owns a slot; a poll's user data is the slot in its low 32
 * bits and a per-slot generation in the high ones, and a completion counts only if its user data is
 * the slot's current request. So completions of a poll that was removed, replaced, or belonged to a
 * channel since closed are dropped, whatever channel now has the slot or the descriptor.
 *
 * <p><b>Closed channels.</b> Unlike an epoll set, a poll request holds a reference to the file it
 * watches: a channel closed while its poll is in the ring would stay open in the kernel, and its
 * descriptor number could go to the next channel opened while this backend still thinks of the
 * old one. So watched channels are registered with a {@link ChannelRegistry}, and the JDK defers
 * closing their descriptors, as it does for a {@code Selector}'s, until this backend lets go: at
 * the next submission, or when the loop returns ({@link #releaseIdle}), it removes the poll of a
 * closed channel (or of one no event watches any more) and then lets the JDK close the descriptor.
 * The submission that removes the poll also waits, so the file is released before the wait.
 *
 * <p><b>Threads.</b> A ring is entered by one thread only: the kernel demands it of a
 * {@code SINGLE_ISSUER} ring, and on any ring a poll's completion work is queued to the thread that
 * armed it. If another thread runs the loop later, or releases closed channels while no loop runs,
 * it gets a new ring, every watch is armed again there, and the kernel cancels the old ring's polls
 * in the background. Until it has, the channels closed by that thread stay open in the kernel: the
 * peer of a connected socket sees the end at once all the same (the JDK shuts its output when it
 * defers the close), and a closed server socket is shut down so that it stops listening at once
 * (see {@link ChannelRegistry#release}), but a port bound without {@code SO_REUSEADDR}, or a pipe's
 * end, is let go of a moment later. A base whose loop always runs on the same thread never meets
 * this. A loop on a virtual thread is followed from carrier to carrier, a new ring each time it
 * moves.
 */
final class IoUringBackend implements Backend {
    /** The user data of the wakeup eventfd's poll; a watch's is never negative. */
    private static final long WAKE = -1L;
    /** The user data of a POLL_REMOVE, whose completion says nothing we need. */
    private static final long IGNORED = -2L;
    private static final int SQ_ENTRIES = 256;
    /** Room for a completion per watch of a big loop before the kernel must hold some back. */
    private static final int CQ_ENTRIES = 4096;

    private final LoopState loop;
    private final Arena arena = Arena.ofShared();
    /** errno of the last failed call; the loop thread (or the holder of the loop's lock). */
    private final MemorySegment errno = arena.allocate(Libc.ERRNO_LAYOUT);
    /** Holds the watched channels, is told of their closes, and wakes the wait on an interrupt. */
    private final ChannelRegistry registry = new ChannelRegistry(this::wakeup);
    /** Keys cancelled since the last submission, released once their polls' removals are queued. */
    private final ArrayList<SelectionKey> cancelled = new ArrayList<>();
    private final WakeupFd wakeupFd;

    private IoUringRing ring;
    /**
     * The kernel thread that enters {@link #ring} (0 before the first does), and the Java thread that
     * last did: a platform thread always runs on the same kernel thread, a virtual one may move.
     */
    private int ringTid;
    private Thread ringThread;
    private boolean wakeArmed;

    private final WatchSlots slots = new WatchSlots();
    /** User data of polls to remove at the next submission. */
    private long[] removals = new long[16];
    private int removalCount;

    IoUringBackend(LoopState loop) {
        this.loop = loop;
        try {
            this.wakeupFd = new WakeupFd(arena, errno);
        } catch (UncheckedIOException e) {
            arena.close();
            throw e;
        }
        try {
            this.ring = IoUringRing.open(SQ_ENTRIES, CQ_ENTRIES, errno);
        } catch (IOException e) {
            wakeupFd.close();
            arena.close();
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Watch find(SelectableChannel channel) {
        SelectionKey key = channel.keyFor(registry);
        return key != null && key.isValid() ? (Watch) key.attachment() : null;
    }

    @Override
    public void attach(Watch watch) {
        SelectableChannel ch = watch.channel;
        int fd = ChannelFds.fd(ch);
        try {
            watch.registration = registry.register(ch, watch);
        } catch (ClosedChannelException e) {
            throw new IllegalStateException("cannot watch a closed channel: " + ch, e);
        } catch (IllegalBlockingModeException e) {
            throw new IllegalStateException("channel is in blocking mode: call "
                    + "channel.configureBlocking(false) before adding an event for it: " + ch, e);
        }
        watch.fd = fd;
        watch.armed = 0;
        slots.allocate(watch);
    }

    @Override
    public void update(Watch watch) {
        if (watch.registration == null) {
            return;
        }
        if (!watch.channel.isOpen() || watch.isEmpty()) {
            forget(watch);
        } else {
            slots.markDirty(watch.slot);
        }
    }

    /**
     * Drops a watch now; its poll, if any, is removed at the next submission, and its key is
     * released after that (cancelling it puts it on the registry's list).
     */
    private void forget(Watch watch) {
        long request = slots.free(watch.slot);
        if (request != 0) {
            queueRemoval(request);
        }
        ((SelectionKey) watch.registration).cancel();
        watch.registration = null;
        watch.armed = 0;
        watch.slot = -1;
    }

    /** Forgets the watches of channels closed since the last submission, and keeps their keys for release. */
    private void collectCancelled() {
        int from = cancelled.size();
        registry.takeCancelled(cancelled);
        for (int i = from, n = cancelled.size(); i < n; i++) {
            SelectionKey key = cancelled.get(i);
            Watch w = (Watch) key.attachment();
            if (w != null && w.registration == key) {
                forget(w);
            }
        }
    }

    /** Lets go of the cancelled keys, once their polls' removals are queued: closed channels close now. */
    private void releaseCancelled() {
        for (int i = 0, n = cancelled.size(); i < n; i++) {
            registry.release(cancelled.get(i));
        }
        cancelled.clear();
    }

    private void queueRemoval(long request) {
        if (removalCount == removals.length) {
            long[] bigger = new long[removals.length * 2];
            System.arraycopy(removals, 0, bigger, 0, removalCount);
            removals = bigger;
        }
        removals[removalCount++] = request;
    }

    private static int pollEvents(int wanted) {
        int events = 0;
        if ((wanted & EventFlags.READ) != 0) {
            events |= IoUring.POLLIN;
        }
        if ((wanted & EventFlags.WRITE) != 0) {
            events |= IoUring.POLLOUT;
        }
        if ((wanted & EventFlags.CLOSED) != 0) {
            events |= IoUring.POLLRDHUP;
        }
        return events;
    }

    /**
     * Writes the SQEs of every change since the last submission: removals, then new or re-armed
     * polls, then the wakeup poll if it is not armed. The ring's thread only.
     */
    private void queueChanges() {
        for (int slot = slots.nextDirty(); slot >= 0; slot = slots.nextDirty()) {
            Watch w = slots.watch(slot);
            if (w == null) {
                continue;
            }
            if (!w.channel.isOpen() || w.isEmpty()) {
                forget(w);
                continue;
            }
            int wanted = w.wanted();
            int events = pollEvents(wanted);
            boolean multishot = (wanted & EventFlags.ET) != 0;
            long current = slots.request(slot);
            if (current != 0 && events == w.armed && multishot == slots.multishot(slot)) {
                continue;
            }
            if (current != 0) {
                while (!ring.pollRemove(current, IGNORED)) {
                    submitFull();
                }
            }
            long request = slots.newRequest(slot, multishot);
            while (!ring.pollAdd(w.fd, events, multishot, request)) {
                submitFull();
            }
            w.armed = events;
        }
        for (int i = 0; i < removalCount; i++) {
            while (!ring.pollRemove(removals[i], IGNORED)) {
                submitFull();
            }
        }
        removalCount = 0;
        if (!wakeArmed) {
            while (!ring.pollAdd(wakeupFd.fd, IoUring.POLLIN, true, WAKE)) {
                submitFull();
            }
            wakeArmed = true;
        }
    }

    /** Submits a full SQ without waiting; its completions wait in the CQ for the next harvest. */
    private void submitFull() {
        int n = ring.enter(0);
        if (n < 0 && n != -Libc.EINTR && n != -Libc.EBUSY && n != -Libc.EAGAIN) {
            throw new IllegalStateException("io_uring_enter failed with errno " + -n + " while submitting");
        }
    }

    /**
     * Makes the calling thread the ring's: enables a new ring on it, or replaces a ring that another
     * thread entered. A ring is only ever entered by one kernel thread: the kernel demands it of a
     * {@code SINGLE_ISSUER} ring, and on any ring a poll's completion work is queued to the thread
     * that armed it, which may no longer be waiting for it. A virtual thread counts as the carrier
     * it runs on at the time.
     */
    private void takeRing() throws IOException {
        Thread me = Thread.currentThread();
        boolean virtual = me.isVirtual();
        if (me == ringThread && !virtual) {
            return;
        }
        int tid = IoUring.currentTid();
        if (virtual && tid == ringTid) {
            ringThread = me;
            return;
        }
        if (ringTid == 0) {
            ring.enable();
            ringTid = tid;
            ringThread = me;
            return;
        }
        replaceRing(me, tid);
    }

    /**
     * Starts over with a new ring for the calling thread: closing the old one makes the kernel
     * cancel its polls (in the background), and every live watch is armed again in the new one.
     */
    private void replaceRing(Thread me, int tid) throws IOException {
        IoUringRing fresh = IoUringRing.open(SQ_ENTRIES, CQ_ENTRIES, errno);
        try {
            fresh.enable();
        } catch (IOException e) {
            fresh.close();
            throw e;
        }
        ring.close();
        ring = fresh;
        ringTid = tid;
        ringThread = me;
        wakeArmed = false;
        removalCount = 0;
        slots.forgetRequests();
        for (int slot = 0; slot < slots.highWater(); slot++) {
            Watch w = slots.watch(slot);
            if (w != null) {
                w.armed = 0;
                slots.markDirty(slot);
            }
        }
    }

    @Override
    public void poll(long timeoutNanos) throws IOException {
        takeRing();
        collectCancelled();
        queueChanges();
        releaseCancelled();
        int n = enterAndWait(timeoutNanos);
        if (n == -Libc.EEXIST) {
            // The kernel says the ring belongs to another thread: a virtual thread moved to another
            // carrier since takeRing, or a dead thread's id was reused. It knows best.
            replaceRing(Thread.currentThread(), IoUring.currentTid());
            queueChanges();
            n = enterAndWait(timeoutNanos);
        }
        if (n < 0 && n != -Libc.ETIME && n != -Libc.EINTR && n != -Libc.EBUSY && n != -Libc.EAGAIN) {
            throw new IOException("io_uring_enter failed: errno " + -n);
        }
        harvest();
        if (ring.overflowed()) {
            // More completions than the CQ holds: the kernel keeps them until the next enter.
            ring.enter(0);
            harvest();
        }
    }

    private int enterAndWait(long timeoutNanos) {
        if (timeoutNanos == 0) {
            return ring.enter(0);
        }
        registry.enter();
        try {
            return ring.enter(timeoutNanos);
        } finally {
            registry.exit();
        }
    }

    /** Reports every completion in the CQ. */
    private void harvest() throws IOException {
        IoUringRing r = ring;
        int tail = r.completionsTail();
        IOException failure = null;
        while (r.nextCompletion(tail)) {
            long data = r.cqeUserData;
            boolean more = (r.cqeFlags & IoUring.CQE_F_MORE) != 0;
            if (data == WAKE) {
                wakeupFd.drain();
                wakeArmed &= more;
                continue;
            }
            int slot = (int) data;
            if (data < 0 || slots.request(slot) != data) {
                continue;
            }
            Watch w = slots.watch(slot);
            if (!more) {
                // A one-shot poll that fired, or a multishot one the kernel ended: arm again next time.
                slots.requestEnded(slot);
                w.armed = 0;
                slots.markDirty(slot);
            }
            int res = r.cqeRes;
            if (!w.channel.isOpen()) {
                slots.markDirty(slot);
            } else if (res >= 0) {
                loop.channelReady(w, PollEvents.readiness(res));
            } else if (res != -Libc.ECANCELED && failure == null) {
                failure = new IOException("io_uring poll of " + w.channel + " failed: errno " + -res);
            }
        }
        r.completionsRead();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void releaseIdle() {
        if (removalCount == 0 && !slots.anyDirty() && !registry.anyCancelled()) {
            return;
        }
        try {
            takeRing();
        } catch (IOException e) {
            throw new UncheckedIOException("io_uring failed while releasing removed polls", e);
        }
        collectCancelled();
        queueChanges();
        releaseCancelled();
        // Submitted with GETEVENTS: the kernel completes the removals, and lets their files go,
        // before this returns. Completions wait in the CQ for the next poll.
        submitFull();
    }

    @Override
    public void closed(Channel channel) {
        // Closing a registered channel cancelled its key: the next submission sees it.
    }

    @Override
    public void forEachWatch(Consumer<Watch> action) {
        for (int slot = 0; slot < slots.highWater(); slot++) {
            Watch w = slots.watch(slot);
            if (w != null) {
                action.accept(w);
            }
        }
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
        // Closing the ring cancels every poll; then the channels go back to the JDK, and those
        // closed meanwhile close now.
        ring.close();
        for (int slot = 0; slot < slots.highWater(); slot++) {
            Watch w = slots.watch(slot);
            if (w != null) {
                ((SelectionKey) w.registration).cancel();
                w.registration = null;
            }
        }
        collectCancelled();
        releaseCancelled();
        try {
            registry.close();
        } catch (IOException e) {
            // Its close holds nothing.
        }
        arena.close();
    }
}
