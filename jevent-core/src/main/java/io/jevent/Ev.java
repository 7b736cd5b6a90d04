package io.jevent;

import io.jevent.internal.FlagNames;

/**
 * The event flags, with libevent's names and bit values ({@code EV_TIMEOUT}, {@code EV_READ}, ...).
 *
 * <p>Flags are plain {@code int} bits so that a ported program reads like the original:
 * {@code base.newEvent(channel, Ev.READ | Ev.PERSIST, callback)}. The same bits describe what an
 * event watches ({@link Event#events()}) and why its callback runs (the {@code what} argument of
 * {@link EventCallback#onEvent}).
 *
 * <p>{@link #ET} and {@link #CLOSED} exist so that ported code compiles, but the java.nio backend is
 * level-triggered and has no half-close notification: asking for either throws
 * {@link UnsupportedOperationException}.
 */
public final class Ev {
    /** The timeout elapsed ({@code EV_TIMEOUT}). Only ever reported, never needed in a watch mask. */
    public static final int TIMEOUT = 0x01;
    /** The channel is readable, or a server channel has a connection to accept ({@code EV_READ}). */
    public static final int READ = 0x02;
    /** The channel is writable, or a pending connect finished ({@code EV_WRITE}). */
    public static final int WRITE = 0x04;
    /** A signal was delivered ({@code EV_SIGNAL}); set by {@link EventBase#newSignal}. */
    public static final int SIGNAL = 0x08;
    /** The event stays pending after its callback runs ({@code EV_PERSIST}). */
    public static final int PERSIST = 0x10;
    /** Edge-triggered ({@code EV_ET}): not supported by the java.nio backend. */
    public static final int ET = 0x20;
    /** The peer closed its side ({@code EV_CLOSED}): not supported by the java.nio backend. */
    public static final int CLOSED = 0x80;

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
        return FlagNames.join(flags, BITS, NAMES);
    }

    private static final int[] BITS = {TIMEOUT, READ, WRITE, SIGNAL, PERSIST, ET, CLOSED};
    private static final String[] NAMES = {"TIMEOUT", "READ", "WRITE", "SIGNAL", "PERSIST", "ET", "CLOSED"};
}
