package io.jevent.bufferevent;

import io.jevent.Ev;
import io.jevent.buffer.EvBuffer;
import io.jevent.buffer.internal.BufferPort;
import io.jevent.internal.LoopEvent;
import java.io.IOException;
import java.util.Objects;

/**
 * A BufferEvent that transforms what another one, its underlying, reads and writes: libevent's
 * filtering bufferevent ({@code bufferevent_filter_new}, {@code bufferevent_get_underlying}). Made
 * by {@link BufferEvent#filter}; compression and framing are filters ({@link TlsBufferEvent} is the
 * TLS one).
 *
 * <p><b>Reading:</b> when the underlying has read, the input filter moves what it can from the
 * underlying's input into this BufferEvent's input, again while it returns
 * {@link BevFilterResult#OK}, makes progress and the input stays below the read high watermark
 * (the filter is told the room left as its {@code limit}); then the read callback runs if the input
 * reached the read low watermark. While this BufferEvent does not read (disabled, or paused by its
 * high watermark), the underlying does not read either. <b>Writing:</b> bytes added to the output
 * pass through the output filter into the underlying's output at once, up to the underlying's
 * write high watermark; when the output has drained to the write low watermark the write callback
 * runs; when the underlying's output drains, filtering goes on.
 *
 * <p><b>Events</b> of the underlying (EOF, errors, timeouts, connects) reach this BufferEvent's
 * event callback unchanged, and EOF or an error of a direction disables it here too; at EOF the
 * input filter first gets what is left with {@link BevFlush#FINISHED}. A filter that returns
 * {@link BevFilterResult#ERROR} or throws an {@link IOException} stops its direction and gives
 * {@code READING|ERROR} or {@code WRITING|ERROR}, with the cause in {@link #lastError()}.
 * {@link #flush} runs the filters with the mode given, then flushes the underlying.
 *
 * <p><b>Ownership:</b> the filter takes over the underlying's callbacks (do not set them again)
 * and enables its reading and writing. With {@link BevOption#CLOSE_ON_FREE}, {@link #close()}
 * closes the underlying too; without it, the underlying gets its callbacks cleared and stays open.
 * {@link #closeAfterFlush()} finishes the output filter's stream ({@code FINISHED}) and then, with
 * CLOSE_ON_FREE, closes the underlying after flush as well, reporting its outcome.
 *
 * <p>Filters are not rate-limited themselves: limit the underlying. Threading is that of
 * {@link BufferEvent}, and of its underlying: the filter runs on the underlying's loop, and with
 * {@link BevOption#THREADSAFE} shares the underlying's lock.
 */
public final class FilterBufferEvent extends BufferEvent {
    /** libevent's {@code be_null_filter}: moves everything, up to the limit. */
    private static final BevFilter PASS = (src, dst, limit, mode) -> {
        src.removeBuffer(dst, limit < 0 ? Long.MAX_VALUE : limit);
        return BevFilterResult.OK;
    };

    private final BufferEvent underlying;
    private final BevFilter inputFilter;
    private final BevFilter outputFilter;
    private final GenericTimeouts timeouts = new GenericTimeouts(this);
    // The hooks set on the underlying, kept to recognise them when letting it go.
    private final BevDataCallback readHook = u -> underlyingRead();
    private final BevDataCallback writeHook = u -> underlyingWrite();
    private final BevEventCallback eventHook = (u, what) -> underlyingEvent(what);
    /** Filters what waits after an enable, from the loop: made on first use. */
    private LoopEvent resume;
    private boolean gotEof;
    private boolean processingOutput;
    private boolean closing;
    /** Why the last filter call failed, until reported. */
    private IOException failure;

    FilterBufferEvent(BufferEvent underlying, BevFilter inputFilter, BevFilter outputFilter, BevOption... options) {
        super(Objects.requireNonNull(underlying, "underlying").base, layeredLock(underlying, "filter", options), "", options);
        this.underlying = underlying;
        this.inputFilter = inputFilter != null ? inputFilter : PASS;
        this.outputFilter = outputFilter != null ? outputFilter : PASS;
        Guard.enter(underlying);
        try {
            if (underlying.closed) {
                throw new IllegalArgumentException("the underlying BufferEvent is closed: " + underlying);
            }
            underlying.callbacks.set(readHook, writeHook, eventHook);
            underlying.flow.enable(Ev.READ | Ev.WRITE);
            underlying.flow.suspendRead(Flow.SUSPEND_FILTER);
        } finally {
            Guard.exit(underlying);
        }
    }


