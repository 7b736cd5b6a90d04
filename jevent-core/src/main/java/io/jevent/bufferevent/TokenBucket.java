package io.jevent.bufferevent;

/**
 * The two buckets of one limit, read and write: libevent's {@code struct ev_token_bucket}. A level
 * may go below zero when a read or write spent more than was left (a direction then waits longer);
 * refills are counted in whole ticks since the last one. Guarded by its owner.
 */
final class TokenBucket {
    long read;
    long write;
    private long lastTick;

    /**
     * libevent's {@code ev_token_bucket_init_}: a new bucket starts with one tick's worth; a
     * reconfigured one ({@code reinit}) is only clipped to the new bursts, since part of this
     * tick's allowance may already be spent.
     */
    void init(RateLimit cfg, long tick, boolean reinit) {
        if (reinit) {
            read = Math.min(read, cfg.readBurst());
            write = Math.min(write, cfg.writeBurst());
        } else {
            read = cfg.readRate();
            write = cfg.writeRate();
            lastTick = tick;
        }
    }

    /**
     * libevent's {@code ev_token_bucket_update_}: adds the rates of the ticks since the last
     * update, up to the bursts.
     *
     * @return whether a tick had passed
     */
    boolean update(RateLimit cfg, long tick) {
        long ticks = tick - lastTick;
        if (ticks <= 0) {
            return false;
        }
        read = refill(read, ticks, cfg.readRate(), cfg.readBurst());
        write = refill(write, ticks, cfg.writeRate(), cfg.writeBurst());
        lastTick = tick;
        return true;
    }

    private static long refill(long level, long ticks, long rate, long burst) {
        long gain = ticks > Long.MAX_VALUE / rate ? Long.MAX_VALUE : ticks * rate;
        // burst - gain cannot overflow: burst >= 1 and gain <= Long.MAX_VALUE.
        return level > burst - gain ? burst : level + gain;
    }
}
