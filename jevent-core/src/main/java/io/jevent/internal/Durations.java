package io.jevent.internal;

import java.time.Duration;
import java.util.Objects;

/** Turns the {@link Duration}s of the public API into the nanoseconds the loop works in. */
public final class Durations {
    private Durations() {
    }

    /**
     * A non-negative duration in nanoseconds, saturated at about 292 years.
     *
     * @param name names the argument in the exception for a null or negative value
     */
    public static long nanos(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " is negative: " + d + "; use Duration.ZERO or more");
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** As {@link #nanos}, with null meaning "none": -1. */
    public static long nanosOrNone(Duration d, String name) {
        return d == null ? -1 : nanos(d, name);
    }
}