    /**
     * The BufferEvent this one reads from and writes to: libevent's
     * {@code bufferevent_get_underlying}. Any thread.
     *
     * @return the underlying, also after this filter was closed
     */
    public BufferEvent underlying() {
        return underlying;
    }

    // ------------------------------------------------------------------ running a filter

    /**
     * Runs {@code filter} with the end this BufferEvent holds lifted, so that the filter may add
     * to the input or remove from the output; an ERROR or a thrown IOException leaves its cause in
     * {@link #failure}.
     */
    private BevFilterResult apply(BevFilter filter, EvBuffer src, EvBuffer dst, long limit, BevFlush mode,
            BufferPort held) {
        held.lift();
        BevFilterResult result;
        try {
            result = filter.filter(src, dst, limit, mode);
        } catch (IOException e) {
            failure = e;
            return BevFilterResult.ERROR;
        } finally {
            held.restore();
        }
        if (result == null) {
            throw new NullPointerException("the filter returned null; return OK, NEED_MORE or ERROR");
        }
        if (result == BevFilterResult.ERROR && failure == null) {
            failure = new IOException("the " + (held == inputPort ? "input" : "output") + " filter returned ERROR");
        }
        return result;
    }

    private boolean inputFull(BevFlush mode) {
        return mode == BevFlush.NORMAL && flow.readHigh != 0 && inputPort.length() >= flow.readHigh;
    }

    private boolean underlyingFull(BevFlush mode) {
        long high = underlying.flow.writeHigh;
        return mode == BevFlush.NORMAL && high != 0 && underlying.output.length() >= high;
    }

    /**
     * libevent's {@code be_filter_process_input}: filters the underlying's input into this input.
     * It stops when a call makes no progress, where libevent would spin.
     *
     * @return whether the filter returned OK at least once
     */
    private boolean processInput(BevFlush mode) {
        if (mode == BevFlush.NORMAL && ((flow.enabled & Ev.READ) == 0 || inputFull(mode))) {
            return false;
        }
        EvBuffer src = underlying.input;
        boolean processed = false;
        BevFilterResult result;
        boolean progress;
        do {
            long limit = mode == BevFlush.NORMAL && flow.readHigh != 0 ? flow.readHigh - inputPort.length() : -1;
            long srcBefore = src.length();
            long dstBefore = inputPort.length();
            result = apply(inputFilter, src, input, limit, mode, inputPort);
            if (result == BevFilterResult.OK) {
                processed = true;
            }
            progress = src.length() != srcBefore || inputPort.length() != dstBefore;
        } while (result == BevFilterResult.OK && progress && !closed && (flow.enabled & Ev.READ) != 0
                && src.length() > 0 && !inputFull(mode));
        if (processed && !closed) {
            timeouts.restartRead();
        }
        return processed;
    }

    /** Filters input, then runs the read callback for it and reports a failure, in that order. */
    private void readAndReport(BevFlush mode) {
        boolean processed = processInput(mode);
        if (processed && !closed && inputPort.length() >= flow.readLow) {
            callbacks.runRead(false);
        }
        IOException cause = failure;
        if (cause != null && !closed) {
            failure = null;
            lastError = cause;
            flow.disable(Ev.READ);
            callbacks.runEvent(BevEvent.READING | BevEvent.ERROR, false);
        }
    }

