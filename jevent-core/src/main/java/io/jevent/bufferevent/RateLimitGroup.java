package io.jevent.bufferevent;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.internal.EventLoop;
import io.jevent.internal.LoopEvent;
import io.jevent.internal.Loops;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One token bucket shared by many BufferEvents: libevent's {@code struct
 * bufferevent_rate_limit_group} ({@code bufferevent_rate_limit_group_new} and its functions). The
 * members together move no more than the group's {@link RateLimit}; one read or write of a member
 * takes at most an equal share of what the bucket holds, but never less than the minimum share
 * ({@link #setMinShare}, 64 bytes by default), so that a big group still makes progress. When the
 * bucket runs dry every member pauses in that direction; at the next tick the bucket is refilled
 * and the members resume, starting from a random one so that none is always first. A member may
 * have a limit of its own too ({@link BufferEvent#setRateLimit}); the smaller allowance wins.
 *
 * <pre>{@code
 * RateLimitGroup group = new RateLimitGroup(base, RateLimit.of(1 << 20, 1 << 20, 1 << 20, 1 << 20));
 * for (BufferEvent client : clients) {
 *     client.setRateLimitGroup(group);   // 1 MiB/s in total each way
 * }
 * }</pre>
 *
 * <p><b>Threads:</b> any thread may call any method; the group has a lock of its own, taken after
 * a member's. Members must belong to the group's base. The group's tick is a timer of the base that
 * keeps the loop from running out of events until {@link #close()}, as in libevent.
 */
public final class RateLimitGroup implements AutoCloseable {
    /** libevent's default {@code min_share}. */
    public static final long DEFAULT_MIN_SHARE = 64;

    private final EventBase base;
    private final EventLoop loop;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<BufferEvent> members = new ArrayList<>();
    private final TokenBucket bucket = new TokenBucket();
    private final LoopEvent tickEvent;
    private RateLimit cfg;
    private long configuredMinShare = DEFAULT_MIN_SHARE;
    private long minShare;
    private boolean readSuspended;
    private boolean writeSuspended;
    private long totalRead;
    private long totalWritten;
    private boolean closed;

    /**
     * Creates a group with an empty membership: libevent's {@code bufferevent_rate_limit_group_new}.
     * Any thread.
     *
     * @param base the base whose loop refills the bucket; members must belong to it
     * @param cfg  the group's limit
     */
    public RateLimitGroup(EventBase base, RateLimit cfg) {
        this.base = Objects.requireNonNull(base, "base");
        this.loop = Loops.of(base);
        this.cfg = Objects.requireNonNull(cfg, "cfg");
        bucket.init(cfg, cfg.tickAt(loop.now()), false);
        minShare = Math.min(configuredMinShare, Math.min(cfg.readRate(), cfg.writeRate()));
        tickEvent = loop.newOwnedEvent(null, Ev.PERSIST, (e, res) -> ticked());
        loop.add(tickEvent, cfg.tickNanos());
    }

    /**
     * Replaces the group's limit, keeping what the bucket holds up to the new bursts: libevent's
     * {@code bufferevent_rate_limit_group_set_cfg}. Any thread.
     *
     * @param cfg the new limit
     */
    public void setRateLimit(RateLimit cfg) {
        Objects.requireNonNull(cfg, "cfg");
        lock.lock();
        try {
            checkOpen();
            boolean sameTick = cfg.tickNanos() == this.cfg.tickNanos();
            this.cfg = cfg;
            bucket.init(cfg, cfg.tickAt(loop.now()), true);
            minShare = Math.min(configuredMinShare, Math.min(cfg.readRate(), cfg.writeRate()));
            if (!sameTick) {
                loop.add(tickEvent, cfg.tickNanos());
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The group's limit. Any thread.
     *
     * @return the configuration
     */
    public RateLimit rateLimit() {
        lock.lock();
        try {
            return cfg;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sets the least one member may move at once however many members share the bucket:
     * libevent's {@code bufferevent_rate_limit_group_set_min_share}. As in libevent, the value in
     * force is at most one tick's rate, so that at least one member moves each tick. Any thread.
     *
     * @param share bytes, 0 or more (0 lets a big group's shares shrink to nothing)
     * @throws IllegalArgumentException if {@code share} is negative
     */
    public void setMinShare(long share) {
        if (share < 0) {
            throw new IllegalArgumentException("min share cannot be negative: " + share);
        }
        lock.lock();
        try {
            checkOpen();
            configuredMinShare = share;
            minShare = Math.min(share, Math.min(cfg.readRate(), cfg.writeRate()));
        } finally {
            lock.unlock();
        }
    }

    /**
     * The minimum share in force. Any thread.
     *
     * @return bytes
     */
    public long minShare() {
        lock.lock();
        try {
            return minShare;
        } finally {
            lock.unlock();
        }
    }

    /**
     * What the read bucket holds now, possibly below zero: libevent's
     * {@code bufferevent_rate_limit_group_get_read_limit}. Any thread.
     *
     * @return bytes
     */
    public long readLimit() {
        lock.lock();
        try {
            return bucket.read;
        } finally {
            lock.unlock();
        }
    }

    /**
     * What the write bucket holds now: {@code bufferevent_rate_limit_group_get_write_limit}. Any
     * thread.
     *
     * @return bytes
     */
    public long writeLimit() {
        lock.lock();
        try {
            return bucket.write;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes {@code n} bytes from the read bucket (a negative {@code n} adds), pausing or resuming
     * the members' reading as the level crosses zero: libevent's
     * {@code bufferevent_rate_limit_group_decrement_read}. Any thread.
     *
     * @param n bytes
     */
    public void decrementRead(long n) {
        spent(null, n, true, false);
    }

    /**
     * As {@link #decrementRead}, for writing: {@code bufferevent_rate_limit_group_decrement_write}.
     * Any thread.
     *
     * @param n bytes
     */
    public void decrementWrite(long n) {
        spent(null, n, false, false);
    }

    /**
     * Bytes the members have read since the group was made or {@link #resetTotals()}: half of
     * libevent's {@code bufferevent_rate_limit_group_get_totals}. Any thread.
     *
     * @return bytes
     */
    public long totalRead() {
        lock.lock();
        try {
            return totalRead;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Bytes the members have written: the other half of
     * {@code bufferevent_rate_limit_group_get_totals}. Any thread.
     *
     * @return bytes
     */
    public long totalWritten() {
        lock.lock();
        try {
            return totalWritten;
        } finally {
            lock.unlock();
        }
    }

    /** Sets both totals to zero: libevent's {@code bufferevent_rate_limit_group_reset_totals}. Any thread. */
    public void resetTotals() {
        lock.lock();
        try {
            totalRead = 0;
            totalWritten = 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many BufferEvents are in the group. Any thread.
     *
     * @return the number of members
     */
    public int size() {
        lock.lock();
        try {
            return members.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Frees the group: libevent's {@code bufferevent_rate_limit_group_free}. Every member leaves it
     * and moves on without the group's limit; the tick stops. Closing twice does nothing. Any
     * thread.
     */
    @Override
    public void close() {
        List<BufferEvent> left;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            left = new ArrayList<>(members);
            loop.free(tickEvent);
        } finally {
            lock.unlock();
        }
        for (BufferEvent m : left) {
            // No group lock is held: waiting for a member's lock is safe. A member confined to a
            // running loop's thread leaves from that thread.
            if (m.lock != null || m.loop.inLoopThread() || !m.loop.isRunning()) {
                leave(m);
            } else {
                base.execute(() -> leave(m));
            }
        }
    }

    private void leave(BufferEvent m) {
        Guard.enter(m);
        try {
            if (!m.closed && m.limiter != null && m.limiter.group == this) {
                m.limiter.group = null;
                remove(m);
            }
        } finally {
            Guard.exit(m);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this RateLimitGroup is closed; create a new one");
        }
    }

    // ------------------------------------------------------------------ members (their guard held)

    void add(BufferEvent bev) {
        if (bev.base != base) {
            throw new IllegalArgumentException("a RateLimitGroup refills on its own base's loop: the BufferEvent"
                    + " belongs to another base");
        }
        boolean r;
        boolean w;
        lock.lock();
        try {
            checkOpen();
            members.add(bev);
            r = readSuspended;
            w = writeSuspended;
        } finally {
            lock.unlock();
        }
        if (r) {
            bev.flow.suspendRead(Flow.SUSPEND_GROUP);
        }
        if (w) {
            bev.flow.suspendWrite(Flow.SUSPEND_GROUP);
        }
    }

    void remove(BufferEvent bev) {
        lock.lock();
        try {
            members.remove(bev);
        } finally {
            lock.unlock();
        }
        bev.flow.unsuspendRead(Flow.SUSPEND_GROUP);
        bev.flow.unsuspendWrite(Flow.SUSPEND_GROUP);
    }

    /** A member's share of one read, or -1 while the group's reading is paused. */
    long readShare() {
        lock.lock();
        try {
            if (closed) {
                return Long.MAX_VALUE;
            }
            return readSuspended ? -1 : share(bucket.read);
        } finally {
            lock.unlock();
        }
    }

    long writeShare() {
        lock.lock();
        try {
            if (closed) {
                return Long.MAX_VALUE;
            }
            return writeSuspended ? -1 : share(bucket.write);
        } finally {
            lock.unlock();
        }
    }

    private long share(long level) {
        long s = level / Math.max(1, members.size());
        return Math.max(s, minShare);
    }

    /** A member (whose guard is held) moved {@code n} bytes. */
    void spent(BufferEvent member, long n, boolean read) {
        spent(member, n, read, true);
    }

    /**
     * libevent's group part of {@code bufferevent_decrement_*_buckets_}: spends {@code n}, counts it
     * if {@code count}, and pauses or resumes every member when the level crosses zero.
     */
    private void spent(BufferEvent member, long n, boolean read, boolean count) {
        List<BufferEvent> snapshot;
        boolean suspend;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            long level;
            if (read) {
                bucket.read -= n;
                level = bucket.read;
                if (count) {
                    totalRead += n;
                }
            } else {
                bucket.write -= n;
                level = bucket.write;
                if (count) {
                    totalWritten += n;
                }
            }
            boolean paused = read ? readSuspended : writeSuspended;
            if (level <= 0 && !paused) {
                suspend = true;
            } else if (level > 0 && paused) {
                suspend = false;
            } else {
                return;
            }
            if (read) {
                readSuspended = suspend;
            } else {
                writeSuspended = suspend;
            }
            snapshot = new ArrayList<>(members);
        } finally {
            lock.unlock();
        }
        for (BufferEvent m : snapshot) {
            applyTo(m, m == member, read, suspend);
        }
    }

    /**
     * Pauses or resumes one member. Its guard is held already ({@code own}), or taken without
     * waiting: a member busy on another thread is skipped and pauses itself at its next read or
     * write (see {@link RateLimiter#maxToRead}), as libevent's trylock does.
     */
    private void applyTo(BufferEvent m, boolean own, boolean read, boolean suspend) {
        if (own) {
            flip(m, read, suspend);
        } else if (m.lock != null) {
            if (m.lock.tryLock()) {
                try {
                    flip(m, read, suspend);
                } finally {
                    m.lock.unlock();
                }
            }
        } else if (m.loop.inLoopThread() || !m.loop.isRunning()) {
            flip(m, read, suspend);
        }
    }

    private void flip(BufferEvent m, boolean read, boolean suspend) {
        if (m.closed || m.limiter == null || m.limiter.group != this) {
            return;
        }
        if (read) {
            if (suspend) {
                m.flow.suspendRead(Flow.SUSPEND_GROUP);
            } else {
                m.flow.unsuspendRead(Flow.SUSPEND_GROUP);
            }
        } else if (suspend) {
            m.flow.suspendWrite(Flow.SUSPEND_GROUP);
        } else {
            m.flow.unsuspendWrite(Flow.SUSPEND_GROUP);
        }
    }

    /**
     * libevent's {@code bev_group_refill_callback_}: a tick passed; refill, and resume the paused
     * directions of every member, from a random one on. No member's lock is held here, so waiting
     * for each is safe.
     */
    private void ticked() {
        List<BufferEvent> snapshot;
        boolean resumeRead;
        boolean resumeWrite;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            bucket.update(cfg, cfg.tickAt(loop.now()));
            resumeRead = readSuspended && bucket.read > 0;
            resumeWrite = writeSuspended && bucket.write > 0;
            if (resumeRead) {
                readSuspended = false;
            }
            if (resumeWrite) {
                writeSuspended = false;
            }
            if (!resumeRead && !resumeWrite) {
                return;
            }
            snapshot = new ArrayList<>(members);
        } finally {
            lock.unlock();
        }
        int n = snapshot.size();
        int first = n == 0 ? 0 : ThreadLocalRandom.current().nextInt(n);
        for (int i = 0; i < n; i++) {
            BufferEvent m = snapshot.get((first + i) % n);
            Guard.enter(m);
            try {
                if (resumeRead && readShare() >= 0) {
                    flip(m, true, false);
                }
                if (resumeWrite && writeShare() >= 0) {
                    flip(m, false, false);
                }
            } finally {
                Guard.exit(m);
            }
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "RateLimitGroup[" + members.size() + " members, " + cfg + ", read " + bucket.read + ", write "
                    + bucket.write + (closed ? ", closed]" : "]");
        } finally {
            lock.unlock();
        }
    }
}
