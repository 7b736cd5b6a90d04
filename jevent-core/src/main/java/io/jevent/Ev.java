package io.jevent;

import io.jevent.internal.EventFlags;

/**
 * The event flags, with libevent's names and bit values ({@code EV_TIMEOUT}, {@code EV_READ}, ...).
 *
 * <p>Flags are plain {@code int} bits so that a ported program reads like the original:
 * {@code base.newEvent(channel, Ev.READ | Ev.PERSIST, callback)}. The same bits describe what an
 * event watches ({@link Event#events()}) and why its callback runs (the {@code what} argument of
 * {@link EventCallback#onEvent}).
 *
 * <p>{@link #ET} and {@link #CLOSED} work on the native backends ({@link BackendKind#EPOLL},
 * {@link BackendKind#IO_URING}). The java.nio backend is level-triggered and has no half-close
 * notification: there, creating an event that asks for either throws
 * {@link UnsupportedOperationException}.
 */
public final class Ev {
    /** The timeout elapsed ({@code EV_TIMEOUT}). Only ever reported, never needed in a watch mask. */
    public static final int TIMEOUT = EventFlags.TIMEOUT;
    /** The channel is readable, or a server channel has a connection to accept ({@code EV_READ}). */
    public static final int READ = EventFlags.READ;
    /** The channel is writable, or a pending connect finished ({@code EV_WRITE}). */
    public static final int WRITE = EventFlags.WRITE;
    /** A signal was delivered ({@code EV_SIGNAL}); set by {@link EventBase#newSignal}. */
    public static final int SIGNAL = EventFlags.SIGNAL;
    /** The event stays pending after its callback runs ({@code EV_PERSIST}). */
    public static final int PERSIST = EventFlags.PERSIST;
    /**
     * Edge-triggered ({@code EV_ET}, epoll's {@code EPOLLET}; a multishot poll on io_uring): native
     * backends only. As in libevent it applies to the channel, so it holds for every event on that
     * channel while one asks for it.
     */
    public static final int ET = EventFlags.ET;
    /**
     * The peer closed its side ({@code EV_CLOSED}, {@code EPOLLRDHUP}/{@code POLLRDHUP}): native
     * backends only. Also reported, with READ and WRITE, when the connection fails or hangs up.
     */
    public static final int CLOSED = EventFlags.CLOSED;

    private Ev() {
    }

    /**
     * Renders flags the way libevent's debug output names them, for logs and messages:
     * {@code toString(Ev.READ | Ev.PERSIST)} is {@code "READ|PERSIST"}, {@code toString(0)} is
     * {@code "0"}. Any thread.
     *
     * @param flags any combination of the flags above
     * @return the names of the set bits, joined by {@code |}
     */
    public static String toString(int flags) {
        return EventFlags.toString(flags);
    }
}
