package io.jevent;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A fixed group of {@link EventBase}s, each run by a thread of its own until the group is shut
 * down: the "one {@code event_base} per thread" pattern of libevent's documentation (libevent has
 * no type for it), and what Netty calls an {@code EventLoopGroup}.
 *
 * <pre>{@code
 * try (EventBaseGroup group = EventBaseGroup.create(4)) {
 *     GroupListener listener = GroupListener.bind(group, new InetSocketAddress(9876), -1,
 *             GroupListener.Spread.HANDOFF, (base, channel, peer) -> startEcho(base, channel));
 *     ...
 * }
 * }</pre>
 *
 * <p>Each base keeps its own events, timers and connections: an event belongs to the base that
 * created it and its callbacks run on that base's thread, so the code of one connection needs no
 * lock as long as it stays on its loop. Spread the work with {@link #next()} (round-robin) or pick
 * a loop with {@link #get(int)}; hand work to a loop from anywhere with its
 * {@link EventBase#execute}.
 *
 * <p><b>Loop threads</b> are named {@code jevent-loop-<group>-<i>}. Each runs its base's loop with
 * {@link EventBase#LOOP_NO_EXIT_ON_EMPTY}, so a loop with nothing to do waits for work instead of
 * returning; if the loop returns anyway (a {@link EventBase#loopExit()} or
 * {@link EventBase#loopBreak()} on the base, an interrupt), the thread enters it again, until the
 * group is shut down. A callback's exception is handled as the base's builder says (logged by
 * default, or given to its {@linkplain EventBase.Builder#callbackErrorHandler handler}); with
 * {@link EventBase.Builder#rethrowCallbackErrors()}, the exception goes to the thread's uncaught
 * exception handler and the loop runs on. Only an {@link Error}, or the backend's failure
 * ({@link LoopResult#ERROR}, logged), ends a loop thread before the group is shut down.
 *
 * <p><b>Shutting down:</b> {@link #shutdown()} asks every loop to stop; each thread lets its loop
 * finish the round it runs, then closes its base on its own thread ({@link EventBase#close()}:
 * tasks already accepted run, pending events are dropped, channels stay open), and ends.
 * {@link #awaitTermination} waits for that; {@link #close()} does both. Work that should finish
 * first, such as letting connections send what they owe, is the application's: run it on each
 * loop (for example with {@link EventBase#execute}) and shut the group down when it reports done.
 *
 * <p><b>Threads:</b> every method may be called from any thread. The bases themselves follow
 * {@link EventBase}'s rules; do not run ({@link EventBase#dispatch()}) or close a group's base
 * yourself: the group owns them.
 */
public final class EventBaseGroup implements AutoCloseable, Executor {
    /** How long {@link #close()} waits for the loop threads. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
    private static final AtomicInteger GROUPS = new AtomicInteger();
    private static final System.Logger LOG = System.getLogger("io.jevent");

    private final String name;
    private final EventBase[] bases;
    private final Thread[] threads;
    private final AtomicInteger nextIndex = new AtomicInteger();
    private final CountDownLatch terminated;
    private volatile boolean shutdown;

    private EventBaseGroup(Builder b) {
        this.name = b.name != null ? b.name : String.valueOf(GROUPS.getAndIncrement());
        this.bases = new EventBase[b.loops];
        this.threads = new Thread[b.loops];
        this.terminated = new CountDownLatch(b.loops);
        try {
            for (int i = 0; i < bases.length; i++) {
                bases[i] = b.newBase();
                for (int j = 0; j < i; j++) {
                    if (bases[j] == bases[i]) {
                        bases[i] = null;
                        throw new IllegalStateException("the base factory returned the same EventBase twice;"
                                + " each loop needs a base of its own");
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            for (EventBase base : bases) {
                if (base != null) {
                    base.close();
                }
            }
            throw e;
        }
        for (int i = 0; i < bases.length; i++) {
            EventBase base = bases[i];
            threads[i] = new Thread(() -> runLoop(base), "jevent-loop-" + name + "-" + i);
            threads[i].setDaemon(b.daemon);
        }
        for (Thread t : threads) {
            t.start();
        }
    }

    /**
     * Starts {@code loops} bases with libevent's defaults, each on a thread of its own (non-daemon
     * threads: shut the group down, or the JVM will not exit). Any thread.
     *
     * @param loops how many bases and threads, at least 1; usually the number of cores
     * @return the running group
     * @throws IllegalArgumentException if {@code loops} is less than 1
     */
    public static EventBaseGroup create(int loops) {
        return builder().loops(loops).build();
    }

    /**
     * Configures a group: how many loops, how each base is made, how its threads are named.
     *
     * @return a builder for one loop of default bases
     */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ the loops

    /**
     * How many loops the group has. Any thread.
     *
     * @return the number of bases, at least 1
     */
    public int size() {
        return bases.length;
    }

    /**
     * The base of loop {@code index}, to create events on or {@linkplain EventBase#execute hand
     * work to}; its callbacks run on that loop's thread. Any thread; the base stays the same for
     * the group's life, and is closed once the group has terminated.
     *
     * @param index 0 to {@link #size()} - 1
     * @return the base
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public EventBase get(int index) {
        Objects.checkIndex(index, bases.length);
        return bases[index];
    }

    /**
     * The next base in round-robin order: successive calls, from any threads together, go through
     * the bases in turn, so each gets the same share. Allocates nothing. Any thread.
     *
     * @return a base of the group
     */
    public EventBase next() {
        return bases[Math.floorMod(nextIndex.getAndIncrement(), bases.length)];
    }

    /**
     * Runs {@code task} on the {@linkplain #next() next} loop, as its {@link EventBase#execute}
     * does: after that loop's current round of callbacks, in submission order among the tasks this
     * thread gives that loop. Use {@code get(i).execute(task)} to choose the loop. Any thread.
     *
     * @param task what to run
     * @throws RejectedExecutionException if the group is shut down
     */
    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (shutdown) {
            throw new RejectedExecutionException("the EventBaseGroup " + name + " is shut down; its loops will not run "
                    + task);
        }
        next().execute(task);
    }

    /**
     * Whether {@code thread} is one of this group's loop threads. Any thread.
     *
     * @param thread the thread to ask about, for example {@link Thread#currentThread()}
     * @return true if it runs one of the group's loops
     */
    public boolean isLoopThread(Thread thread) {
        for (Thread t : threads) {
            if (t == thread) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ shutting down

    /**
     * Asks every loop to stop and returns at once: each loop finishes the round of callbacks it is
     * running, then its thread closes its base ({@link EventBase#close()}: tasks already accepted
     * run, pending events are dropped without running, channels stay open) and ends. From now on
     * {@link #execute} refuses work. Calling it again does nothing. Any thread, a loop thread
     * included.
     */
    public void shutdown() {
        if (shutdown) {
            return;
        }
        shutdown = true;
        for (EventBase base : bases) {
            try {
                base.loopExit();
            } catch (IllegalStateException closedAlready) {
                // Someone closed a base the group owns; its thread sees it and ends.
            }
        }
    }

    /**
     * Whether {@link #shutdown()} (or {@link #close()}) was called. Any thread.
     *
     * @return true once the group is shutting down or terminated
     */
    public boolean isShutdown() {
        return shutdown;
    }

    /**
     * Whether every loop thread has ended, and so every base is closed. Any thread.
     *
     * @return true once the group has terminated
     */
    public boolean isTerminated() {
        for (Thread t : threads) {
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits until every loop thread has ended after {@link #shutdown()}, or the timeout passes. Any
     * thread but a loop thread of this group, which would wait for itself.
     *
     * @param timeout how long to wait at most
     * @return true if the group terminated, false if the timeout passed first
     * @throws InterruptedException     if this thread is interrupted while waiting
     * @throws IllegalStateException    if called on one of this group's loop threads
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout is negative: " + timeout);
        }
        if (isLoopThread(Thread.currentThread())) {
            throw new IllegalStateException("awaitTermination() on " + Thread.currentThread().getName()
                    + " would wait for its own loop to end: call shutdown() there, and wait on another thread");
        }
        return awaitThreads(timeout.toNanos());
    }

    /** Waits for the loops to end, then for their threads to be gone, so that none is alive after. */
    private boolean awaitThreads(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        if (!terminated.await(nanos, TimeUnit.NANOSECONDS)) {
            return false;
        }
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                t.join(left / 1_000_000, (int) (left % 1_000_000));
            }
        }
        return isTerminated();
    }

    /**
     * Shuts the group down and waits, up to 30 s, until every loop thread has ended and closed its
     * base. On one of the group's own loop threads it only {@linkplain #shutdown() shuts down}, as
     * waiting there would wait for itself. Closing again waits again, and returns at once once
     * terminated. Any thread. If this thread is interrupted while it waits, it stops waiting and
     * stays interrupted.
     *
     * @throws IllegalStateException if a loop has not ended after 30 s (a callback that never
     *                               returns): the message names it
     */
    @Override
    public void close() {
        shutdown();
        if (isLoopThread(Thread.currentThread())) {
            return;
        }
        try {
            if (awaitThreads(CLOSE_WAIT.toNanos())) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        StringBuilder running = new StringBuilder();
        for (Thread t : threads) {
            if (t.isAlive()) {
                running.append(running.length() == 0 ? "" : ", ").append(t.getName());
            }
        }
        throw new IllegalStateException("the loops " + running + " did not end within " + CLOSE_WAIT.toSeconds()
                + " s of shutdown(): a callback or task on them does not return");
    }

    @Override
    public String toString() {
        return "EventBaseGroup[" + name + ", " + bases.length + " loops"
                + (isTerminated() ? ", terminated]" : shutdown ? ", shutting down]" : "]");
    }

    // ------------------------------------------------------------------ loop threads

    /** The body of a loop thread: run the loop until the group shuts down, then free the base here. */
    private void runLoop(EventBase base) {
        try {
            while (!shutdown && !base.isClosed()) {
                if (!runOnce(base)) {
                    break;
                }
            }
        } finally {
            try {
                base.close();
            } finally {
                terminated.countDown();
            }
        }
    }

    /**
     * One run of the loop.
     *
     * @return false if the loop thread must end: the backend failed
     */
    private boolean runOnce(EventBase base) {
        try {
            LoopResult result = base.loop(EventBase.LOOP_NO_EXIT_ON_EMPTY);
            if (result == LoopResult.ERROR) {
                LOG.log(System.Logger.Level.ERROR, Thread.currentThread().getName()
                        + ": the event loop failed and its thread ends: " + base.loopError(), base.loopError());
                return false;
            }
        } catch (RuntimeException e) {
            if (base.isClosed()) {
                return false;    // closed under the thread by someone else: nothing left to run
            }
            // A base built to rethrow: the thread reports it, and the loop goes on.
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, e);
        }
        // The loop returned after an interrupt, which it leaves set: only shutdown() ends a loop
        // thread, and the selector would return at once for an interrupted thread.
        Thread.interrupted();
        return true;
    }

    /**
     * Configures an {@link EventBaseGroup}. Not thread-safe; build on one thread.
     */
    public static final class Builder {
        private int loops = 1;
        private String name;
        private boolean daemon;
        private EventBase.Builder baseConfig;
        private Supplier<EventBase> baseFactory;

        private Builder() {
        }

        /**
         * How many loops, each a base and a thread.
         *
         * @param n at least 1; usually the number of cores
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is less than 1
         */
        public Builder loops(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("an EventBaseGroup needs at least 1 loop: " + n);
            }
            this.loops = n;
            return this;
        }

        /**
         * The {@code <group>} part of the thread names {@code jevent-loop-<group>-<i>}; by default a
         * number, unique in the JVM.
         *
         * @param name a short name, for thread dumps and logs
         * @return this builder
         * @throws IllegalArgumentException if {@code name} is blank
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("the group's name is blank: \"" + name + "\"");
            }
            this.name = name;
            return this;
        }

        /**
         * Whether the loop threads are daemon threads, which do not keep the JVM alive. Off by
         * default, as Netty's: a program that forgets to shut its group down keeps running.
         *
         * @param daemon true for daemon threads
         * @return this builder
         */
        public Builder daemon(boolean daemon) {
            this.daemon = daemon;
            return this;
        }

        /**
         * Builds every base with {@code config} (priorities, timings, error handler, ...), one
         * {@link EventBase.Builder#build()} per loop. Replaces a {@link #baseFactory}.
         *
         * @param config the configuration of every base; used when {@link #build()} runs
         * @return this builder
         */
        public Builder baseConfig(EventBase.Builder config) {
            this.baseConfig = Objects.requireNonNull(config, "config");
            this.baseFactory = null;
            return this;
        }

        /**
         * Makes every base with {@code factory}, called once per loop on the thread that calls
         * {@link #build()}. Each base it returns must be new: not closed, not run, not shared; the
         * group owns it from then on. Replaces a {@link #baseConfig}.
         *
         * @param factory makes one base per call
         * @return this builder
         */
        public Builder baseFactory(Supplier<EventBase> factory) {
            this.baseFactory = Objects.requireNonNull(factory, "factory");
            this.baseConfig = null;
            return this;
        }

        /**
         * Creates the bases and starts their threads.
         *
         * @return the running group
         * @throws IllegalStateException if the factory returned null, a closed base, or the same
         *                               base twice (the bases made so far are closed)
         */
        public EventBaseGroup build() {
            return new EventBaseGroup(this);
        }

        private EventBase newBase() {
            EventBase base = baseFactory != null ? baseFactory.get()
                    : baseConfig != null ? baseConfig.build() : new EventBase();
            if (base == null) {
                throw new IllegalStateException("the base factory returned null; it must return a new EventBase");
            }
            if (base.isClosed()) {
                throw new IllegalStateException("the base factory returned a closed EventBase; it must return a new one");
            }
            return base;
        }
    }
}
