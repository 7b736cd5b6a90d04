package io.jevent;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A bounded stress run: a body and the threads it forks hammer one scenario until the run's time is
 * up, and a run that hangs fails with a dump of every thread instead of stalling the build.
 *
 * <p>The body runs on a thread of its own; the calling (test) thread is the watchdog and only
 * waits for it, with a deadline, so no wait in the scenario, not even an uninterruptible one, can
 * hang the test. The run fails with the dump if it is still going {@link #GRACE} after its time was
 * up, or if its threads report no {@link #progress} for that long; it stops its threads first (they
 * see {@link #running()} turn false and are interrupted). The first failure of any thread fails the
 * run; later ones are attached to it as suppressed.
 *
 * <p>How long: {@value #SECONDS_PROPERTY} seconds per run (default {@link #DEFAULT_DURATION}), so
 * that {@code mvn -B verify -Djevent.stress.seconds=3600} runs each stress test for an hour.
 *
 * <pre>{@code
 * Stress.run("execute keeps each thread's order", stress -> {
 *     for (int p = 0; p < 4; p++) {
 *         stress.fork("producer-" + p, () -> { while (stress.running()) { ... } });
 *     }
 *     stress.joinForked();
 * });
 * }</pre>
 */
public final class Stress {
    public static final String SECONDS_PROPERTY = "jevent.stress.seconds";
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(1);
    public static final Duration GRACE = Duration.ofSeconds(30);

    /** A stress body or forked task; it may throw anything, which fails the run. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /** The body of a run, given the run to fork threads from and to ask whether to go on. */
    @FunctionalInterface
    public interface Scenario {
        void run(Stress stress) throws Exception;
    }

    private final String name;
    private final Duration grace;
    private final long endNanos;
    private final long deadlineNanos;
    private volatile boolean reportsProgress;
    private volatile long lastProgressNanos;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Thread> forked = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopped;

    private Stress(String name, Duration duration, Duration grace) {
        this.name = name;
        this.grace = grace;
        long now = System.nanoTime();
        this.endNanos = now + duration.toNanos();
        this.deadlineNanos = now + duration.plus(grace).toNanos();
    }

    /** How long each stress run lasts: {@value #SECONDS_PROPERTY} seconds, or the default. */
    public static Duration duration() {
        String s = System.getProperty(SECONDS_PROPERTY);
        if (s == null || s.isBlank()) {
            return DEFAULT_DURATION;
        }
        double seconds = Double.parseDouble(s.trim());
        if (!(seconds > 0)) {
            throw new IllegalArgumentException(SECONDS_PROPERTY + " must be positive: " + s);
        }
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    /** Runs the scenario for {@link #duration()}; fails on its first failure or at the deadline. */
    public static void run(String name, Scenario scenario) {
        run(name, duration(), scenario);
    }

    /** Runs the scenario for {@code duration}; fails on its first failure or at the deadline. */
    public static void run(String name, Duration duration, Scenario scenario) {
        run(name, duration, GRACE, scenario);
    }

    /** As {@link #run(String, Duration, Scenario)}, with another grace; for testing the watchdog. */
    static void run(String name, Duration duration, Duration grace, Scenario scenario) {
        Stress stress = new Stress(name, duration, grace);
        Thread body = stress.start(name, () -> scenario.run(stress));
        stress.await(body);
        stress.joinAll();
        Throwable t = stress.failure.get();
        if (t instanceof Error) {
            throw (Error) t;
        }
        if (t != null) {
            throw new AssertionError(name + " failed", t);
        }
    }

    /** Whether the run's time is not up yet. Any thread. */
    public boolean running() {
        return !stopped && failure.get() == null && System.nanoTime() - endNanos < 0;
    }

    /**
     * Tells the watchdog that the scenario moves on (a round ended, a batch ran). A run that has
     * called this fails as hung once no thread calls it for the grace period. Any thread.
     */
    public void progress() {
        lastProgressNanos = System.nanoTime();
        reportsProgress = true;
    }

    /** Starts a daemon thread of this run; what it throws fails the run. */
    public Thread fork(String threadName, Body task) {
        Thread t = start(name + "/" + threadName, task);
        synchronized (forked) {
            forked.add(t);
        }
        return t;
    }

    /** Waits for every thread forked so far, until the deadline; then forgets them, for long runs. */
    public void joinForked() throws InterruptedException {
        List<Thread> toJoin;
        synchronized (forked) {
            toJoin = new ArrayList<>(forked);
            forked.clear();
        }
        for (Thread t : toJoin) {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(t, left);
            }
            if (t.isAlive()) {
                throw new AssertionError("\"" + t.getName() + "\" still runs at the deadline");
            }
        }
        synchronized (threads) {
            threads.removeAll(toJoin);
        }
    }

    private Thread start(String threadName, Body task) {
        Thread t = new Thread(() -> {
            try {
                task.run();
            } catch (Throwable e) {
                if (!(stopped && e instanceof InterruptedException) && !failure.compareAndSet(null, e)) {
                    failure.get().addSuppressed(e);
                }
            }
        }, threadName);
        t.setDaemon(true);
        synchronized (threads) {
            threads.add(t);
        }
        t.start();
        return t;
    }

    private void await(Thread body) {
        long slice = Math.min(TimeUnit.MILLISECONDS.toNanos(100), grace.toNanos());
        while (body.isAlive()) {
            long now = System.nanoTime();
            if (now - deadlineNanos >= 0) {
                fail("still running " + grace + " after its time was up");
            }
            if (reportsProgress && now - lastProgressNanos > grace.toNanos()) {
                fail("no progress for " + grace);
            }
            try {
                TimeUnit.NANOSECONDS.timedJoin(body, slice);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(name + ": interrupted", e);
            }
        }
    }

    private void joinAll() {
        List<Thread> all;
        synchronized (threads) {
            all = new ArrayList<>(threads);
        }
        for (Thread t : all) {
            long left = deadlineNanos - System.nanoTime();
            try {
                if (left > 0) {
                    TimeUnit.NANOSECONDS.timedJoin(t, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(name + ": interrupted", e);
            }
            if (t.isAlive()) {
                fail("thread \"" + t.getName() + "\" still runs at the deadline");
            }
        }
    }

    private void fail(String what) {
        String dump = threadDump();
        stopped = true;
        synchronized (threads) {
            threads.forEach(Thread::interrupt);
        }
        AssertionError e = new AssertionError(name + ": " + what + "\n\n" + dump);
        Throwable earlier = failure.get();
        if (earlier != null) {
            e.addSuppressed(earlier);
        }
        throw e;
    }

    /** Every live thread with its whole stack and the locks it holds or waits for. */
    public static String threadDump() {
        StringBuilder sb = new StringBuilder("Thread dump:\n");
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            sb.append('"').append(info.getThreadName()).append("\" #").append(info.getThreadId())
                    .append(info.isDaemon() ? " daemon " : " ").append(info.getThreadState());
            if (info.getLockInfo() != null) {
                sb.append(" on ").append(info.getLockInfo());
                if (info.getLockOwnerName() != null) {
                    sb.append(" owned by \"").append(info.getLockOwnerName()).append('"');
                }
            }
            sb.append('\n');
            StackTraceElement[] stack = info.getStackTrace();
            MonitorInfo[] monitors = info.getLockedMonitors();
            for (int i = 0; i < stack.length; i++) {
                sb.append("\tat ").append(stack[i]).append('\n');
                for (MonitorInfo m : monitors) {
                    if (m.getLockedStackDepth() == i) {
                        sb.append("\t- locked ").append(m).append('\n');
                    }
                }
            }
            LockInfo[] synchronizers = info.getLockedSynchronizers();
            if (synchronizers.length > 0) {
                sb.append("\tlocked synchronizers:\n");
                for (LockInfo l : synchronizers) {
                    sb.append("\t- ").append(l).append('\n');
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
