package io.jevent.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What one loop counts about itself, for {@code EventBase.metrics()} and its MXBean.
 *
 * <p><b>One writer, any readers, no lock.</b> Only the thread that runs the loop writes these
 * fields. It stores with {@code setOpaque}: on x86 and ARM that is a plain store (no fence, no
 * locked instruction), yet a 64-bit value is never torn and a reader on another thread sees each
 * counter move forward, never back. Readers use {@code getOpaque}. Two counters read one after the
 * other may come from slightly different moments; a snapshot is consistent enough for monitoring,
 * not a transaction. The writer reads its own fields plainly: it is the only one to change them.
 *
 * <p>The counts cost one store per iteration and one per callback and are always on. The times
 * need {@link System#nanoTime()} around every callback and every poll, about 20 to 25 ns each, so
 * they are kept only when the base was built with timings. (A flight recording that wants the
 * slow-callback or stall events makes the loop time its callbacks too, for the events alone.)
 */
public final class LoopCounters {
    private static final VarHandle ITERATIONS;
    private static final VarHandle CALLBACKS;
    private static final VarHandle ACTIVE_TOTAL;
    private static final VarHandle ACTIVE_MAX;
    private static final VarHandle TIMED_CALLBACKS;
    private static final VarHandle CALLBACK_NANOS;
    private static final VarHandle CALLBACK_MAX_NANOS;
    private static final VarHandle LAG_NANOS;
    private static final VarHandle LAG_MAX_NANOS;
    private static final VarHandle WAIT_NANOS;
    private static final VarHandle SLOW_CALLBACKS;
    private static final VarHandle STALLS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            ITERATIONS = l.findVarHandle(LoopCounters.class, "iterations", long.class);
            CALLBACKS = l.findVarHandle(LoopCounters.class, "callbacks", long.class);
            ACTIVE_TOTAL = l.findVarHandle(LoopCounters.class, "activeTotal", long.class);
            ACTIVE_MAX = l.findVarHandle(LoopCounters.class, "activeMax", int.class);
            TIMED_CALLBACKS = l.findVarHandle(LoopCounters.class, "timedCallbacks", long.class);
            CALLBACK_NANOS = l.findVarHandle(LoopCounters.class, "callbackNanos", long.class);
            CALLBACK_MAX_NANOS = l.findVarHandle(LoopCounters.class, "callbackMaxNanos", long.class);
            LAG_NANOS = l.findVarHandle(LoopCounters.class, "lagNanos", long.class);
            LAG_MAX_NANOS = l.findVarHandle(LoopCounters.class, "lagMaxNanos", long.class);
            WAIT_NANOS = l.findVarHandle(LoopCounters.class, "waitNanos", long.class);
            SLOW_CALLBACKS = l.findVarHandle(LoopCounters.class, "slowCallbacks", long.class);
            STALLS = l.findVarHandle(LoopCounters.class, "stalls", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long iterations;
    private long callbacks;
    /** Sum over iterations of the events active when the iteration started running callbacks. */
    private long activeTotal;
    private int activeMax;
    private long timedCallbacks;
    private long callbackNanos;
    private long callbackMaxNanos;
    private long lagNanos;
    private long lagMaxNanos;
    private long waitNanos;
    private long slowCallbacks;
    private long stalls;

    // ------------------------------------------------------------------ the loop thread

    void iteration() {
        ITERATIONS.setOpaque(this, iterations + 1);
    }

    void activeAtDispatch(int active) {
        ACTIVE_TOTAL.setOpaque(this, activeTotal + active);
        if (active > activeMax) {
            ACTIVE_MAX.setOpaque(this, active);
        }
    }

    void callback() {
        CALLBACKS.setOpaque(this, callbacks + 1);
    }

    void waited(long nanos) {
        WAIT_NANOS.setOpaque(this, waitNanos + nanos);
    }

    /** A callback that ran {@code nanos}, {@code lag} nanoseconds after the poll that made it ready. */
    void timedCallback(long nanos, long lag, boolean slow) {
        TIMED_CALLBACKS.setOpaque(this, timedCallbacks + 1);
        CALLBACK_NANOS.setOpaque(this, callbackNanos + nanos);
        if (nanos > callbackMaxNanos) {
            CALLBACK_MAX_NANOS.setOpaque(this, nanos);
        }
        LAG_NANOS.setOpaque(this, lagNanos + lag);
        if (lag > lagMaxNanos) {
            LAG_MAX_NANOS.setOpaque(this, lag);
        }
        if (slow) {
            SLOW_CALLBACKS.setOpaque(this, slowCallbacks + 1);
        }
    }

    void stall() {
        STALLS.setOpaque(this, stalls + 1);
    }

    // ------------------------------------------------------------------ any thread

    /** Polls the loop made (libevent's loop iterations). */
    public long iterations() {
        return (long) ITERATIONS.getOpaque(this);
    }

    /** Callbacks run, the engine's own included. */
    public long callbacks() {
        return (long) CALLBACKS.getOpaque(this);
    }

    /** Sum over iterations of the events active when callbacks started to run. */
    public long activeTotal() {
        return (long) ACTIVE_TOTAL.getOpaque(this);
    }

    /** The most events active at the start of one iteration's callbacks. */
    public int activeMax() {
        return (int) ACTIVE_MAX.getOpaque(this);
    }

    /** Callbacks whose time was measured. */
    public long timedCallbacks() {
        return (long) TIMED_CALLBACKS.getOpaque(this);
    }

    /** Nanoseconds spent in the measured callbacks. */
    public long callbackNanos() {
        return (long) CALLBACK_NANOS.getOpaque(this);
    }

    /** The longest measured callback, in nanoseconds. */
    public long callbackMaxNanos() {
        return (long) CALLBACK_MAX_NANOS.getOpaque(this);
    }

    /** Sum of the measured callbacks' lags, in nanoseconds. */
    public long lagNanos() {
        return (long) LAG_NANOS.getOpaque(this);
    }

    /** The longest measured lag, in nanoseconds. */
    public long lagMaxNanos() {
        return (long) LAG_MAX_NANOS.getOpaque(this);
    }

    /** Nanoseconds spent waiting in the backend, over the measured polls. */
    public long waitNanos() {
        return (long) WAIT_NANOS.getOpaque(this);
    }

    /** Measured callbacks that ran longer than the slow-callback threshold. */
    public long slowCallbacks() {
        return (long) SLOW_CALLBACKS.getOpaque(this);
    }

    /** Measured iterations whose callbacks kept the loop from polling longer than the stall threshold. */
    public long stalls() {
        return (long) STALLS.getOpaque(this);
    }
}
