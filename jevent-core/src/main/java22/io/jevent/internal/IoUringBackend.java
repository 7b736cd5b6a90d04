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
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
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
 * <p><b>Completion streams.</b> On a base built with {@code completionIo}, connected socket
 * BufferEvents are read and written by the ring instead ({@link IoUringStream}): a multishot
 * receive into {@link RecvBuffers} and sends from {@link SendBuffers}, queued with the polls and
 * submitted by the same {@code io_uring_enter}. Their requests' user data has the sign bit set.
 * None stays in flight while no loop runs ({@link #releaseIdle}).
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
    /** The sign bit marks a stream's request; the next bit a send; then a generation and the stream's slot. */
    private static final long STREAM = Long.MIN_VALUE;
    private static final long SEND = 1L << 62;
    /** How long the loop's return waits for cancelled stream requests: rounds of a 10 ms wait. */
    private static final int QUIESCE_ROUNDS = 100;
    /** What {@link #queueStreams} may submit: everything; sends but no receive; only cancels. */
    private static final int RUN = 0;
    private static final int FLUSH = 1;
    private static final int STOP = 2;
    private static final long QUIESCE_WAIT_NANOS = 10_000_000L;
    private static final int SQ_ENTRIES = 256;
    /** Room for a completion per watch of a big loop before the kernel must hold some back. */
    private static final int CQ_ENTRIES = 4096;

    private final LoopState loop;
    /** Socket reads and writes straight on descriptors, and the hold that keeps those descriptors safe. */
    private final DirectIo direct;
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

    /**
     * Where completion streams receive; null when the kernel cannot run them (provided-buffer
     * rings need Linux 5.19, multishot receives 6.0), and sockets are then read and written on
     * readiness, as epoll does.
     */
    private final RecvBuffers recvBuffers;
    private final SendBuffers sendBuffers = new SendBuffers();
    private IoUringStream[] streams = new IoUringStream[64];
    private int[] freeStreamSlots = new int[64];
    private int freeStreamCount;
    private int streamHighWater;
    /** Streams with something to submit or cancel, or closed and waiting to be forgotten. */
    private final ArrayList<IoUringStream> changedStreams = new ArrayList<>();
    /** Streams with input left over, to report after the next poll, which must then not wait. */
    private final ArrayList<IoUringStream> reportAfterPoll = new ArrayList<>();
    /** Streams whose receive waits for buffers to come back. */
    private final ArrayList<IoUringStream> starvedStreams = new ArrayList<>();
    /** User data of polls to remove at the next submission. */
    private long[] removals = new long[16];
    private int removalCount;

    IoUringBackend(LoopState loop) {
        this.loop = loop;
        this.direct = new DirectIo(loop);
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
        this.recvBuffers = loop.config.completionIo() && KernelRelease.atLeast(6, 0)
                ? RecvBuffers.register(ring, (short) 0) : null;
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
        if (!watch.channel.isOpen() || unused(watch)) {
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
        if (watch.stream != null) {
            IoUringStream stream = (IoUringStream) watch.stream;
            watch.stream = null;
            stream.watch = null;
            closeStream(stream, null);
        }
        long request = slots.free(watch.slot);
        if (request != 0) {
            queueRemoval(request);
        }
        ((SelectionKey) watch.registration).cancel();
        watch.registration = null;
        watch.armed = 0;
        watch.slot = -1;
    }

    /** Whether no event and no stream needs the watch any more. */
    private static boolean unused(Watch watch) {
        return watch.isEmpty() && watch.stream == null;
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
    private void queueChanges(int streamMode) {
        for (int slot = slots.nextDirty(); slot >= 0; slot = slots.nextDirty()) {
            Watch w = slots.watch(slot);
            if (w == null) {
                continue;
            }
            if (!w.channel.isOpen() || unused(w)) {
                forget(w);
                continue;
            }
            if (w.isEmpty()) {
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
        queueStreams(streamMode);
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
        // What the old ring has posted is the connections' data: take it before the ring goes.
        harvest();
        boolean receiving = anyReceiveInFlight();
        ring.close();
        ring = fresh;
        ringTid = tid;
        ringThread = me;
        wakeArmed = false;
        removalCount = 0;
        if (recvBuffers != null && !recvBuffers.moveTo(fresh, receiving)) {
            throw new IOException("io_uring_register(IORING_REGISTER_PBUF_RING) failed on the new ring: errno "
                    + Libc.errno(errno));
        }
        for (int i = 0; i < streamHighWater; i++) {
            IoUringStream s = streams[i];
            if (s != null) {
                s.recvRequest = 0;
                s.recvCancelling = false;
                if (s.sendRequest != 0) {
                    s.sendLost();
                }
                streamChanged(s);
            }
        }
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
        direct.releaseClosed();
        if (!reportAfterPoll.isEmpty()) {
            timeoutNanos = 0;
        }
        takeRing();
        collectCancelled();
        queueChanges(RUN);
        releaseCancelled();
        int n = enterAndWait(timeoutNanos);
        if (n == -Libc.EEXIST) {
            // The kernel says the ring belongs to another thread: a virtual thread moved to another
            // carrier since takeRing, or a dead thread's id was reused. It knows best.
            replaceRing(Thread.currentThread(), IoUring.currentTid());
            queueChanges(RUN);
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
        for (int i = 0, waiting = reportAfterPoll.size(); i < waiting; i++) {
            IoUringStream s = reportAfterPoll.get(i);
            s.reportQueued = false;
            s.reportIfWaiting();
        }
        reportAfterPoll.clear();
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
            if (data < 0) {
                if (data != IGNORED) {
                    streamCompleted(data, r.cqeRes, r.cqeFlags);
                }
                continue;
            }
            int slot = (int) data;
            if (slots.request(slot) != data) {
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
        direct.releaseClosed();
        boolean streamWork = !changedStreams.isEmpty() || anyStreamRequests();
        if (removalCount == 0 && !slots.anyDirty() && !registry.anyCancelled() && !streamWork) {
            return;
        }
        try {
            takeRing();
            collectCancelled();
                // Streams stop here: queued sends go, but nothing may stay in flight while no loop
            // runs, since the next run may be on another thread, with another ring.
            queueChanges(FLUSH);
            releaseCancelled();
            // Submitted with GETEVENTS: the kernel completes the removals, and lets their files go,
            // before this returns. Poll completions wait in the CQ for the next poll.
            submitFull();
            if (streamWork) {
                harvest();
                quiesceStreams();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("io_uring failed while the loop returned", e);
        }
    }

    /**
     * Cancels every receive and send in flight and waits for their completions: bytes received
     * meanwhile wait for the owner, and a send cancelled before it sent anything goes again at the
     * next run, on whatever thread runs it.
     */
    private void quiesceStreams() throws IOException {
        for (int i = 0; i < streamHighWater; i++) {
            if (streams[i] != null) {
                cancelRequests(streams[i]);
            }
        }
        submitFull();
        for (int round = 0; round < QUIESCE_ROUNDS && anyStreamRequests(); round++) {
            int n = ring.enter(QUIESCE_WAIT_NANOS);
            if (n < 0 && n != -Libc.ETIME && n != -Libc.EINTR && n != -Libc.EBUSY && n != -Libc.EAGAIN) {
                throw new IOException("io_uring_enter failed: errno " + -n);
            }
            harvest();
            queueStreams(STOP);
            submitFull();
        }
        // The next run arms again what this one stopped.
        for (int i = 0; i < streamHighWater; i++) {
            if (streams[i] != null) {
                streamChanged(streams[i]);
            }
        }
    }

    /** Whether a receive may still write into the ring's buffers. */
    private boolean anyReceiveInFlight() {
        for (int i = 0; i < streamHighWater; i++) {
            IoUringStream s = streams[i];
            if (s != null && s.recvRequest != 0) {
                return true;
            }
        }
        return false;
    }

    private boolean anyStreamRequests() {
        for (int i = 0; i < streamHighWater; i++) {
            IoUringStream s = streams[i];
            if (s != null && (s.recvRequest != 0 || s.sendRequest != 0)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void closed(Channel channel) {
        // A direct channel's socket closed by jevent closes now, as it would without the hold.
        direct.releaseClosed();
        // Closing a registered channel cancelled its key: the next submission sees it.
    }

    // ------------------------------------------------------------------ completion streams

    @Override
    public CompletionStream openStream(SocketChannel channel, LoopEvent readable, LoopEvent writable) {
        if (recvBuffers == null) {
            return null;
        }
        IoUringStream s = new IoUringStream(this, loop, channel, ChannelFds.fd(channel), readable, writable);
        loop.onLoopState(() -> attachStream(s));
        return s;
    }

    private void attachStream(IoUringStream s) {
        if (s.closed) {
            return;
        }
        Watch w = find(s.channel);
        if (w == null) {
            w = Watch.forChannel(s.channel);
            attach(w);
        }
        w.stream = s;
        s.watch = w;
        int slot;
        if (freeStreamCount > 0) {
            slot = freeStreamSlots[--freeStreamCount];
        } else {
            if (streamHighWater == streams.length) {
                streams = Arrays.copyOf(streams, streams.length * 2);
                freeStreamSlots = Arrays.copyOf(freeStreamSlots, streams.length);
            }
            slot = streamHighWater++;
        }
        streams[slot] = s;
        s.slot = slot;
        streamChanged(s);
    }

    @Override
    public boolean completesIo() {
        return recvBuffers != null;
    }

    RecvBuffers recvBuffers() {
        return recvBuffers;
    }

    SendBuffers sendBuffers() {
        return sendBuffers;
    }

    /** Queues the stream for the next submission. */
    void streamChanged(IoUringStream s) {
        if (!s.changeQueued && s.slot >= 0) {
            s.changeQueued = true;
            changedStreams.add(s);
        }
    }

    void reportAfterPoll(IoUringStream s) {
        if (!s.reportQueued) {
            s.reportQueued = true;
            reportAfterPoll.add(s);
        }
    }

    void starved(IoUringStream s) {
        starvedStreams.add(s);
    }

    /** Buffers came back to the ring: the streams that waited for them may receive again. */
    void buffersReturned() {
        for (int i = 0, n = starvedStreams.size(); i < n; i++) {
            IoUringStream s = starvedStreams.get(i);
            s.starved = false;
            streamChanged(s);
        }
        starvedStreams.clear();
    }

    /**
     * Stops a stream: its receive is cancelled at the next submission and its slot freed when its
     * requests have ended. Given a channel to close, the send it already took goes first, then the
     * channel is closed; else that send is cancelled too.
     */
    void closeStream(IoUringStream s, SocketChannel toClose) {
        boolean linger = toClose != null && toClose.isOpen() && s.sending() && !s.closed;
        if (!s.closed) {
            s.closed = true;
            s.reading = false;
            s.recount();
            s.dropReceived();
            Watch w = s.watch;
            if (w != null && w.stream == s) {
                w.stream = null;
                s.watch = null;
                update(w);
            }
        }
        if (linger) {
            s.closeWhenSent = toClose;
        } else {
            s.dropStage();
            if (toClose != null) {
                loop.closeChannel(toClose, false);
            }
        }
        streamChanged(s);
    }

    private long newStreamRequest(IoUringStream s, boolean send) {
        int generation = (s.generation + 1) & 0x3fff_ffff;
        if (generation == 0) {
            generation = 1;
        }
        s.generation = generation;
        return STREAM | (send ? SEND : 0) | ((long) generation << 32) | s.slot;
    }

    /**
     * Writes the SQEs the changed streams need, as far as {@code mode} allows ({@link #RUN}: a
     * receive armed or cancelled, the stage sent; {@link #FLUSH}: receives cancelled, stages sent;
     * {@link #STOP}: cancels only). A closed stream whose requests have all ended is forgotten.
     */
    private void queueStreams(int mode) {
        ArrayList<IoUringStream> changed = changedStreams;
        for (int i = 0; i < changed.size(); i++) {
            IoUringStream s = changed.get(i);
            s.changeQueued = false;
            if (s.closed && s.closeWhenSent != null && mode != STOP) {
                // Closed with a send to finish: that send goes on, nothing else.
                cancelReceive(s);
                submitSend(s);
            } else if (s.closed || mode == STOP) {
                cancelRequests(s);
            }
            if (s.closed) {
                forgetIfDone(s);
                continue;
            }
            if (mode == STOP) {
                continue;
            }
            if (s.wantsToReceive() && mode == RUN) {
                if (s.recvRequest == 0) {
                    s.recvRequest = newStreamRequest(s, false);
                    while (!ring.recvMultishot(s.fd, recvBuffers.group, s.recvRequest)) {
                        submitFull();
                    }
                }
            } else {
                cancelReceive(s);
            }
            submitSend(s);
        }
        changed.clear();
    }

    private void submitSend(IoUringStream s) {
        if (s.sendQueued) {
            s.sendQueued = false;
            s.sendRequest = newStreamRequest(s, true);
            while (!s.queueSend(ring)) {
                submitFull();
            }
        }
    }

    /** A closed stream whose requests have all ended: close what it was to close, free its slot. */
    private void forgetIfDone(IoUringStream s) {
        if (s.recvRequest != 0 || s.sendRequest != 0 || s.sendQueued || s.slot < 0) {
            return;
        }
        if (s.closeWhenSent != null) {
            loop.closeChannel(s.closeWhenSent, false);
            s.closeWhenSent = null;
        }
        s.dropStage();
        streams[s.slot] = null;
        freeStreamSlots[freeStreamCount++] = s.slot;
        s.slot = -1;
    }

    private void cancelReceive(IoUringStream s) {
        if (s.recvRequest != 0 && !s.recvCancelling) {
            s.recvCancelling = true;
            while (!ring.cancel(s.recvRequest, IGNORED)) {
                submitFull();
            }
        }
    }

    private void cancelRequests(IoUringStream s) {
        cancelReceive(s);
        if (s.sendRequest != 0 && !s.sendCancelling) {
            s.sendCancelling = true;
            while (!ring.cancel(s.sendRequest, IGNORED)) {
                submitFull();
            }
        }
    }

    /** Hands a stream request's completion to its stream; a stale one only gives its buffer back. */
    private void streamCompleted(long data, int res, int flags) {
        int slot = (int) data;
        IoUringStream s = slot >= 0 && slot < streamHighWater ? streams[slot] : null;
        boolean hasBuffer = (flags & IoUring.CQE_F_BUFFER) != 0;
        int bid = flags >>> IoUring.CQE_BUFFER_SHIFT;
        if (s != null && data == s.recvRequest) {
            s.received(res, (flags & IoUring.CQE_F_MORE) != 0, hasBuffer, bid);
        } else if (s != null && data == s.sendRequest) {
            s.sent(res);
        } else if (hasBuffer) {
            recvBuffers.put(bid);
            recvBuffers.publish();
        }
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
        boolean receiving = recvBuffers != null && anyReceiveInFlight();
        for (int i = 0; i < streamHighWater; i++) {
            if (streams[i] != null) {
                streams[i].closed = true;
                streams[i].ringClosed();
            }
        }
        // Closing the ring cancels every poll; then the channels go back to the JDK, and those
        // closed meanwhile close now.
        ring.close();
        if (recvBuffers != null) {
            recvBuffers.close(receiving);
        }
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
