package io.jevent.internal;

/**
 * How closely a loop watches itself (see {@link LoopCounters}).
 *
 * @param timings           whether to time every callback and poll, for the metrics
 * @param slowCallbackNanos a callback that runs longer is slow: counted, and a flight event
 * @param stallNanos        an iteration whose callbacks run longer is a stall: counted, and a
 *                          flight event
 */
public record Watching(boolean timings, long slowCallbackNanos, long stallNanos) {
    /** Counts only; the flight events with their default thresholds, 10 ms and 100 ms. */
    public static final Watching DEFAULT = new Watching(false, 10_000_000L, 100_000_000L);
}
