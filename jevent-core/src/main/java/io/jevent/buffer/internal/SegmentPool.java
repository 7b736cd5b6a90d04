package io.jevent.buffer.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

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
 */
public final class SegmentPool {
    static final int ARENA_SEGMENTS = 128;
    /** 16 MiB per stripe. */
    static final int STRIPE_CAPACITY = 2048;

    private static final Stripe[] STRIPES;
    private static final int MASK;

    static {
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

    private static Segment allocateArena(Stripe home) {
        ByteBuffer arena = ByteBuffer.allocateDirect(ARENA_SEGMENTS * Segment.SIZE);
        Segment first = null;
        home.lock();
        try {
            home.created += ARENA_SEGMENTS;
            for (int i = 0; i < ARENA_SEGMENTS; i++) {
                Segment seg = Segment.pooled(arena.slice(i * Segment.SIZE, Segment.SIZE));
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
