package io.jevent.internal;

import io.jevent.buffer.internal.Chain;
import io.jevent.buffer.internal.SegmentChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;

/**
 * A connected socket read and written through the io_uring backend's ring: one multishot receive
 * armed while its owner reads, into the backend's {@link RecvBuffers}, whose segments join the
 * owner's input without a copy ({@link #receive}), and at most one send in flight, straight from
 * the output's pinned segments ({@link #sendSegments}) or, for output that cannot be lent by
 * address, from a copy in one of its {@link SendBuffers}. What each request may do next is decided
 * here; the backend writes the SQEs, in {@link IoUringBackend#queueStreams}, and hands each
 * completion back ({@link #received}, {@link #sent}).
 *
 * <p>State changes only on the loop's thread, or with no loop running under the loop's lock; the
 * owner's calls from other threads are handed to the loop.
 */
final class IoUringStream extends CompletionStream implements SegmentChannel {
    /** Bytes received but not handed over, past which receiving pauses until the owner takes some. */
    static final int STASH_LIMIT = 64 * 1024;
    /** The most bytes one send from pinned segments covers. */
    static final int PIN_LIMIT = 256 * 1024;

    final IoUringBackend backend;
    final SocketChannel channel;
    final int fd;
    private final LoopState loop;
    private final LoopEvent readable;
    private final LoopEvent writable;

    /** This stream's index in the backend's table, the low half of its requests' user data. */
    int slot = -1;
    int generation;
    /** The backend's watch of the channel, which holds it open in the kernel while requests are in flight. */
    Watch watch;
    boolean changeQueued;
    /** Queued for {@link IoUringBackend#reportAfterPoll}. */
    boolean reportQueued;
    boolean closed;

    boolean reading;
    /** The armed receive's user data, 0 when none is armed. */
    long recvRequest;
    boolean recvCancelling;
    /** The kernel ran out of receive buffers, and the ring is at its limit: wait for some to come back. */
    boolean starved;
    private boolean eof;
    private IOException readFailure;
    /** Received buffers not handed over yet, oldest first: buffer ids and byte counts. */
    private int[] stashIds = new int[8];
    private int[] stashLengths = new int[8];
    private int stashHead;
    private int stashCount;
    /** Bytes of the oldest stashed buffer already handed over. */
    private int headOffset;
    private int stashed;

    /** What is being sent: a copy, or the output's pinned segments; and how much the kernel took. */
    SendBuffers.Buffer stage;
    SendBuffers.Pinned pinned;
    int stageLength;
    int stageSent;
    /** The rest of the stage waits to be submitted. */
    boolean sendQueued;
    /** The send in flight's user data, 0 when none is. */
    long sendRequest;
    boolean sendCancelling;
    /** Bytes the kernel took that the owner has not been told of (the next write returns them). */
    private long completedUnreported;
    private IOException writeFailure;
    /** While set, a write with no send in flight goes to the channel at once (a flush). */
    private boolean writeThrough;
    /** What the last write copied into a stage, for {@link #takeStaged}. */
    private long stagedByLastWrite;
    /** Closed with a send to finish: the channel to close once it has. */
    SocketChannel closeWhenSent;
    /** Whether this counts as a virtual event of the loop, which then does not run out of events. */
    private boolean counted;

    IoUringStream(IoUringBackend backend, LoopState loop, SocketChannel channel, int fd, LoopEvent readable,
            LoopEvent writable) {
        this.backend = backend;
        this.loop = loop;
        this.channel = channel;
        this.fd = fd;
        this.readable = readable;
        this.writable = writable;
    }

    // ------------------------------------------------------------------ the owner's side

    @Override
    public void setReading(boolean on) {
        onLoop(() -> {
            if (closed || reading == on) {
                return;
            }
            reading = on;
            if (on && hasInputToReport()) {
                backend.reportAfterPoll(this);
            }
            recount();
            backend.streamChanged(this);
        });
    }

