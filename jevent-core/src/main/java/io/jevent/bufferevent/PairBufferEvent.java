package io.jevent.bufferevent;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.internal.LoopEvent;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One end of two BufferEvents linked without a channel: libevent's bufferevent pair
 * ({@code bufferevent_pair_new}, {@code bufferevent_pair_get_partner}). Made by
 * {@link BufferEvent#pair}.
 *
 * <p><b>When data moves:</b> bytes added to one end's output move to the partner's input at once,
 * inside the call that added them, when this end has writing enabled and the partner has reading
 * enabled and not paused; otherwise they wait in the output and move when that becomes true
 * (enabling either direction, or the partner draining its input below its read high watermark).
 * They move by relinking segments, never by copying, and never past the partner's read high
 * watermark: the rest stays in this end's output. Each move schedules the partner's read callback
 * (input at or above its read low watermark) and this end's write callback (output at or below its
 * write low watermark), deferred to the loop as every pair callback is.
 *
 * <p><b>Flushing</b> ({@link #flush}): {@link BevFlush#NORMAL} does nothing, as in libevent;
 * {@link BevFlush#FLUSH} moves what waits in the given directions: up to the reader's read high
 * watermark if its input is below it, everything if the input has reached it (libevent's rule);
 * {@link BevFlush#FINISHED} does the same and then gives the partner an {@code EOF}
 * event ({@code READING|EOF} for {@link Ev#WRITE}, {@code WRITING|EOF} for {@link Ev#READ}).
 *
 * <p><b>Closing</b> one end gives the partner {@code READING|EOF} and disables its reading (jevent's
 * addition: libevent 2.1 tells the partner nothing), and from then on the partner's
 * {@link #partner()} is null. Output not yet moved is discarded; {@link #closeAfterFlush()} waits
 * until it has moved.
 *
 * <p>Threading and ownership are those of {@link BufferEvent}; with {@link BevOption#THREADSAFE} both
 * ends share one lock.
 */
public final class PairBufferEvent extends BufferEvent {
    private final GenericTimeouts timeouts = new GenericTimeouts(this);
    /** Guarded by the lock the two ends share, or confined with them to one thread. */
    private PairBufferEvent partner;
    private boolean closing;

    private PairBufferEvent(EventBase base, ReentrantLock sharedLock, BevOption... options) {
        super(base, sharedLock, "", options);
    }

    static PairBufferEvent[] create(EventBase base, BevOption... options) {
        Objects.requireNonNull(base, "base");
        // As libevent's bufferevent_pair_new: a pair's callbacks are always deferred.
        BevOption[] all = Arrays.copyOf(options, options.length + 1);
        all[options.length] = BevOption.DEFER_CALLBACKS;
        PairBufferEvent first = new PairBufferEvent(base, null, all);
        PairBufferEvent second = new PairBufferEvent(base, first.lock, all);
        first.partner = second;
        second.partner = first;
        return new PairBufferEvent[] {first, second};
    }

    /**
     * The other end: libevent's {@code bufferevent_pair_get_partner}. Threads: see
     * {@link BufferEvent}.
     *
     * @return the partner, or null once either end was closed
     */
    public PairBufferEvent partner() {
        Guard.enter(this);
        try {
            return partner;
        } finally {
            Guard.exit(this);
        }
    }

    // ------------------------------------------------------------------ moving data

    /** libevent's {@code be_pair_wants_to_talk}. */
    private static boolean wantsToTalk(PairBufferEvent src, PairBufferEvent dst) {
        return (src.flow.enabled & Ev.WRITE) != 0 && (dst.flow.enabled & Ev.READ) != 0 && dst.flow.readSuspended == 0
                && src.outputPort.length() > 0;
    }

    /**
     * libevent's {@code be_pair_transfer}: moves {@code src}'s output into {@code dst}'s input, up to
     * {@code dst}'s read high watermark unless {@code ignoreWatermark}, then offers both their
     * callbacks. A full {@code dst} stops it before the callbacks when the watermark counts.
     *
     * @return bytes moved
     */
    private static long transfer(PairBufferEvent src, PairBufferEvent dst, boolean ignoreWatermark) {
        long n;
        long high = dst.flow.readHigh;
        if (high != 0) {
            long size = dst.inputPort.length();
            if (size < high) {
                n = src.outputPort.moveTo(dst.inputPort, high - size);
            } else if (!ignoreWatermark) {
                return 0;
            } else {
                n = src.outputPort.moveTo(dst.inputPort, Long.MAX_VALUE);
            }
        } else {
            n = src.outputPort.moveTo(dst.inputPort, Long.MAX_VALUE);
        }
        if (n > 0) {
            dst.timeouts.restartRead();
            src.timeouts.restartWrite();
        }
        dst.triggerRead();
        src.triggerWrite();
        src.finishClosingIfFlushed();
        return n;
    }

    /** Data was added to the output (libevent's {@code be_pair_outbuf_cb}). */
    @Override
    void outputAdded() {
        PairBufferEvent p = partner;
        if (p != null && wantsToTalk(this, p)) {
            transfer(this, p, false);
        }
        if (!closed) {
            timeouts.startWriteIfIdle();
        }
    }

    /** libevent's {@code be_pair_enable}. */
    @Override
    void enableIo(int what) {
        if ((what & Ev.READ) != 0) {
            timeouts.restartRead();
        }
        if ((what & Ev.WRITE) != 0) {
            timeouts.restartWrite();
        }
        PairBufferEvent p = partner;
        if ((what & Ev.READ) != 0 && p != null && wantsToTalk(p, this)) {
            transfer(p, this, false);
        }
        p = partner;
        if ((what & Ev.WRITE) != 0 && p != null && wantsToTalk(this, p)) {
            transfer(this, p, false);
        }
    }

    /** libevent's {@code be_pair_disable}. */
    @Override
    void disableIo(int what) {
        if ((what & Ev.READ) != 0) {
            timeouts.stopRead();
        }
        if ((what & Ev.WRITE) != 0) {
            timeouts.stopWrite();
        }
    }

    @Override
    void adjustTimeouts() {
        timeouts.adjust();
    }

    @Override
    void applyPriority(int priority) {
        timeouts.applyPriority(priority);
    }

    /**
     * libevent's {@code be_pair_flush}, described in the class documentation.
     *
     * @return whether any bytes moved; false without a partner (libevent returns -1)
     */
    @Override
    boolean flushIo(int what, BevFlush mode) {
        PairBufferEvent p = partner;
        if (p == null || mode == BevFlush.NORMAL) {
            return false;
        }
        long moved = 0;
        if ((what & Ev.READ) != 0) {
            moved += transfer(p, this, true);
        }
        if ((what & Ev.WRITE) != 0 && partner != null) {
            moved += transfer(this, p, true);
        }
        if (mode == BevFlush.FINISHED && !p.closed) {
            int events = BevEvent.EOF;
            if ((what & Ev.READ) != 0) {
                events |= BevEvent.WRITING;
            }
            if ((what & Ev.WRITE) != 0) {
                events |= BevEvent.READING;
            }
            p.callbacks.runEvent(events, false);
        }
        return moved > 0;
    }

    // ------------------------------------------------------------------ closing

    @Override
    void startClosingAfterFlush() {
        if (closing) {
            return;
        }
        closing = true;
        flow.userEnabled &= ~Ev.READ;
        flow.disable(Ev.READ);
        flow.enabled |= Ev.WRITE;
        PairBufferEvent p = partner;
        if (p != null && wantsToTalk(this, p)) {
            transfer(this, p, false);
        }
        finishClosingIfFlushed();
        if (!closed && p == null) {
            lastError = new IOException("the partner was closed before this end's output could move to it");
            closeAndTell(BevEvent.WRITING | BevEvent.ERROR);
        }
    }

    /** While closing after flush: once everything moved, close, which tells the partner EOF. */
    private void finishClosingIfFlushed() {
        if (closing && !closed && outputPort.length() == 0) {
            closeAndTell(BevEvent.FLUSHED_AND_CLOSED);
        }
    }

    /**
     * Closes, then tells the event callback that was set before from the loop, as every pair
     * callback is told (closing forgets the callbacks).
     */
    private void closeAndTell(int events) {
        BevEventCallback onEvent = eventCallback();
        close();
        if (onEvent != null) {
            LoopEvent tell = loop.newOwnedEvent(null, 0, (e, res) -> {
                loop.free(e);
                onEvent.onEvent(this, events);
            });
            loop.activate(tell, 0);
        }
    }

    /** libevent's {@code be_pair_unlink}, and the EOF libevent does not give. */
    @Override
    void closeIo() {
        timeouts.close();
        PairBufferEvent p = partner;
        if (p == null) {
            return;
        }
        partner = null;
        p.partner = null;
        if (p.closed) {
            return;
        }
        if (p.closing) {
            if (p.outputPort.length() > 0) {
                p.lastError = new IOException("the partner was closed before this end's output could move to it");
                p.closeAndTell(BevEvent.WRITING | BevEvent.ERROR);
            }
            return;
        }
        p.flow.disable(Ev.READ);
        p.callbacks.runEvent(BevEvent.READING | BevEvent.EOF, false);
    }

    @Override
    void checkRateLimitable() {
        throw new UnsupportedOperationException("a pair has no channel to limit: limit the socket BufferEvent"
                + " that carries its data instead (libevent accepts the call and ignores it)");
    }

    @Override
    public String toString() {
        return "PairBufferEvent[enabled " + Ev.toString(flow.enabled) + (partner == null ? ", no partner" : "")
                + (closed ? ", closed]" : "]");
    }
}
