package io.jevent;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Runs a base's loop on the test thread until a condition holds, for 10 seconds at most. */
public final class LoopRunner {
    public static final Duration LIMIT = Duration.ofSeconds(10);

    private LoopRunner() {
    }

    public static void runUntil(EventBase base, BooleanSupplier done) {
        boolean[] timedOut = new boolean[1];
        Event guard = base.newTimer((ev, what) -> timedOut[0] = true);
        guard.add(LIMIT);
        try {
            while (!done.getAsBoolean()) {
                if (timedOut[0]) {
                    throw new AssertionError("the condition did not hold within " + LIMIT);
                }
                base.loop(EventBase.LOOP_ONCE);
            }
        } finally {
            guard.close();
        }
    }
}
