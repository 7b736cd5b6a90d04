package io.jevent.internal;

/**
 * The engine's event flag bits: libevent's {@code EV_*} values. The public {@code io.jevent.Ev}
 * re-exports them under the same names, so that the engine never depends on the public layer.
 */
public final class EventFlags {
    public static final int TIMEOUT = 0x01;
    public static final int READ = 0x02;
    public static final int WRITE = 0x04;
    public static final int SIGNAL = 0x08;
    public static final int PERSIST = 0x10;
    public static final int ET = 0x20;
    public static final int CLOSED = 0x80;

    private static final int[] BITS = {TIMEOUT, READ, WRITE, SIGNAL, PERSIST, ET, CLOSED};
    private static final String[] NAMES = {"TIMEOUT", "READ", "WRITE", "SIGNAL", "PERSIST", "ET", "CLOSED"};

    private EventFlags() {
    }

    /** The names of the set bits joined by {@code |}, as {@code Ev.toString} documents. */
    public static String toString(int flags) {
        return FlagNames.join(flags, BITS, NAMES);
    }
}
