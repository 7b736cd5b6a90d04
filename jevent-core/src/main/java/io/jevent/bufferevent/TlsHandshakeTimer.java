package io.jevent.bufferevent;

import io.jevent.internal.LoopEvent;
import java.net.SocketTimeoutException;

/**
 * Bounds the handshake of a TLS socket whose {@code connect} was given a timeout: the socket's
 * own timer bounds the lookup and the TCP connect, and this one, started when the socket has
 * connected, gives the handshake what is left of the same deadline. The event is made when first
 * needed. Guarded by the BufferEvent.
 */
final class TlsHandshakeTimer {
    private final TlsBufferEvent bev;
    private LoopEvent timer;
    /** System.nanoTime() by which the handshake must be done, or 0 for none. */
    private long deadline;
    private ConnectRequest request;

    TlsHandshakeTimer(TlsBufferEvent bev) {
        this.bev = bev;
    }

    /** The socket began {@code attempt}: the handshake must be done within its timeout, if any. */
    void bound(ConnectRequest attempt) {
        long nanos = attempt.timeoutNanos;
        deadline = nanos < 0 ? 0 : System.nanoTime() + Math.max(1, nanos);
        request = attempt;
    }

    /** The socket connected: the handshake has until the deadline. */
    void start() {
        if (deadline == 0) {
            return;
        }
        if (timer == null) {
            timer = bev.loop.newOwnedEvent(null, 0, (e, res) -> bev.handshakeTimedOut());
            bev.loop.setPriority(timer, bev.priority);
        }
        bev.loop.add(timer, Math.max(0, deadline - System.nanoTime()));
    }

    /** The handshake finished, or the attempt failed. */
    void stop() {
        deadline = 0;
        if (timer != null) {
            bev.loop.del(timer);
        }
    }

    /** The cause to report when the timer fired. */
    SocketTimeoutException expired() {
        return new SocketTimeoutException("the TLS handshake with " + request.target()
                + " did not finish within the connect timeout");
    }

    void setPriority(int priority) {
        if (timer != null) {
            bev.loop.setPriority(timer, priority);
        }
    }

    void free() {
        if (timer != null) {
            bev.loop.free(timer);
            timer = null;
        }
    }
}