    /**
     * libevent's {@code be_filter_process_output}: filters this output into the underlying's,
     * running the write callback when the output drained to its low watermark and going on if that
     * callback wrote more. Not re-entered from that callback: its data is taken by the loop here.
     * Called for a user's write or flush ({@code fromUser}), it defers the write callback to the
     * loop instead, where libevent would run it inside the user's call.
     *
     * @return whether the filter returned OK at least once
     */
    private boolean processOutput(BevFlush mode, boolean fromUser) {
        if (processingOutput || mode == BevFlush.NORMAL
                && ((flow.enabled & Ev.WRITE) == 0 || underlyingFull(mode) || outputPort.length() == 0)) {
            return false;
        }
        processingOutput = true;
        boolean any = false;
        try {
            boolean again;
            do {
                again = false;
                boolean processed = false;
                BevFilterResult result;
                boolean progress;
                do {
                    long high = underlying.flow.writeHigh;
                    long limit = mode == BevFlush.NORMAL && high != 0 ? high - underlying.output.length() : -1;
                    long srcBefore = outputPort.length();
                    long dstBefore = underlying.output.length();
                    result = apply(outputFilter, output, underlying.output, limit, mode, outputPort);
                    if (result == BevFilterResult.OK) {
                        processed = true;
                        any = true;
                    }
                    progress = outputPort.length() != srcBefore || underlying.output.length() != dstBefore;
                } while (result == BevFilterResult.OK && progress && !closed && (flow.enabled & Ev.WRITE) != 0
                        && outputPort.length() > 0 && !underlyingFull(mode));
                if (result == BevFilterResult.ERROR) {
                    IOException cause = failure;
                    failure = null;
                    lastError = cause;
                    flow.disable(Ev.WRITE);
                    callbacks.runEvent(BevEvent.WRITING | BevEvent.ERROR, false);
                    return any;
                }
                if (processed && !closed && outputPort.length() <= flow.writeLow) {
                    if (fromUser) {
                        // Never inside the caller's write(): the loop runs it, as for a socket.
                        callbacks.runWrite(true);
                        break;
                    }
                    callbacks.runWrite(false);
                    again = !closed && result == BevFilterResult.OK && (flow.enabled & Ev.WRITE) != 0
                            && outputPort.length() > 0 && !underlyingFull(mode);
                }
            } while (again);
        } finally {
            processingOutput = false;
        }
        if (any && !closed) {
            timeouts.restartWrite();
        }
        return any;
    }

    // ------------------------------------------------------------------ the underlying's callbacks

    /** libevent's {@code be_filter_readcb}. */
    private void underlyingRead() {
        Guard.enter(this);
        try {
            if (!closed) {
                readAndReport(gotEof ? BevFlush.FINISHED : BevFlush.NORMAL);
            }
        } finally {
            Guard.exit(this);
        }
    }

    /** libevent's {@code be_filter_writecb}. */
    private void underlyingWrite() {
        Guard.enter(this);
        try {
            if (!closed) {
                processOutput(BevFlush.NORMAL, false);
            }
        } finally {
            Guard.exit(this);
        }
    }

    /** libevent's {@code be_filter_eventcb}, which only passes the event on. */
    private void underlyingEvent(int what) {
        Guard.enter(this);
        try {
            if (closed) {
                return;
            }
            if (closing && underlying.closed) {
                // The underlying finished its own closeAfterFlush: so does this one.
                lastError = underlying.lastError;
                closeAndTell(what);
                return;
            }
            if ((what & (BevEvent.READING | BevEvent.EOF)) == (BevEvent.READING | BevEvent.EOF)) {
                gotEof = true;
                if (underlying.input.length() > 0 && (flow.enabled & Ev.READ) != 0) {
                    readAndReport(BevFlush.FINISHED);
                }
            }
            if ((what & BevEvent.ERROR) != 0) {
                lastError = underlying.lastError;
            }
            if ((what & (BevEvent.EOF | BevEvent.ERROR | BevEvent.TIMEOUT)) != 0 && !closed) {
                if ((what & BevEvent.READING) != 0) {
                    flow.disable(Ev.READ);
                }
                if ((what & BevEvent.WRITING) != 0) {
                    flow.disable(Ev.WRITE);
                }
            }
            if (!closed) {
                callbacks.runEvent(what, false);
            }
        } finally {
            Guard.exit(this);
        }
    }

    // ------------------------------------------------------------------ the kind's part

    @Override
    void outputAdded() {
        processOutput(BevFlush.NORMAL, true);
        if (!closed) {
            timeouts.startWriteIfIdle();
        }
    }

    /** libevent's {@code be_filter_enable}; what already waits is filtered from the loop. */
    @Override
    void enableIo(int what) {
        if ((what & Ev.READ) != 0) {
            timeouts.restartRead();
            Guard.enter(underlying);
            try {
                if (!underlying.closed) {
                    underlying.flow.unsuspendRead(Flow.SUSPEND_FILTER);
                }
            } finally {
                Guard.exit(underlying);
            }
        }
        if ((what & Ev.WRITE) != 0) {
            timeouts.restartWrite();
        }
        if ((what & Ev.READ) != 0 && underlying.input.length() > 0
                || (what & Ev.WRITE) != 0 && outputPort.length() > 0) {
            loop.activate(resumeEvent(), 0);
        }
    }

