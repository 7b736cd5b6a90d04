package io.jevent.examples;

import io.jevent.EventBase;
import io.jevent.LoopMetrics;
import java.util.Locale;

/**
 * The demo's view of its loop's {@link LoopMetrics}: rates over the interval since the previous
 * look, as one line for {@code --stats} and as JSON for the status page. Loop thread only (the
 * demo calls it from a timer and from the page's handler, both on the loop).
 */
final class LoopStats {
    private final EventBase base;
    private LoopMetrics previous;

    LoopStats(EventBase base) {
        this.base = base;
        this.previous = base.metrics();
    }

    /** The metrics now, and the interval since the previous call. */
    private Interval next() {
        LoopMetrics now = base.metrics();
        Interval i = new Interval(previous, now);
        previous = now;
        return i;
    }

    /** One line: {@code 1,234 callbacks/s, ..., 3 timers}. */
    String line() {
        Interval i = next();
        return String.format(Locale.ROOT, "%,.0f callbacks/s, %,.0f iterations/s, %.2f active/iteration,"
                + " busy %.1f %% waiting %.1f %%, lag avg %,d us max %,d us, %d slow callbacks, %d events,"
                + " %d timers", i.perSecond(i.now.callbacks() - i.before.callbacks()),
                i.perSecond(i.now.iterations() - i.before.iterations()), i.activePerIteration(), i.busyPercent(),
                i.waitingPercent(), i.averageLagNanos() / 1000, i.now.maxLagNanos() / 1000,
                i.now.slowCallbacks(), i.now.registeredEvents(), i.now.pendingTimers());
    }

    /** The same values as a JSON object, for the status page. */
    String json() {
        Interval i = next();
        return String.format(Locale.ROOT, "{\"callbacksPerSecond\":%.0f,\"iterationsPerSecond\":%.0f,"
                + "\"activePerIteration\":%.2f,\"busyPercent\":%.1f,\"waitingPercent\":%.1f,"
                + "\"averageLagMicros\":%d,\"maxLagMicros\":%d,\"callbacks\":%d,\"iterations\":%d,"
                + "\"slowCallbacks\":%d,\"registeredEvents\":%d,\"pendingTimers\":%d}",
                i.perSecond(i.now.callbacks() - i.before.callbacks()),
                i.perSecond(i.now.iterations() - i.before.iterations()), i.activePerIteration(), i.busyPercent(),
                i.waitingPercent(), i.averageLagNanos() / 1000, i.now.maxLagNanos() / 1000, i.now.callbacks(),
                i.now.iterations(), i.now.slowCallbacks(), i.now.registeredEvents(), i.now.pendingTimers());
    }

    /** Two snapshots and what follows from their difference. */
    private record Interval(LoopMetrics before, LoopMetrics now) {
        long nanos() {
            return Math.max(1, now.nanoTime() - before.nanoTime());
        }

        double perSecond(long delta) {
            return delta * 1e9 / nanos();
        }

        double activePerIteration() {
            long iterations = now.iterations() - before.iterations();
            return iterations == 0 ? 0 : (now.activePerIteration() * now.iterations()
                    - before.activePerIteration() * before.iterations()) / iterations;
        }

        double busyPercent() {
            return 100.0 * (now.callbackNanos() - before.callbackNanos()) / nanos();
        }

        double waitingPercent() {
            return 100.0 * (now.waitNanos() - before.waitNanos()) / nanos();
        }

        long averageLagNanos() {
            long timed = now.timedCallbacks() - before.timedCallbacks();
            return timed == 0 ? 0 : (now.lagNanos() - before.lagNanos()) / timed;
        }
    }
}
