package io.jevent;

import io.jevent.internal.VirtualClock;
import java.time.Duration;
import java.util.Objects;

/**
 * A clock that moves only when told to, for testing timers without waiting (jevent's addition to
 * libevent).
 *
 * <p>Give it to {@link EventBase.Builder#clock}; every timeout of that base is then measured on this
 * clock. {@link #advance} wakes a loop that sleeps waiting for a timer, so a test can run the loop
 * on another thread, or advance and then call {@code base.loop(EventBase.LOOP_NONBLOCK)} on its own.
 * One clock may drive several bases. Thread-safe.
 */
public final class ManualClock {
    final VirtualClock time;

    /** A clock that starts at 0 ns. */
    public ManualClock() {
        this.time = new VirtualClock(0);
    }

    /**
     * Now, in nanoseconds since the clock started. Any thread.
     *
     * @return the nanoseconds this clock has been advanced by since it was made
     */
    public long nanoTime() {
        return time.nanoTime();
    }

    /**
     * Moves time forward and wakes every loop that uses this clock, so that timers now due run in
     * its next iteration. Any thread.
     *
     * @param delta how far; zero is allowed
     * @throws IllegalArgumentException if {@code delta} is negative: time never goes back
     */
    public void advance(Duration delta) {
        Objects.requireNonNull(delta, "delta");
        if (delta.isNegative()) {
            throw new IllegalArgumentException("time only moves forward: delta is " + delta);
        }
        time.advance(delta.toNanos());
    }

    @Override
    public String toString() {
        return "ManualClock[" + Duration.ofNanos(nanoTime()) + "]";
    }
}