    /** libevent's {@code be_filter_disable}. */
    @Override
    void disableIo(int what) {
        if ((what & Ev.READ) != 0) {
            timeouts.stopRead();
            Guard.enter(underlying);
            try {
                if (!underlying.closed) {
                    underlying.flow.suspendRead(Flow.SUSPEND_FILTER);
                }
            } finally {
                Guard.exit(underlying);
            }
        }
        if ((what & Ev.WRITE) != 0) {
            timeouts.stopWrite();
        }
    }

    private LoopEvent resumeEvent() {
        LoopEvent ev = resume;
        if (ev == null) {
            ev = loop.newOwnedEvent(null, 0, (e, res) -> resumeFiltering());
            loop.setPriority(ev, priority);
            resume = ev;
        }
        return ev;
    }

    private void resumeFiltering() {
        Guard.enter(this);
        try {
            if (closed) {
                return;
            }
            if (flow.reading() && underlying.input.length() > 0) {
                readAndReport(gotEof ? BevFlush.FINISHED : BevFlush.NORMAL);
            }
            if (!closed) {
                processOutput(BevFlush.NORMAL, false);
            }
        } finally {
            Guard.exit(this);
        }
    }

    @Override
    void adjustTimeouts() {
        timeouts.adjust();
    }

    @Override
    void applyPriority(int priority) {
        timeouts.applyPriority(priority);
        if (resume != null) {
            loop.setPriority(resume, priority);
        }
    }

    /**
     * libevent's {@code be_filter_flush}: both filters with {@code mode}, then the underlying's
     * flush. Unlike libevent, input produced here runs the read callback (from the loop).
     *
     * @return whether a filter returned OK
     */
    @Override
    boolean flushIo(int what, BevFlush mode) {
        boolean any = false;
        if ((what & Ev.READ) != 0) {
            boolean processed = processInput(mode);
            any = processed;
            if (processed && !closed && inputPort.length() >= flow.readLow) {
                callbacks.runRead(true);
            }
        }
        if ((what & Ev.WRITE) != 0 && !closed) {
            any |= processOutput(mode, true);
        }
        if (!closed && !underlying.closed) {
            underlying.flush(what, mode);
        }
        return any;
    }

    @Override
    void startClosingAfterFlush() {
        if (closing) {
            return;
        }
        closing = true;
        flow.userEnabled &= ~Ev.READ;
        flow.disable(Ev.READ);
        flow.enabled |= Ev.WRITE;
        processOutput(BevFlush.FINISHED, true);
        if (closed) {
            return;
        }
        if (closeOnFree && !underlying.closed) {
            // Its FLUSHED_AND_CLOSED, or WRITING|ERROR, comes back through the event hook.
            underlying.closeAfterFlush();
        } else {
            closeAndTell(BevEvent.FLUSHED_AND_CLOSED);
        }
    }

    /** Closes, then tells the event callback that was set before (closing forgets it). */
    private void closeAndTell(int events) {
        BevEventCallback onEvent = eventCallback();
        close();
        if (onEvent != null) {
            onEvent.onEvent(this, events);
        }
    }

    /** libevent's {@code be_filter_unlink}. */
    @Override
    void closeIo() {
        timeouts.close();
        if (resume != null) {
            loop.free(resume);
        }
        if (closeOnFree) {
            underlying.close();
            return;
        }
        Guard.enter(underlying);
        try {
            if (!underlying.closed) {
                if (underlying.callbacks.event() == eventHook) {
                    underlying.callbacks.set(null, null, null);
                }
                underlying.flow.unsuspendRead(Flow.SUSPEND_FILTER);
            }
        } finally {
            Guard.exit(underlying);
        }
    }

    @Override
    void checkRateLimitable() {
        throw new UnsupportedOperationException("a filter reads and writes through its underlying BufferEvent:"
                + " set the rate limit on underlying() instead (libevent accepts the call and ignores it)");
    }

    @Override
    public String toString() {
        return "FilterBufferEvent[over " + underlying + ", enabled " + Ev.toString(flow.enabled)
                + (closed ? ", closed]" : "]");
    }
}