    @Override
    public boolean sending() {
        return sendQueued || sendRequest != 0;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return take(null, Integer.MAX_VALUE, dsts, offset, offset + length);
    }

    @Override
    public int receive(Chain chain, int max) throws IOException {
        return (int) take(chain, max, null, 0, 0);
    }

    /**
     * Hands over what was received, oldest first: to the end of {@code chain} (up to {@code max}),
     * where a buffer that fits whole is linked itself and only a part cut off by {@code max} is
     * copied; or, without a chain, copied into {@code dsts[from, to)}.
     */
    private long take(Chain chain, int max, ByteBuffer[] dsts, int from, int to) throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        if (stashCount == 0) {
            if (readFailure != null) {
                throw readFailure;
            }
            return eof ? -1 : 0;
        }
        RecvBuffers buffers = backend.recvBuffers();
        long n = 0;
        boolean recycled = false;
        int i = from;
        while (stashCount > 0) {
            int room;
            if (chain != null) {
                room = (int) (max - n);
            } else {
                while (i < to && !dsts[i].hasRemaining()) {
                    i++;
                }
                room = i < to ? dsts[i].remaining() : 0;
            }
            if (room <= 0) {
                break;
            }
            int bid = stashIds[stashHead];
            int end = stashLengths[stashHead];
            int count = Math.min(end - headOffset, room);
            if (chain == null) {
                buffers.copy(bid, headOffset, headOffset + count, dsts[i]);
            } else if (headOffset + count == end) {
                buffers.handOver(bid, headOffset, end, chain);
            } else {
                buffers.copy(bid, headOffset, headOffset + count, chain);
            }
            n += count;
            headOffset += count;
            stashed -= count;
            if (headOffset == end) {
                buffers.put(bid);
                recycled = true;
                stashHead = (stashHead + 1) & (stashIds.length - 1);
                stashCount--;
                headOffset = 0;
            }
        }
        if (recycled) {
            buffers.publish();
            backend.buffersReturned();
        }
        if (reading && hasInputToReport()) {
            // What is left is reported by the next poll, as a level-triggered poll would.
            backend.reportAfterPoll(this);
        }
        if (recvRequest == 0 && wantsToReceive()) {
            backend.streamChanged(this);
        }
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long done = takeSent();
        if (!sending() && writeThrough) {
            skip(srcs, offset, length, done);
            long through = channel.write(srcs, offset, length);
            stagedByLastWrite = through;
            return done + through;
        }
        if (!sending()) {
            stageFrom(srcs, offset, length, done);
        }
        skip(srcs, offset, length, done);
        return done;
    }

    @Override
    public long takeSent() throws IOException {
        if (writeFailure != null) {
            throw writeFailure;
        }
        if (closed) {
            throw new ClosedChannelException();
        }
        long done = completedUnreported;
        completedUnreported = 0;
        return done;
    }

    @Override
    public boolean sendSegments(Chain chain, long max) {
        if (sending()) {
            return true;
        }
        if (writeThrough) {
            return false;
        }
        SendBuffers sends = backend.sendBuffers();
        SendBuffers.Pinned p = sends.takePinned();
        long n = p.segments.pin(chain, Math.min(max, PIN_LIMIT));
        if (n == 0) {
            // A file or heap segment first: the byte-buffer write copies it.
            sends.give(p);
            return false;
        }
        pinned = p;
        startSend((int) n);
        return true;
    }

    /** Queues a send of the {@code length} bytes just staged or pinned. */
    private void startSend(int length) {
        stageLength = length;
        stagedByLastWrite = length;
        stageSent = 0;
        sendQueued = true;
        recount();
        backend.streamChanged(this);
    }

    /**
     * Writes the SQE of the send's rest: a plain send of one piece, a {@code sendmsg} of several.
     *
     * @return false if the SQ is full
     */
    boolean queueSend(IoUringRing ring) {
        SendBuffers.Pinned p = pinned;
        if (p == null) {
            return ring.send(fd, stage.address + stageSent, stageLength - stageSent, sendRequest);
        }
        if (p.describe(stageSent) == 1) {
            return ring.send(fd, p.firstAddress, p.firstLength, sendRequest);
        }
        return ring.sendmsg(fd, p.msgAddress, sendRequest);
    }

    /** Lets go of what the finished (or never submitted) send was made from. */
    private void releaseSend() {
        if (stage != null) {
            backend.sendBuffers().give(stage);
            stage = null;
        }
        if (pinned != null) {
            pinned.segments.unpinAll();
            backend.sendBuffers().give(pinned);
            pinned = null;
        }
    }

    /**
     * The ring closes for good: a send in flight may still read its memory, which is abandoned to
     * the garbage collector; one not submitted lets its memory go.
     */
    void ringClosed() {
        if (sendRequest != 0) {
            abandonSend();
        } else {
            releaseSend();
        }
        sendQueued = false;
    }

    /** Forgets the send's memory without giving it back: a closed ring may still read it. */
    private void abandonSend() {
        stage = null;
        if (pinned != null) {
            pinned.segments.abandonAll();
            pinned = null;
        }
    }

    @Override
    public long sentUnreported() {
        return completedUnreported;
    }

    @Override
    public long takeStaged() {
        long n = stagedByLastWrite;
        stagedByLastWrite = 0;
        return n;
    }

    @Override
    public void writeThrough(boolean on) {
        writeThrough = on;
    }

    /** Copies what follows the first {@code skip} bytes of {@code srcs}, up to a send buffer's worth. */
    private void stageFrom(ByteBuffer[] srcs, int offset, int length, long skip) {
        long available = -skip;
        for (int i = offset; i < offset + length; i++) {
            available += srcs[i].remaining();
        }
        if (available <= 0) {
            return;
        }
        int want = (int) Math.min(available, SendBuffers.MAX);
        SendBuffers.Buffer b = backend.sendBuffers().take(want);
        ByteBuffer view = b.view;
        long toSkip = skip;
        for (int i = offset; i < offset + length && view.position() < want; i++) {
            ByteBuffer src = srcs[i];
            int pos = src.position();
            int lim = src.limit();
            int from = pos + (int) Math.min(toSkip, lim - pos);
            toSkip -= from - pos;
            int to = Math.min(lim, from + want - view.position());
            if (to > from) {
                src.position(from).limit(to);
                view.put(src);
                src.limit(lim).position(pos);
            }
        }
        stage = b;
        startSend(want);
    }

    /**
     * Keeps the loop running while this reads or sends, as an event it waits for would (libevent's
     * completion-based bufferevents count as virtual events the same way).
     */
    void recount() {
        boolean busy = !closed && reading || sending();
        if (busy != counted) {
            counted = busy;
            loop.addVirtualNow(busy ? 1 : -1);
        }
    }

    /** Advances the sources by what the kernel took, as a channel's write does. */
    private static void skip(ByteBuffer[] srcs, int offset, int length, long count) {
        for (int i = offset; i < offset + length && count > 0; i++) {
            ByteBuffer src = srcs[i];
            int k = (int) Math.min(count, src.remaining());
            src.position(src.position() + k);
            count -= k;
        }
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public void close(SocketChannel toClose) {
        onLoop(() -> backend.closeStream(this, toClose));
    }

    private void onLoop(Runnable change) {
        loop.onLoopState(change);
    }

    // ------------------------------------------------------------------ the backend's side

    /** Whether a receive should be armed now. */
    boolean wantsToReceive() {
        return reading && !closed && !eof && readFailure == null && !starved && stashed < STASH_LIMIT;
    }

    /** Reports input that still waits, after a poll: what a level-triggered watch would do. */
    void reportIfWaiting() {
        if (reading && !closed && hasInputToReport()) {
            loop.activateNow(readable, EventFlags.READ, 1);
        }
    }

    private boolean hasInputToReport() {
        return stashCount > 0 || eof || readFailure != null;
    }

    /** Forgets what was received and not handed over. */
    void dropReceived() {
        RecvBuffers buffers = backend.recvBuffers();
        for (; stashCount > 0; stashCount--) {
            buffers.put(stashIds[stashHead]);
            stashHead = (stashHead + 1) & (stashIds.length - 1);
        }
        buffers.publish();
        stashed = 0;
        headOffset = 0;
    }

    /** Forgets what was to be sent, and lets its memory go unless the kernel still reads it. */
    void dropStage() {
        if (sendRequest == 0) {
            releaseSend();
        }
        sendQueued = false;
        recount();
    }

    /** A completion of the receive: bytes in buffer {@code bid} of the ring, the end, or a failure. */
    void received(int res, boolean more, boolean hasBuffer, int bid) {
        if (!more) {
            recvRequest = 0;
            recvCancelling = false;
            backend.streamChanged(this);
        }
        if (res > 0 && hasBuffer) {
            RecvBuffers buffers = backend.recvBuffers();
            buffers.taken(bid);
            if (closed) {
                buffers.put(bid);
                buffers.publish();
                return;
            }
            stash(bid, res);
            if (stashed >= STASH_LIMIT) {
                backend.streamChanged(this);
            }
        } else if (res == 0) {
            eof = true;
        } else if (res == -Libc.ENOBUFS) {
            if (!backend.recvBuffers().grow()) {
                starved = true;
                backend.starved(this);
            }
            return;
        } else if (res < 0) {
            if (res != -Libc.ECANCELED && !closed) {
                readFailure = SocketErrors.failure(-res, SocketErrors.RESET_READING);
            } else {
                return;
            }
        }
        if (reading && !closed) {
            loop.activateNow(readable, EventFlags.READ, 1);
        }
    }

    private void stash(int bid, int length) {
        if (stashCount == stashIds.length) {
            int[] ids = new int[stashIds.length * 2];
            int[] lengths = new int[ids.length];
            for (int i = 0; i < stashCount; i++) {
                int at = (stashHead + i) & (stashIds.length - 1);
                ids[i] = stashIds[at];
                lengths[i] = stashLengths[at];
            }
            stashIds = ids;
            stashLengths = lengths;
            stashHead = 0;
        }
        int at = (stashHead + stashCount) & (stashIds.length - 1);
        stashIds[at] = bid;
        stashLengths[at] = length;
        stashCount++;
        stashed += length;
    }

    /** The completion of the send in flight. */
    void sent(int res) {
        sendRequest = 0;
        sendCancelling = false;
        if (closed) {
            if (res > 0 && closeWhenSent != null) {
                stageSent += res;
                if (stageSent < stageLength) {
                    sendQueued = true;
                    backend.streamChanged(this);
                    return;
                }
            }
            dropStage();
            backend.streamChanged(this);
            return;
        }
        if (res == -Libc.ECANCELED) {
            // Cancelled while the loop returned: nothing was sent; send it at the next run.
            sendQueued = true;
            backend.streamChanged(this);
            return;
        }
        if (res >= 0) {
            stageSent += res;
            completedUnreported += res;
            if (stageSent < stageLength) {
                sendQueued = true;
                backend.streamChanged(this);
            } else {
                releaseSend();
            }
        } else {
            writeFailure = SocketErrors.failure(-res, SocketErrors.RESET_WRITING);
            releaseSend();
        }
        recount();
        loop.activateNow(writable, EventFlags.WRITE, 1);
    }

    /** A send the loop could not see the end of: the ring it was in had to be replaced. */
    void sendLost() {
        sendRequest = 0;
        sendCancelling = false;
        sendQueued = false;
        abandonSend();
        recount();
        if (!closed) {
            writeFailure = new IOException("a send was in flight when the event loop moved to another thread (a"
                    + " virtual thread's carrier changed), so how much of it reached the peer is unknown; run the"
                    + " loop on a platform thread to use io_uring's completion-based sends");
            loop.activateNow(writable, EventFlags.WRITE, 1);
        }
    }
}
