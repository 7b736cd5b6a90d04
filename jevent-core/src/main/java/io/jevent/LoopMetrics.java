package io.jevent;

import io.jevent.internal.EventLoop;
import io.jevent.internal.LoopCounters;

/**
 * What an {@link EventBase}'s loop has done since the base was created, taken at one moment by
 * {@link EventBase#metrics()}: jevent's addition (libevent offers only
 * {@code event_base_get_num_events} and {@code event_base_get_max_events}, here
 * {@link EventBase#eventCount} and {@link EventBase#maxEventCount}).
 *
 * <p>The counters are cumulative, so a rate is the difference of two snapshots divided by the
 * difference of their {@link #nanoTime()}s. The counts are always kept. The times (callback time,
 * wait time, loop lag) are kept only if the base was built with
 * {@link EventBase.Builder#collectTimings(boolean) collectTimings(true)}, since each costs a clock
 * read per callback; without it they stay zero.
 *
 * <p><b>Threads:</b> an immutable value; any thread. The loop writes its counters without a lock
 * and a snapshot reads each one once, so two values may come from slightly different moments (a
 * callback may be counted while its time is not yet): precise enough for monitoring, not for
 * arithmetic that expects exact agreement between fields.
 */
public final class LoopMetrics {
    private final long nanoTime;
    private final long iterations;
    private final long callbacks;
    private final long activeTotal;
    private final int maxActivePerIteration;
    private final int registeredEvents;
    private final int activeEvents;
    private final int pendingTimers;
    private final boolean timingsCollected;
    private final long timedCallbacks;
    private final long callbackNanos;
    private final long maxCallbackNanos;
    private final long waitNanos;
    private final long lagNanos;
    private final long maxLagNanos;
    private final long slowCallbacks;
    private final long stalls;

    LoopMetrics(EventLoop loop) {
        LoopCounters c = loop.counters();
        this.nanoTime = System.nanoTime();
        this.iterations = c.iterations();
        this.callbacks = c.callbacks();
        this.activeTotal = c.activeTotal();
        this.maxActivePerIteration = c.activeMax();
        this.registeredEvents = loop.eventCount(EventLoop.COUNT_ADDED);
        this.activeEvents = loop.eventCount(EventLoop.COUNT_ACTIVE);
        this.pendingTimers = loop.timerCount();
        this.timingsCollected = loop.collectsTimings();
        this.timedCallbacks = c.timedCallbacks();
        this.callbackNanos = c.callbackNanos();
        this.maxCallbackNanos = c.callbackMaxNanos();
        this.waitNanos = c.waitNanos();
        this.lagNanos = c.lagNanos();
        this.maxLagNanos = c.lagMaxNanos();
        this.slowCallbacks = c.slowCallbacks();
        this.stalls = c.stalls();
    }

    /**
     * When the snapshot was taken, on {@link System#nanoTime()}'s scale: only differences mean
     * anything.
     *
     * @return the time of the snapshot, in nanoseconds
     */
    public long nanoTime() {
        return nanoTime;
    }

    /**
     * How many times the loop polled for I/O (each poll is one iteration of libevent's
     * {@code event_base_loop}), over every run of the loop.
     *
     * @return the number of iterations
     */
    public long iterations() {
        return iterations;
    }

    /**
     * How many callbacks ran: the users' events and those of jevent's own objects (a BufferEvent's
     * read and write events, a listener's accept event), one per signal delivery. Tasks run with
     * {@link EventBase#execute} are not callbacks.
     *
     * @return the number of callbacks run
     */
    public long callbacks() {
        return callbacks;
    }

    /**
     * The mean number of events active when an iteration started to run callbacks, over all
     * iterations (those with none count as zero).
     *
     * @return active events per iteration, 0 before the first iteration
     */
    public double activePerIteration() {
        return iterations == 0 ? 0 : activeTotal / (double) iterations;
    }

    /**
     * The most events active at the start of one iteration's callbacks.
     *
     * @return the largest number of active events seen by one iteration
     */
    public int maxActivePerIteration() {
        return maxActivePerIteration;
    }

