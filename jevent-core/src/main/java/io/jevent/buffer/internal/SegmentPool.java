package io.jevent.buffer.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;

/**
 * The process-wide supply of {@link Segment#SIZE}-byte direct segments.
 *
 * <p>Memory comes from 1 MiB direct arenas cut into 128 segments: one allocateDirect call (and one
 * zeroing, one Cleaner) per 128 segments instead of per segment, and every segment is direct, so
 * socket reads and writes need no hidden copy through a JDK temporary buffer.
 *
 * <p>Why no ThreadLocal: segments migrate. A loop thread reads into a buffer, a worker thread drains
 * it, and the segment is freed on the worker. Per-thread caches would fill up on the consumer and
 * run dry on the producer, so the producer allocates forever; they also pin memory to threads that
 * may be idle or gone (thread pools, virtual threads). Instead the pool is a few stripes shared by
 * everyone. A thread starts at the stripe its id hashes to, which keeps the common single-thread case
 * on one uncontended cache line, and falls back to the other stripes before it allocates, so memory
 * stays bounded by the peak number of segments in use rather than by the number of threads.
 *
 * <p>Each stripe is an array stack behind a one-word spin lock taken with a CAS and released with a
 * plain release store: cheaper than a monitor, and no ABA hazard as a lock-free linked stack of
 * recycled nodes would have. Holds are a few loads and stores, so spinning is the right wait.
 *
 * <p>A stripe keeps at most {@link #STRIPE_CAPACITY} segments; beyond that, returned segments are
 * dropped for the garbage collector (an arena is freed once none of its segments is referenced).
 * The pool never references a segment that is in use, so a buffer that is never closed leaks
 * nothing but this pool's statistics.
 *
 * <p>Giving memory back. A burst of a thousand clients leaves thousands of free segments behind;
 * kept forever, they hold the process's resident size at its peak. So free segments beyond a limit
 * ({@code -Djevent.buffer.poolBytes}, default {@value #DEFAULT_POOL_BYTES} bytes) that nobody took
 * during a whole quiet period ({@code -Djevent.buffer.poolQuietMillis}, default
 * {@value #DEFAULT_QUIET_MILLIS}; 0 keeps everything) are released. The hot path reads no clock for
 * this: each stripe only remembers the lowest number of free segments it held since the last look
 * (one compare in {@link Stripe#pop}), and a daemon thread, started with the first arena, looks once
 * per quiet period: segments that stayed below that low-water mark were not needed for the whole
 * period. It releases those from the newest arenas and keeps those of the oldest, so that whole
 * arenas become unreachable; their direct memory returns to the operating system when the garbage
 * collector next runs (see docs/performance.md for the JVM settings that make it run when idle).
 */
public final class SegmentPool {
    static final int ARENA_SEGMENTS = 128;
    /** 16 MiB per stripe. */
    static final int STRIPE_CAPACITY = 2048;
    /** Free bytes the pool keeps however long they stay unused: 4 MiB, 512 segments. */
    static final long DEFAULT_POOL_BYTES = 4L << 20;
    /** How long free segments beyond the limit may stay unused before they are released. */
    static final long DEFAULT_QUIET_MILLIS = 10_000;
    static final String POOL_BYTES = "jevent.buffer.poolBytes";
    static final String QUIET_MILLIS = "jevent.buffer.poolQuietMillis";

    private static final Stripe[] STRIPES;
    private static final int MASK;
    private static final Comparator<Segment> BY_ARENA = Comparator.comparingLong(seg -> seg.arena);

    /** Free segments kept without a time limit; set from {@link #POOL_BYTES}, or by {@link #limit}. */
    private static volatile long keptSegments;
    private static volatile long quietMillis;
    /** Serial number of the next arena; guarded by the class. */
    private static long arenas;
    /** Orders {@link #limit} against the trimming thread's release; never taken with a stripe lock. */
    private static final Object LIMIT_LOCK = new Object();

    /** The thread that releases idle segments, once the first arena exists; guarded by the class. */
    private static Thread trimmer;

