package io.jevent.bufferevent;

import io.jevent.Ev;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * What a {@link TlsBufferEvent} does with its engine: libevent's {@code do_handshake},
 * {@code do_read} and {@code do_write} in {@code bufferevent_openssl.c}, reshaped for
 * {@link SSLEngine}, which asks for wrap, unwrap or a task instead of answering WANT_READ or
 * WANT_WRITE.
 *
 * <p>{@link #drive()} loops while a step makes progress: run the tasks the engine asks for, wrap
 * when it asks to, hand waiting plaintext on to the input (at most the room under the read high
 * watermark, and at most {@code maxSingleRead} before each read callback), unwrap the next record
 * when none waits, and wrap the output while the ciphertext queued below has room. It is not
 * re-entered from the callbacks it runs: a callback that writes or enables makes it go round once
 * more. Guarded by the BufferEvent.
 */
final class TlsDriver {
    private final TlsBufferEvent bev;
    private final BufferEvent underlying;
    private final SSLEngine engine;
    private final TlsCodec codec;
    private final GenericTimeouts timeouts;

    private boolean started;
    private boolean handshakeDone;
    private boolean driving;
    private boolean rerun;
    /** Set while the output is wrapped inside a user's call: its write callback waits for the loop. */
    private boolean inUserCall;
    /** Set by a flush: wrap past the ciphertext queue's limit. */
    private boolean flushing;
    private boolean tasksRunning;
    /** The engine failed, or the handshake was abandoned: nothing more is wrapped or unwrapped. */
    private boolean failed;
    /** The layer below reported the end of its stream. */
    private boolean gotEof;
    /** The end of this side's input was reported (close_notify, or the end below). */
    private boolean inboundEnded;
    private boolean closing;
    private boolean closeNotifySent;
    /** A finishing flush came while it could not be done at once: close_notify once all is wrapped. */
    private boolean finishRequested;
    /** The length of the ciphertext below when unwrap last found no whole record in it, or -1. */
    private long stalledAt = -1;

    TlsDriver(TlsBufferEvent bev, BufferEvent underlying, SSLEngine engine, TlsCodec codec, GenericTimeouts timeouts) {
        this.bev = bev;
        this.underlying = underlying;
        this.engine = engine;
        this.codec = codec;
        this.timeouts = timeouts;
    }

    boolean handshakeDone() {
        return handshakeDone;
    }

    boolean failed() {
        return failed;
    }

    boolean closing() {
        return closing;
    }

    boolean closeNotifySent() {
        return closeNotifySent;
    }

    /** Stops all work with the engine, as after its failure. */
    void abandon() {
        failed = true;
        bev.stopHandshakeTimer();
    }

    // ------------------------------------------------------------------ the loop

    void drive() {
        if (failed) {
            return;
        }
        if (driving) {
            rerun = true;
            return;
        }
        driving = true;
        try {
            boolean progress;
            do {
                rerun = false;
                progress = step();
            } while ((progress || rerun) && !bev.closed && !failed);
        } finally {
            driving = false;
        }
        if (!bev.closed && !failed && !tasksRunning) {
            finishInboundIfDue();
        }
        if (!bev.closed && !failed && !tasksRunning) {
            finishClosingIfDue();
        }
    }

    private boolean step() {
        if (!started && !start()) {
            return false;
        }
        if (tasksRunning) {
            return false;
        }
        HandshakeStatus hs = engine.getHandshakeStatus();
        if (hs == HandshakeStatus.NEED_TASK) {
            return runTasks();
        }
        if (hs == HandshakeStatus.NEED_WRAP) {
            return wrap(false);
        }
        boolean progress = false;
        if (codec.pending() > 0) {
            if (bev.flow.reading()) {
                progress = deliver();
            }
        } else if (mayUnwrap()) {
            progress = unwrap();
        }
        if (!bev.closed && !failed && mayWrapOutput()) {
            progress |= wrap(true);
        }
        return progress;
    }

    private boolean start() {
        started = true;
        if (bev.tlsState() == TlsState.OPEN && engine.getSession().isValid()) {
            handshakeDone = true;
            updateUnderlyingRead();
            return true;
        }
        try {
            engine.beginHandshake();
            return true;
        } catch (SSLException e) {
            engineFailed(e, 0);
            return false;
        }
    }

    private boolean mayUnwrap() {
        return !inboundEnded && underlying.input.length() > 0 && underlying.input.length() != stalledAt
                && (!handshakeDone || bev.flow.reading());
    }

    private boolean mayWrapOutput() {
        if (!handshakeDone || closeNotifySent || bev.outputPort.length() == 0 || !bev.flow.writing()) {
            return false;
        }
        if (flushing) {
            return true;
        }
        long high = underlying.flow.writeHigh;
        return underlying.output.length() < (high != 0 ? high : TlsBufferEvent.CIPHERTEXT_QUEUE);
    }

    /** Whether enabling {@code what} finds work waiting. */
    boolean hasWork(int what) {
        return (what & Ev.READ) != 0 && (codec.pending() > 0 || underlying.input.length() > 0)
                || (what & Ev.WRITE) != 0 && bev.outputPort.length() > 0;
    }

    /** Reads ciphertext below while the handshake runs, and after it while this side reads. */
    void updateUnderlyingRead() {
        Guard.enter(underlying);
        try {
            if (underlying.closed) {
                return;
            }
            boolean want = !failed && !inboundEnded && (!handshakeDone || bev.flow.reading());
            if (want) {
                underlying.flow.unsuspendRead(Flow.SUSPEND_FILTER);
            } else {
                underlying.flow.suspendRead(Flow.SUSPEND_FILTER);
            }
        } finally {
            Guard.exit(underlying);
        }
    }

    // ------------------------------------------------------------------ the steps

    /** Hands waiting plaintext to the input, then runs the read callback. */
    private boolean deliver() {
        long room = bev.flow.readHigh == 0 ? Long.MAX_VALUE : bev.flow.readHigh - bev.inputPort.length();
        if (room <= 0) {
            return false;
        }
        int n = (int) Math.min(Math.min(codec.pending(), room), bev.maxSingleRead);
        bev.inputPort.lift();
        try {
            codec.deliver(bev.input, n);
        } finally {
            bev.inputPort.restore();
        }
        bev.countRead(n);
        timeouts.restartRead();
        bev.triggerRead();
        return true;
    }

    private boolean unwrap() {
        SSLEngineResult r;
        try {
            r = codec.unwrap(underlying.input);
        } catch (SSLException e) {
            engineFailed(e, BevEvent.READING);
            return false;
        }
        stalledAt = r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW ? underlying.input.length() : -1;
        checkFinished(r);
        if (r.getStatus() == SSLEngineResult.Status.CLOSED && !inboundEnded && !bev.closed) {
            // close_notify: a clean end of stream.
            inboundEnded = true;
            updateUnderlyingRead();
            if (!closing) {
                bev.fail(handshakeDone ? BevEvent.READING | BevEvent.EOF
                        : BevEvent.READING | BevEvent.WRITING | BevEvent.EOF);
            }
        }
        return r.bytesConsumed() > 0 || r.bytesProduced() > 0;
    }

    /** Wraps the output ({@code app}) or what the engine has to send of its own. */
    private boolean wrap(boolean app) {
        SSLEngineResult r;
        try {
            r = codec.wrap(app ? bev.output : null, underlying.output);
        } catch (SSLException e) {
            engineFailed(e, BevEvent.WRITING);
            return false;
        }
        int consumed = r.bytesConsumed();
        if (consumed > 0) {
            bev.outputPort.lift();
            try {
                bev.output.drain(consumed);
            } finally {
                bev.outputPort.restore();
            }
            bev.countWritten(consumed);
            timeouts.restartWrite();
        }
        checkFinished(r);
        if (bev.closed) {
            return false;
        }
        if (app && r.getStatus() == SSLEngineResult.Status.CLOSED && consumed == 0) {
            // The session is closed for writing (the peer's close_notify under TLS 1.2 closes both
            // ways): what waits cannot be sent.
            closeNotifySent = true;
            bev.lastError = new SSLException("the TLS session is closed for writing: "
                    + bev.outputPort.length() + " bytes of output cannot be sent");
            bev.fail(BevEvent.WRITING | BevEvent.EOF);
            return false;
        }
        if (consumed > 0 && bev.outputPort.length() <= bev.flow.writeLow) {
            // Inside a user's write() the callback waits for the loop, as for a socket.
            bev.callbacks.runWrite(inUserCall);
        }
        return consumed > 0 || r.bytesProduced() > 0;
    }

    private void checkFinished(SSLEngineResult r) {
        if (r.getHandshakeStatus() != HandshakeStatus.FINISHED || handshakeDone) {
            return;
        }
        handshakeDone = true;
        bev.stopHandshakeTimer();
        updateUnderlyingRead();
        timeouts.restartWrite();
        if (bev.tlsState() != TlsState.OPEN) {
            bev.callbacks.runEvent(BevEvent.CONNECTED, false);
        }
    }

    private boolean runTasks() {
        Executor executor = bev.taskExecutor();
        if (executor == null) {
            Runnable task;
            while ((task = engine.getDelegatedTask()) != null) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    engineFailed(new SSLException("a delegated task of the engine failed: " + e, e), 0);
                    return false;
                }
            }
            return true;
        }
        List<Runnable> tasks = new ArrayList<>(2);
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            tasks.add(task);
        }
        tasksRunning = true;
        bev.loop.addVirtual(1);
        try {
            executor.execute(() -> {
                RuntimeException failure = null;
                try {
                    for (Runnable t : tasks) {
                        t.run();
                    }
                } catch (RuntimeException e) {
                    failure = e;
                }
                RuntimeException f = failure;
                try {
                    bev.base.execute(() -> tasksDone(f));
                } catch (RejectedExecutionException e) {
                    // The base is closed: nothing is left to drive.
                }
            });
        } catch (RejectedExecutionException e) {
            bev.loop.addVirtual(-1);
            tasksRunning = false;
            engineFailed(new SSLException("the delegated task executor refused the engine's tasks", e), 0);
        }
        return false;
    }

    private void tasksDone(RuntimeException failure) {
        bev.loop.addVirtual(-1);
        Guard.enter(bev);
        try {
            tasksRunning = false;
            if (bev.closed || failed) {
                return;
            }
            if (failure != null) {
                engineFailed(new SSLException("a delegated task of the engine failed: " + failure, failure), 0);
                return;
            }
            drive();
        } finally {
            Guard.exit(bev);
        }
    }

    /**
     * The engine threw: its alert, if it has one, goes to the peer, and the error is reported
     * with the exception, in the direction it happened ({@code when}; both during the handshake).
     */
    private void engineFailed(SSLException e, int when) {
        if (failed) {
            return;
        }
        abandon();
        bev.record(e);
        bev.lastError = e;
        for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
            try {
                codec.wrap(null, underlying.output);
            } catch (SSLException | RuntimeException ignored) {
                break;
            }
        }
        bev.fail(BevEvent.ERROR | (handshakeDone && when != 0 ? when : BevEvent.READING | BevEvent.WRITING));
    }

    // ------------------------------------------------------------------ the end of input

    /** The layer below reached the end of its stream. */
    void underlyingEof() {
        if (failed) {
            // The error was reported: the end of the connection after it says nothing new.
            return;
        }
        gotEof = true;
        drive();
        if (!bev.closed && !failed) {
            finishInboundIfDue();
        }
    }

    /**
     * Once the ciphertext below is used up (or what is left is no whole record) and every byte of
     * plaintext was delivered, the end below is the end here: clean after close_notify, dirty
     * otherwise.
     */
    private void finishInboundIfDue() {
        if (!gotEof || inboundEnded || closing) {
            return;
        }
        if (handshakeDone && (codec.pending() > 0
                || underlying.input.length() > 0 && underlying.input.length() != stalledAt)) {
            return;
        }
        inboundEnded = true;
        int when = handshakeDone ? BevEvent.READING : BevEvent.READING | BevEvent.WRITING;
        if (bev.dirtyAllowed()) {
            updateUnderlyingRead();
            bev.fail(when | BevEvent.EOF);
            return;
        }
        SSLException cause;
        try {
            engine.closeInbound();
            cause = new SSLException("the peer closed the connection without close_notify");
        } catch (SSLException e) {
            cause = e;
        }
        abandon();
        bev.record(cause);
        bev.lastError = cause;
        bev.fail(when | BevEvent.ERROR);
    }

    // ------------------------------------------------------------------ writing from the user

    /** Bytes were added to the output: wrap them now, unless this is already under way. */
    void outputAdded() {
        if (driving) {
            rerun = true;
            return;
        }
        if (!handshakeDone || failed || tasksRunning || bev.closed) {
            return;
        }
        inUserCall = true;
        driving = true;
        try {
            while (mayWrapOutput() && wrap(true) && !bev.closed && !failed) {
                // One record at a time, while the queue below has room.
            }
        } finally {
            inUserCall = false;
            driving = false;
        }
        if (rerun && !bev.closed) {
            bev.scheduleDrive();
        }
    }

    /** {@code flush(Ev.WRITE, …)}: everything now; with {@code finish}, close_notify too. */
    boolean flush(boolean finish) {
        if (failed) {
            return false;
        }
        if (!handshakeDone || tasksRunning || driving) {
            // The drive under way, or the one after the handshake, wraps it all; then close_notify.
            finishRequested |= finish;
            rerun = true;
            return false;
        }
        boolean any = false;
        inUserCall = true;
        flushing = true;
        driving = true;
        try {
            while (mayWrapOutput() && wrap(true) && !bev.closed && !failed) {
                any = true;
            }
        } finally {
            inUserCall = false;
            flushing = false;
            driving = false;
        }
        if (finish && bev.outputPort.length() == 0 && !bev.closed && !failed) {
            sendCloseNotify();
        }
        return any;
    }

    // ------------------------------------------------------------------ closing

    void startClosing() {
        closing = true;
        if (failed) {
            bev.fail(BevEvent.WRITING | BevEvent.ERROR);
        }
    }

    private void finishClosingIfDue() {
        if (closeNotifySent || !handshakeDone || bev.outputPort.length() > 0) {
            return;
        }
        if (finishRequested && !closing) {
            finishRequested = false;
            sendCloseNotify();
            return;
        }
        if (!closing) {
            return;
        }
        sendCloseNotify();
        if (!bev.closed) {
            bev.closeNotifyQueued();
        }
    }

    /** Queues close_notify below, once; nothing if the engine failed or never started. */
    void sendCloseNotify() {
        if (closeNotifySent || failed || !started) {
            return;
        }
        closeNotifySent = true;
        engine.closeOutbound();
        for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
            try {
                if (codec.wrap(null, underlying.output).bytesProduced() == 0) {
                    break;
                }
            } catch (SSLException e) {
                break;
            }
        }
    }
}
