package io.jevent.internal;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time that moves only when told to. Loops that read it register a wake-up so that advancing the
 * clock wakes a loop sleeping for the next timer. Any thread.
 */
public final class VirtualClock {
    private final AtomicLong nanos;
    private final CopyOnWriteArrayList<Runnable> wakeups = new CopyOnWriteArrayList<>();

    public VirtualClock(long startNanos) {
        this.nanos = new AtomicLong(startNanos);
    }

    public long nanoTime() {
        return nanos.get();
    }

    /** Moves time forward by a non-negative amount and wakes every loop that uses this clock. */
    public void advance(long deltaNanos) {
        if (deltaNanos < 0) {
            throw new IllegalArgumentException("time only moves forward: delta is " + deltaNanos + " ns");
        }
        nanos.addAndGet(deltaNanos);
        for (Runnable wakeup : wakeups) {
            wakeup.run();
        }
    }

    void register(Runnable wakeup) {
        wakeups.add(wakeup);
    }

    void unregister(Runnable wakeup) {
        wakeups.remove(wakeup);
    }
}
