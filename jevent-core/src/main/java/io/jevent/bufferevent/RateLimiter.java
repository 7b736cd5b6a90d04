package io.jevent.bufferevent;

import io.jevent.internal.LoopEvent;

/**
 * The rate limiting of one BufferEvent: its own token bucket, if it has a {@link RateLimit}, and
 * its {@link RateLimitGroup}, if it is in one (libevent's {@code struct bufferevent_rate_limit}).
 * The kind asks {@link #maxToRead}/{@link #maxToWrite} before each read or write and reports what it
 * moved with {@link #read}/{@link #written}; an empty bucket suspends the direction
 * ({@link Flow#SUSPEND_BANDWIDTH}, or {@link Flow#SUSPEND_GROUP} for the group's), and a one-shot
 * timer at the next tick resumes it, so a limited BufferEvent sleeps instead of polling. Guarded by
 * the BufferEvent.
 */
final class RateLimiter {
    private final BufferEvent bev;
    RateLimit cfg;
    final TokenBucket bucket = new TokenBucket();
    RateLimitGroup group;
    /** Refills the bucket at the next tick while a direction is suspended: made on first use. */
    private LoopEvent refill;

    RateLimiter(BufferEvent bev) {
        this.bev = bev;
    }

    private long tick() {
        return cfg.tickAt(bev.loop.now());
    }

    /** libevent's {@code bufferevent_set_rate_limit}; null removes the bucket. */
    void configure(RateLimit newCfg) {
        if (newCfg == null) {
            if (cfg != null) {
                cfg = null;
                cancelRefill();
                bev.flow.unsuspendRead(Flow.SUSPEND_BANDWIDTH);
                bev.flow.unsuspendWrite(Flow.SUSPEND_BANDWIDTH);
            }
            return;
        }
        boolean reinit = cfg != null;
        cfg = newCfg;
        bucket.init(newCfg, tick(), reinit);
        settle();
    }

    /** Suspends or resumes each direction as its level says, and waits for a tick if suspended. */
    private void settle() {
        boolean waiting = false;
        if (bucket.read > 0) {
            bev.flow.unsuspendRead(Flow.SUSPEND_BANDWIDTH);
        } else {
            bev.flow.suspendRead(Flow.SUSPEND_BANDWIDTH);
            waiting = true;
        }
        if (bucket.write > 0) {
            bev.flow.unsuspendWrite(Flow.SUSPEND_BANDWIDTH);
        } else {
            bev.flow.suspendWrite(Flow.SUSPEND_BANDWIDTH);
            waiting = true;
        }
        if (waiting) {
            scheduleRefill();
        } else {
            cancelRefill();
        }
    }

    /** libevent's {@code bufferevent_update_buckets}: adds the ticks passed since the last look. */
    void updateBucket() {
        if (cfg != null) {
            bucket.update(cfg, tick());
        }
    }

    /**
     * libevent's {@code bufferevent_get_read_max_}: the most one read may take now.
     *
     * @param cap the kind's own cap (its max single read)
     */
    long maxToRead(long cap) {
        long max = cap;
        if (cfg != null) {
            updateBucket();
            max = Math.min(max, bucket.read);
        }
        if (group != null) {
            long share = group.readShare();
            if (share < 0) {
                // The group ran dry while this member was busy elsewhere: it pauses too.
                bev.flow.suspendRead(Flow.SUSPEND_GROUP);
                return 0;
            }
            max = Math.min(max, share);
        }
        return Math.max(0, max);
    }

    /** libevent's {@code bufferevent_get_write_max_}. */
    long maxToWrite(long cap) {
        long max = cap;
        if (cfg != null) {
            updateBucket();
            max = Math.min(max, bucket.write);
        }
        if (group != null) {
            long share = group.writeShare();
            if (share < 0) {
                bev.flow.suspendWrite(Flow.SUSPEND_GROUP);
                return 0;
            }
            max = Math.min(max, share);
        }
        return Math.max(0, max);
    }

    /** libevent's {@code bufferevent_decrement_read_buckets_}. */
    void read(long n) {
        if (cfg != null) {
            decrementRead(n);
        }
        if (group != null) {
            group.spent(bev, n, true);
        }
    }

    /** libevent's {@code bufferevent_decrement_write_buckets_}. */
    void written(long n) {
        if (cfg != null) {
            decrementWrite(n);
        }
        if (group != null) {
            group.spent(bev, n, false);
        }
    }

    /** libevent's {@code bufferevent_decrement_read_limit}: may suspend or resume reading. */
    void decrementRead(long n) {
        long old = bucket.read;
        bucket.read -= n;
        if (old > 0 && bucket.read <= 0) {
            bev.flow.suspendRead(Flow.SUSPEND_BANDWIDTH);
            scheduleRefill();
        } else if (old <= 0 && bucket.read > 0) {
            bev.flow.unsuspendRead(Flow.SUSPEND_BANDWIDTH);
        }
    }

    /** libevent's {@code bufferevent_decrement_write_limit}. */
    void decrementWrite(long n) {
        long old = bucket.write;
        bucket.write -= n;
        if (old > 0 && bucket.write <= 0) {
            bev.flow.suspendWrite(Flow.SUSPEND_BANDWIDTH);
            scheduleRefill();
        } else if (old <= 0 && bucket.write > 0) {
            bev.flow.unsuspendWrite(Flow.SUSPEND_BANDWIDTH);
        }
    }

    private void scheduleRefill() {
        LoopEvent ev = refill;
        if (ev == null) {
            ev = bev.loop.newOwnedEvent(null, 0, (e, res) -> refilled());
            refill = ev;
        }
        if (!ev.isPending()) {
            bev.loop.add(ev, cfg.tickNanos());
        }
    }

    private void cancelRefill() {
        if (refill != null) {
            bev.loop.del(refill);
        }
    }

    /** libevent's {@code bev_refill_callback_}: a tick passed; resume what has tokens again. */
    private void refilled() {
        Guard.enter(bev);
        try {
            if (bev.closed || cfg == null || bev.limiter != this) {
                return;
            }
            updateBucket();
            settle();
        } finally {
            Guard.exit(bev);
        }
    }

    /** The BufferEvent is closed, or drops its limits: nothing more to refill or share. */
    void close() {
        if (group != null) {
            group.remove(bev);
            group = null;
        }
        if (refill != null) {
            bev.loop.free(refill);
            refill = null;
        }
        cfg = null;
    }
}
