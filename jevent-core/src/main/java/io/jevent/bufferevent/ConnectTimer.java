package io.jevent.bufferevent;

import io.jevent.internal.LoopEvent;
import java.net.SocketTimeoutException;

/**
 * The timer behind {@code connect(address, timeout)} and {@code connectHostname(..., timeout)}: it
 * bounds the whole attempt, name lookup included, and says what timed out. jevent's addition:
 * libevent users bound a connect with the write timeout, and must clear it once connected; this
 * timer stops by itself when the attempt ends either way. The event is made when first needed, so
 * a BufferEvent that never connects with a timeout does not have one. Guarded by the BufferEvent.
 */
final class ConnectTimer {
    private final BufferEvent bev;
    private final Runnable onExpiry;
    private LoopEvent timer;
    private long nanos = -1;
    private ConnectRequest request;

    ConnectTimer(BufferEvent bev, Runnable onExpiry) {
        this.bev = bev;
        this.onExpiry = onExpiry;
    }

    /** Starts timing {@code attempt}, or does nothing if it has no timeout. */
    void start(ConnectRequest attempt) {
        if (attempt.timeoutNanos < 0) {
            return;
        }
        if (timer == null) {
            timer = bev.loop.newOwnedEvent(null, 0, (ev, res) -> onExpiry.run());
            bev.loop.setPriority(timer, bev.priority);
        }
        nanos = attempt.timeoutNanos;
        request = attempt;
        bev.loop.add(timer, nanos);
    }

    /** The attempt ended, or was abandoned: the timer must neither fire nor keep the loop running. */
    void cancel() {
        if (timer != null && nanos >= 0) {
            bev.loop.del(timer);
            nanos = -1;
        }
    }

    /** The BufferEvent is closed. */
    void free() {
        if (timer != null) {
            bev.loop.free(timer);
            timer = null;
            nanos = -1;
        }
    }

    /** Whether an attempt is being timed. */
    boolean isRunning() {
        return nanos >= 0;
    }

    void setPriority(int priority) {
        if (timer != null) {
            bev.loop.setPriority(timer, priority);
        }
    }

    /** The cause to report when the timer fired; ends the timing. */
    SocketTimeoutException expired(boolean lookingUp) {
        long ms = nanos / 1_000_000L;
        nanos = -1;
        return new SocketTimeoutException("connect to " + request.target() + " timed out after " + ms + " ms"
                + (lookingUp ? ", before the name lookup finished" : ""));
    }
}
