package io.jevent.bufferevent;

import java.time.Duration;
import java.util.Objects;

/**
 * The configuration of a token bucket: libevent's {@code struct ev_token_bucket_cfg}
 * ({@code ev_token_bucket_cfg_new}). Each tick, each direction's bucket gains its rate in bytes, up
 * to its burst; a read or write spends what it moved, and a direction whose bucket is empty pauses
 * until a later tick refills it. Immutable, so one configuration may serve many BufferEvents and
 * groups, as in libevent; any thread.
 *
 * <pre>{@code
 * // 100 KiB/s each way, with bursts of up to 200 KiB, refilled ten times a second.
 * RateLimit limit = RateLimit.of(10 * 1024, 20 * 1024, 10 * 1024, 20 * 1024, Duration.ofMillis(100));
 * bev.setRateLimit(limit);
 * }</pre>
 *
 * <p>See {@link BufferEvent#setRateLimit} and {@link RateLimitGroup}.
 */
public final class RateLimit {
    private final long readRate;
    private final long readBurst;
    private final long writeRate;
    private final long writeBurst;
    private final long tickNanos;

    private RateLimit(long readRate, long readBurst, long writeRate, long writeBurst, long tickNanos) {
        this.readRate = readRate;
        this.readBurst = readBurst;
        this.writeRate = writeRate;
        this.writeBurst = writeBurst;
        this.tickNanos = tickNanos;
    }

    /**
     * A configuration with a tick of one second: libevent's {@code ev_token_bucket_cfg_new} with a
     * NULL tick. Any thread.
     *
     * @param readRate   bytes added to the read bucket each tick, at least 1
     * @param readBurst  the most the read bucket holds, at least {@code readRate}
     * @param writeRate  bytes added to the write bucket each tick, at least 1
     * @param writeBurst the most the write bucket holds, at least {@code writeRate}
     * @return the configuration
     * @throws IllegalArgumentException for a rate below 1 or a burst below its rate (libevent
     *                                  returns NULL), naming the value
     */
    public static RateLimit of(long readRate, long readBurst, long writeRate, long writeBurst) {
        return of(readRate, readBurst, writeRate, writeBurst, Duration.ofSeconds(1));
    }

    /**
     * A configuration: libevent's {@code ev_token_bucket_cfg_new}. The rates are per tick, so bytes
     * per second are {@code rate * 1s / tick}. Any thread.
     *
     * @param readRate   bytes added to the read bucket each tick, at least 1
     * @param readBurst  the most the read bucket holds, at least {@code readRate}
     * @param writeRate  bytes added to the write bucket each tick, at least 1
     * @param writeBurst the most the write bucket holds, at least {@code writeRate}
     * @param tick       how often the buckets are refilled, at least 1 ms (libevent counts in
     *                   milliseconds too)
     * @return the configuration
     * @throws IllegalArgumentException for a rate below 1, a burst below its rate, or a tick
     *                                  shorter than 1 ms, naming the value
     */
    public static RateLimit of(long readRate, long readBurst, long writeRate, long writeBurst, Duration tick) {
        check("read", readRate, readBurst);
        check("write", writeRate, writeBurst);
        Objects.requireNonNull(tick, "tick");
        if (tick.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("tick must be at least 1 ms: " + tick);
        }
        long nanos = tick.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1).toNanos() : tick.toNanos();
        return new RateLimit(readRate, readBurst, writeRate, writeBurst, nanos);
    }

    private static void check(String direction, long rate, long burst) {
        if (rate < 1) {
            throw new IllegalArgumentException(direction + " rate must be at least 1 byte per tick: " + rate);
        }
        if (burst < rate) {
            throw new IllegalArgumentException(direction + " burst " + burst + " is below the " + direction
                    + " rate " + rate + ": the bucket could not hold one tick's worth");
        }
    }

    /**
     * Bytes the read bucket gains each tick. Any thread.
     *
     * @return the read rate
     */
    public long readRate() {
        return readRate;
    }

    /**
     * The most the read bucket holds. Any thread.
     *
     * @return the read burst
     */
    public long readBurst() {
        return readBurst;
    }

    /**
     * Bytes the write bucket gains each tick. Any thread.
     *
     * @return the write rate
     */
    public long writeRate() {
        return writeRate;
    }

    /**
     * The most the write bucket holds. Any thread.
     *
     * @return the write burst
     */
    public long writeBurst() {
        return writeBurst;
    }

    /**
     * How often the buckets are refilled. Any thread.
     *
     * @return the tick
     */
    public Duration tick() {
        return Duration.ofNanos(tickNanos);
    }

    long tickNanos() {
        return tickNanos;
    }

    /** The number of the tick that {@code nanos} (the loop's clock) falls in. */
    long tickAt(long nanos) {
        return Math.floorDiv(nanos, tickNanos);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RateLimit r && r.readRate == readRate && r.readBurst == readBurst
                && r.writeRate == writeRate && r.writeBurst == writeBurst && r.tickNanos == tickNanos;
    }

    @Override
    public int hashCode() {
        return Objects.hash(readRate, readBurst, writeRate, writeBurst, tickNanos);
    }

    @Override
    public String toString() {
        return "RateLimit[read " + readRate + "/" + readBurst + ", write " + writeRate + "/" + writeBurst
                + " per " + tick() + "]";
    }
}