    /**
     * Events pending now (added, each counted once): {@code eventCount(COUNT_ADDED)}.
     *
     * @return the number of registered events
     */
    public int registeredEvents() {
        return registeredEvents;
    }

    /**
     * Events whose callback waits to run now: {@code eventCount(COUNT_ACTIVE)}.
     *
     * @return the number of active events
     */
    public int activeEvents() {
        return activeEvents;
    }

    /**
     * Events waiting for a timeout now.
     *
     * @return the number of pending timers
     */
    public int pendingTimers() {
        return pendingTimers;
    }

    /**
     * Whether the base was built with {@link EventBase.Builder#collectTimings(boolean)
     * collectTimings(true)}, so that the times below are kept.
     *
     * @return whether timings are collected
     */
    public boolean timingsCollected() {
        return timingsCollected;
    }

    /**
     * How many callbacks were timed: all of them since the base was built, with timings on.
     *
     * @return the number of timed callbacks
     */
    public long timedCallbacks() {
        return timedCallbacks;
    }

    /**
     * Time spent in the timed callbacks, in nanoseconds.
     *
     * @return the total callback time
     */
    public long callbackNanos() {
        return callbackNanos;
    }

    /**
     * The longest timed callback, in nanoseconds.
     *
     * @return the longest callback time
     */
    public long maxCallbackNanos() {
        return maxCallbackNanos;
    }

    /**
     * Time spent waiting in the poll, in nanoseconds, over the timed iterations: the loop's idle
     * time. Compare with {@link #callbackNanos()} for how busy the loop thread is.
     *
     * @return the total waiting time
     */
    public long waitNanos() {
        return waitNanos;
    }

    /**
     * The loop lag summed over the timed callbacks, in nanoseconds. A callback's lag is the time
     * from the end of the poll of its iteration (when its readiness or timeout was seen) to its
     * start: the time it waited behind the callbacks before it. For an event activated by another
     * callback in the same iteration it is an upper bound.
     *
     * @return the total lag
     */
    public long lagNanos() {
        return lagNanos;
    }

    /**
     * The mean loop lag of the timed callbacks, in nanoseconds.
     *
     * @return the mean lag, 0 before the first timed callback
     */
    public long averageLagNanos() {
        return timedCallbacks == 0 ? 0 : lagNanos / timedCallbacks;
    }

    /**
     * The longest loop lag of a timed callback, in nanoseconds.
     *
     * @return the longest lag
     */
    public long maxLagNanos() {
        return maxLagNanos;
    }

    /**
     * Timed callbacks that ran longer than the base's
     * {@linkplain EventBase.Builder#slowThresholds slow-callback threshold}.
     *
     * @return the number of slow callbacks
     */
    public long slowCallbacks() {
        return slowCallbacks;
    }

    /**
     * Timed iterations whose callbacks kept the loop from polling longer than the base's
     * {@linkplain EventBase.Builder#slowThresholds stall threshold}.
     *
     * @return the number of stalls
     */
    public long stalls() {
        return stalls;
    }

    /**
     * One line with every value, for logs.
     *
     * @return the values as text
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("LoopMetrics[iterations=").append(iterations)
                .append(", callbacks=").append(callbacks)
                .append(", activePerIteration=").append(String.format("%.2f", activePerIteration()))
                .append(", maxActivePerIteration=").append(maxActivePerIteration)
                .append(", registeredEvents=").append(registeredEvents)
                .append(", activeEvents=").append(activeEvents)
                .append(", pendingTimers=").append(pendingTimers);
        if (timingsCollected) {
            sb.append(", callbackNanos=").append(callbackNanos)
                    .append(", maxCallbackNanos=").append(maxCallbackNanos)
                    .append(", waitNanos=").append(waitNanos)
                    .append(", averageLagNanos=").append(averageLagNanos())
                    .append(", maxLagNanos=").append(maxLagNanos)
                    .append(", slowCallbacks=").append(slowCallbacks)
                    .append(", stalls=").append(stalls);
        }
        return sb.append(']').toString();
    }
}
