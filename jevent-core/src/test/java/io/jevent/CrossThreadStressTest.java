package io.jevent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The promises other threads get, tried in many interleavings for a bounded time (see {@link Stress}
 * for how to run them longer): tasks of one thread run in order across loop runs and exits, an
 * accepted task always runs, and every close() returns once the base is freed.
 */
class CrossThreadStressTest {
    /** Tasks a producer may have waiting before it lets the loop catch up. */
    private static final int WINDOW = 10_000;

    @Test
    void eachProducersTasksRunInOrderWhileTheLoopStartsAndStopsAtRandom() {
        int producers = 4;
        AtomicLong runs = new AtomicLong();
        AtomicLong tasks = new AtomicLong();
        Stress.run("execute() keeps each producer's order", stress -> {
            EventBase base = new EventBase();
            AtomicIntegerArray submitted = new AtomicIntegerArray(producers);
            AtomicIntegerArray ran = new AtomicIntegerArray(producers);
            AtomicReference<String> disorder = new AtomicReference<>();
            // A pending timer lets LOOP_ONCE sleep in the backend, so that producers must wake it.
            base.newEvent(null, Ev.PERSIST, (ev, what) -> { }).add(Duration.ofMillis(1));
            Thread[] producing = new Thread[producers];
            for (int p = 0; p < producers; p++) {
                int producer = p;
                producing[p] = stress.fork("producer-" + p, () -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int seq = 0; stress.running(); seq++) {
                        int expected = seq;
                        base.execute(() -> {
                            if (ran.get(producer) != expected) {
                                disorder.compareAndSet(null, "producer " + producer + ": task " + expected
                                        + " ran when task " + ran.get(producer) + " was due");
                            }
                            ran.set(producer, expected + 1);
                        });
                        submitted.set(producer, seq + 1);
                        int r = random.nextInt(2_000);
                        if (r == 0) {
                            base.loopBreak();
                        } else if (r == 1) {
                            base.loopExit();
                        }
                        while (seq - ran.get(producer) > WINDOW && stress.running()) {
                            Thread.yield();
                        }
                    }
                });
            }

            // This thread is the loop's: it enters and leaves the loop at random, sometimes
            // stopping it from inside, until the producers are done and every task ran.
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (anyAlive(producing) || !allRan(submitted, ran)) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                int r = random.nextInt(16);
                if (r == 0) {
                    base.execute(base::loopBreak);
                } else if (r == 1) {
                    base.execute(base::loopExit);
                }
                base.loop(random.nextBoolean() ? EventBase.LOOP_ONCE : EventBase.LOOP_NONBLOCK);
                if (runs.incrementAndGet() % 1024 == 0) {
                    stress.progress();
                }
            }
            base.close();
            assertThat(disorder.get()).isNull();
            for (int p = 0; p < producers; p++) {
                tasks.addAndGet(submitted.get(p));
                assertThat(ran.get(p)).as("tasks of producer %d that ran", p).isEqualTo(submitted.get(p));
            }
        });
        assertThat(runs.get()).as("loop runs").isGreaterThan(1);
        assertThat(tasks.get()).as("tasks").isGreaterThan(producers);
    }

    @Test
    void everyTaskExecuteAcceptsRunsAlsoWhenTheBaseClosesMeanwhile() {
        Stress.run("execute() against close()", stress -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int round = 0; stress.running(); round++) {
                EventBase base = new EventBase();
                int producers = 2;
                AtomicIntegerArray accepted = new AtomicIntegerArray(producers);
                AtomicIntegerArray ran = new AtomicIntegerArray(producers);
                AtomicReference<String> wrong = new AtomicReference<>();
                // Close while a loop runs, while the loop thread enters and leaves it, or with none.
                switch (round % 3) {
                    case 0:
                        stress.fork("loop", () -> loopUntilClosed(base, EventBase.LOOP_NO_EXIT_ON_EMPTY));
                        break;
                    case 1:
                        stress.fork("loop", () -> loopUntilClosed(base, EventBase.LOOP_NONBLOCK));
                        break;
                    default:
                        break;
                }
                for (int p = 0; p < producers; p++) {
                    int producer = p;
                    stress.fork("producer-" + p, () -> {
                        for (int seq = 0; ; seq++) {
                            int expected = seq;
                            try {
                                base.execute(() -> {
                                    if (ran.get(producer) != expected) {
                                        wrong.compareAndSet(null, "producer " + producer + ": task " + expected
                                                + " ran when task " + ran.get(producer) + " was due");
                                    }
                                    ran.set(producer, expected + 1);
                                });
                            } catch (RejectedExecutionException closed) {
                                return;
                            }
                            accepted.set(producer, seq + 1);
                        }
                    });
                }
                int before = random.nextInt(200);
                while (accepted.get(0) + accepted.get(1) < before && !Thread.currentThread().isInterrupted()) {
                    Thread.onSpinWait();
                }
                base.close();
                stress.joinForked();
                assertThat(wrong.get()).as("round %d", round).isNull();
                for (int p = 0; p < producers; p++) {
                    assertThat(ran.get(p)).as("round %d: accepted tasks of producer %d that ran", round, p)
                            .isEqualTo(accepted.get(p));
                }
                stress.progress();
            }
        });
    }

    @Test
    void everyCloseReturnsOnlyOnceTheBaseIsFreed() {
        Stress.run("concurrent close()", stress -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int round = 0; stress.running(); round++) {
                EventBase base = new EventBase();
                base.newTimer((ev, what) -> { }).add(Duration.ofHours(1));
                int mode = round % 4;
                if (mode != 0) {
                    CountDownLatch running = new CountDownLatch(1);
                    base.execute(running::countDown);
                    stress.fork("loop", () -> loopUntilClosed(base, EventBase.LOOP_NO_EXIT_ON_EMPTY));
                    if (mode == 1) {
                        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
                    }
                }
                if (random.nextBoolean()) {
                    // A close from the loop thread, or from the close() that runs the task.
                    base.execute(base::close);
                }
                CountDownLatch start = new CountDownLatch(1);
                AtomicReference<String> early = new AtomicReference<>();
                for (int c = 0; c < 3; c++) {
                    stress.fork("closer-" + c, () -> {
                        assertThat(start.await(10, TimeUnit.SECONDS)).isTrue();
                        base.close();
                        int added = base.eventCount(EventBase.COUNT_ADDED);
                        if (added != 0 || !base.isClosed()) {
                            early.compareAndSet(null, "close() returned with " + added + " events added");
                        }
                    });
                }
                start.countDown();
                stress.joinForked();
                assertThat(early.get()).as("round %d", round).isNull();
                stress.progress();
            }
        });
    }

    /** Runs the loop until the base is closed; a close that comes before it starts is fine. */
    private static void loopUntilClosed(EventBase base, int flags) {
        while (true) {
            try {
                base.loop(flags);
            } catch (IllegalStateException closed) {
                assertThat(base.isClosed()).as(closed.getMessage()).isTrue();
                return;
            }
            if (base.isClosed()) {
                return;
            }
        }
    }

    private static boolean anyAlive(Thread[] threads) {
        for (Thread t : threads) {
            if (t.isAlive()) {
                return true;
            }
        }
        return false;
    }

    private static boolean allRan(AtomicIntegerArray submitted, AtomicIntegerArray ran) {
        for (int i = 0; i < submitted.length(); i++) {
            if (ran.get(i) != submitted.get(i)) {
                return false;
            }
        }
        return true;
    }
}
