package io.jevent.bufferevent;

import io.jevent.internal.LoopEvent;
import java.net.SocketTimeoutException;

/**
 * The timer behind {@code connect(address, timeout)} and {@code connectHostname(host, port,
 * timeout)}: it bounds the whole attempt, name lookup included, and says what timed out. jevent's
 * addition: libevent users bound a connect with the write timeout, and must clear it once
 * connected; this timer stops by itself when the attempt ends either way. The event is made when
 * first needed, so a BufferEvent that never connects with a timeout does not have one. Guarded by
 * the BufferEvent.
 */
final class ConnectTimer {
    private final SocketBufferEvent bev;
    private LoopEvent timer;
    private long nanos = -1;
    private String target;

    ConnectTimer(SocketBufferEvent bev) {
        this.bev = bev;
    }

    /** Starts timing an attempt to reach {@code target}, or does nothing for no timeout (-1). */
    void start(long timeoutNanos, String attemptTarget) {
        if (timeoutNanos < 0) {
            return;
        }
        if (timer == null) {
            timer = bev.loop.newOwnedEvent(null, 0, (ev, res) -> bev.connectTimedOut());
            bev.loop.setPriority(timer, bev.priority);
        }
        nanos = timeoutNanos;
        target = attemptTarget;
        bev.loop.add(timer, timeoutNanos);
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
        return new SocketTimeoutException("connect to " + target + " timed out after " + ms + " ms"
                + (lookingUp ? ", before the name lookup finished" : ""));
    }
}