    static {
        long bytes = parseBytes(POOL_BYTES, System.getProperty(POOL_BYTES), DEFAULT_POOL_BYTES);
        keptSegments = (bytes + Segment.SIZE - 1) / Segment.SIZE;
        quietMillis = parseMillis(QUIET_MILLIS, System.getProperty(QUIET_MILLIS), DEFAULT_QUIET_MILLIS);

        int n = Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors() * 2 - 1)) << 1;
        n = Math.min(n, 64);
        STRIPES = new Stripe[n];
        for (int i = 0; i < n; i++) {
            STRIPES[i] = new Stripe();
        }
        MASK = n - 1;
    }

    private SegmentPool() {
    }

    /** A cleared segment, from this thread's stripe if it has one, else another's, else a new arena. */
    public static Segment take() {
        int home = home();
        for (int i = 0; i <= MASK; i++) {
            Stripe s = STRIPES[(home + i) & MASK];
            s.lock();
            Segment seg = s.pop();
            s.unlock();
            if (seg != null) {
                return seg;
            }
        }
        return allocateArena(STRIPES[home]);
    }

    /** {@code n} cleared segments linked through {@link Segment#next}, as many as possible under one lock. */
    static Segment takeRun(int n) {
        Segment first = null;
        if (n > 0) {
            Stripe s = STRIPES[home()];
            s.lock();
            Segment seg;
            while (n > 0 && (seg = s.pop()) != null) {
                seg.next = first;
                first = seg;
                n--;
            }
            s.unlock();
        }
        for (; n > 0; n--) {
            Segment seg = take();
            seg.next = first;
            first = seg;
        }
        return first;
    }

    /** Returns one segment; its memory must not be used by anyone any more. */
    static void recycle(Segment seg) {
        seg.reset();
        int home = home();
        for (int i = 0; i <= MASK; i++) {
            Stripe s = STRIPES[(home + i) & MASK];
            s.lock();
            boolean kept = s.push(seg);
            s.unlock();
            if (kept) {
                return;
            }
        }
        Stripe s = STRIPES[home];
        s.lock();
        s.dropped++;
        s.unlock();
    }

    /**
     * Returns a run of segments linked through {@link Segment#next} under as few lock acquisitions as
     * possible: draining a long buffer gives back all its segments at once.
     */
    static void recycleAll(Segment first) {
        if (first == null) {
            return;
        }
        Segment seg = first;
        int home = home();
        for (int i = 0; seg != null && i <= MASK; i++) {
            Stripe s = STRIPES[(home + i) & MASK];
            s.lock();
            while (seg != null) {
                Segment next = seg.next;
                seg.reset();
                if (!s.push(seg)) {
                    seg.next = next;
                    break;
                }
                seg = next;
            }
            s.unlock();
        }
        if (seg != null) {
            long n = 0;
            for (; seg != null; seg = seg.next) {
                n++;
            }
            Stripe s = STRIPES[home];
            s.lock();
            s.dropped += n;
            s.unlock();
        }
    }

    /**
     * Gives up a segment whose memory someone outside jevent might still write (a receive the
     * kernel was cancelling when its ring closed): it is counted as returned but never handed out
     * again, and the garbage collector frees its arena once nothing refers to any of its segments.
     */
    static void abandon(Segment seg) {
        Stripe s = STRIPES[home()];
        s.lock();
        s.dropped++;
        s.unlock();
    }

    private static Segment allocateArena(Stripe home) {
        ByteBuffer arena = ByteBuffer.allocateDirect(ARENA_SEGMENTS * Segment.SIZE);
        long serial = nextArena();
        Segment first = null;
        home.lock();
        try {
            home.created += ARENA_SEGMENTS;
            for (int i = 0; i < ARENA_SEGMENTS; i++) {
                Segment seg = Segment.pooled(arena.slice(i * Segment.SIZE, Segment.SIZE), serial);
                if (first == null) {
                    first = seg;
                } else if (!home.push(seg)) {
                    home.dropped++;
                }
            }
        } finally {
            home.unlock();
        }
        return first;
    }

    /** Numbers an arena, and starts the trimming thread with the first one (rare: once per MiB). */
    private static synchronized long nextArena() {
        if (trimmer == null && quietMillis > 0) {
            trimmer = new Thread(SegmentPool::trimForever, "jevent-segment-pool-trim");
            trimmer.setDaemon(true);
            trimmer.start();
        }
        return arenas++;
    }

    private static void trimForever() {
        try {
            while (true) {
                long quiet = quietMillis;
                // Sleeping here is the point: this thread exists to look at the pool once per period.
                Thread.sleep(quiet > 0 ? quiet : DEFAULT_QUIET_MILLIS);
                releaseIdleIfTrimming();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The trimming thread's look at the pool. The quiet period is read again under the lock that
     * {@link #limit} takes, so once {@code limit(…, 0)} returns no background release can start.
     */
    private static void releaseIdleIfTrimming() {
        synchronized (LIMIT_LOCK) {
            if (quietMillis > 0) {
                releaseIdle();
            }
        }
    }

    /**
     * Releases the free segments beyond the limit that nobody took since the previous call, and
     * starts the next period: the trimming thread calls it once per quiet period, and tests call it
     * to make a period end now.
     *
     * @return how many segments were released to the garbage collector
     */
    public static long releaseIdle() {
        long free = 0;
        long idle = 0;
        for (Stripe s : STRIPES) {
            s.lock();
            free += s.size;
            idle += s.lowWater;
            s.unlock();
        }
        long excess = Math.min(idle, free - keptSegments);
        long released = 0;
        for (Stripe s : STRIPES) {
            s.lock();
            int n = (int) Math.max(0, Math.min(excess - released, s.lowWater));
            if (n > 0) {
                // Keep the oldest arenas' segments at the bottom, release the newest from the top.
                Arrays.sort(s.stack, 0, s.size, BY_ARENA);
                for (int i = 0; i < n; i++) {
                    s.stack[--s.size] = null;
                }
                s.dropped += n;
                released += n;
            }
            s.lowWater = s.size;
            s.unlock();
        }
        return released;
    }

    /**
     * Changes the limits that {@link #POOL_BYTES} and {@link #QUIET_MILLIS} set at start-up; for
     * tests. A quiet period of 0 stops the releasing (the thread, once started, stays idle).
     *
     * @param poolBytes free bytes kept however long they stay unused
     * @param quiet     milliseconds after which unused free segments beyond that are released
     * @throws IllegalArgumentException if either is negative
     */
    public static void limit(long poolBytes, long quiet) {
        if (poolBytes < 0 || quiet < 0) {
            throw new IllegalArgumentException("poolBytes and quietMillis must be >= 0: " + poolBytes + ", " + quiet);
        }
        synchronized (LIMIT_LOCK) {
            keptSegments = (poolBytes + Segment.SIZE - 1) / Segment.SIZE;
            quietMillis = quiet;
        }
    }

    /**
     * The current limit.
     *
     * @return the bytes kept without a time limit, rounded up to whole segments
     */
    public static long limitBytes() {
        return keptSegments * Segment.SIZE;
    }

    /**
     * The current quiet period.
     *
     * @return milliseconds, 0 when the pool keeps everything
     */
    public static long quietMillis() {
        return quietMillis;
    }

    /**
     * Reads a byte count such as {@code 4194304}, {@code 512k}, {@code 64m} or {@code 1g}.
     *
     * @param property the property's name, for the message
     * @param value    its value, or null if it is not set
     * @param fallback the result when it is not set
     * @return the count in bytes
     * @throws IllegalArgumentException naming the property and what it accepts, if the value is bad
     */
    public static long parseBytes(String property, String value, long fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        int shift = 0;
        char unit = v.charAt(v.length() - 1);
        if (unit == 'k' || unit == 'm' || unit == 'g') {
            shift = unit == 'k' ? 10 : unit == 'm' ? 20 : 30;
            v = v.substring(0, v.length() - 1);
        }
        try {
            long n = Long.parseLong(v);
            if (n >= 0 && n <= (Long.MAX_VALUE >> shift)) {
                return n << shift;
            }
        } catch (NumberFormatException e) {
            // reported below, with the property's name
        }
        throw new IllegalArgumentException("-D" + property + " must be a byte count >= 0 such as 4194304, 512k, 64m"
                + " or 1g: " + value);
    }

    /**
     * Reads a number of milliseconds, 0 or more.
     *
     * @param property the property's name, for the message
     * @param value    its value, or null if it is not set
     * @param fallback the result when it is not set
     * @return the milliseconds
     * @throws IllegalArgumentException naming the property and what it accepts, if the value is bad
     */
    public static long parseMillis(String property, String value, long fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the property's name
        }
        throw new IllegalArgumentException("-D" + property + " must be a number of milliseconds >= 0 (0 keeps every"
                + " free segment): " + value);
    }

    private static int home() {
        long id = Thread.currentThread().getId();
        return (int) ((id * 0x9E3779B97F4A7C15L) >>> 40) & MASK;
    }

    /** Segments handed out and not returned yet; tests use it to prove that nothing leaked. */
    public static long outstanding() {
        long created = 0;
        long back = 0;
        for (Stripe s : STRIPES) {
            s.lock();
            created += s.created;
            back += s.size + s.dropped;
            s.unlock();
        }
        return created - back;
    }

    /** Segments sitting in the pool ready for use. */
    public static long free() {
        long free = 0;
        for (Stripe s : STRIPES) {
            s.lock();
            free += s.size;
            s.unlock();
        }
        return free;
    }

    private static final class Stripe {
        private static final VarHandle LOCK;

        static {
            try {
                LOCK = MethodHandles.lookup().findVarHandle(Stripe.class, "locked", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        @SuppressWarnings("unused")
        private volatile int locked;
        private final Segment[] stack = new Segment[STRIPE_CAPACITY];
        private int size;
        /** The fewest free segments held since the last {@link #releaseIdle}: those were not needed. */
        private int lowWater;
        private long created;
        private long dropped;

        void lock() {
            while (!LOCK.weakCompareAndSetAcquire(this, 0, 1)) {
                Thread.onSpinWait();
            }
        }

        void unlock() {
            LOCK.setRelease(this, 0);
        }

        Segment pop() {
            if (size == 0) {
                return null;
            }
            Segment seg = stack[--size];
            stack[size] = null;
            if (size < lowWater) {
                lowWater = size;
            }
            return seg;
        }

        boolean push(Segment seg) {
            if (size == stack.length) {
                return false;
            }
            stack[size++] = seg;
            return true;
        }
    }
}
