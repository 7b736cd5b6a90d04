package io.jevent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Calls from other threads while the loop runs, and what they are promised. */
class CrossThreadTest {
    private ExecutorService loopThread;
    private EventBase base;
    private Future<LoopResult> loop;

    @BeforeEach
    void startLoop() throws Exception {
        loopThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "loop"));
        base = new EventBase();
        CountDownLatch running = new CountDownLatch(1);
        base.execute(running::countDown);
        loop = loopThread.submit(() -> base.loop(EventBase.LOOP_NO_EXIT_ON_EMPTY));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @AfterEach
    void stopLoop() throws Exception {
        base.loopBreak();
        loop.get(10, TimeUnit.SECONDS);
        base.close();
        loopThread.shutdownNow();
    }

    @Test
    void addingATimerFromAnotherThreadWakesTheSleepingLoop() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        AtomicReference<String> ranOn = new AtomicReference<>();
        Event timer = base.newTimer((ev, what) -> {
            ranOn.set(Thread.currentThread().getName());
            fired.countDown();
        });
        timer.add(Duration.ofMillis(1));
        assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ranOn.get()).isEqualTo("loop");
    }

    @Test
    void activatingFromAnotherThreadRunsTheCallbackOnTheLoop() throws Exception {
        java.util.concurrent.Semaphore runs = new java.util.concurrent.Semaphore(0);
        Event user = base.newTimer((ev, what) -> {
            assertThat(base.inLoopThread()).isTrue();
            runs.release();
        });
        for (int i = 0; i < 3; i++) {
            user.activate(0);
            // Wait for each run: activations before the callback runs merge into one run.
            assertThat(runs.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void executeRunsTasksOnTheLoopThreadInSubmissionOrder() throws Exception {
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(1);
        for (int i = 0; i < 1000; i++) {
            int n = i;
            base.execute(() -> {
                assertThat(base.inLoopThread()).isTrue();
                order.add(n);
            });
        }
        base.execute(done::countDown);
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(order).hasSize(1000).isSorted();
    }

    @Test
    void delFromAnotherThreadReturnsOnlyAfterTheRunningCallbackFinished() throws Exception {
        assertWaitsForTheRunningCallback(Event::del);
    }

    @Test
    void closeFromAnotherThreadReturnsOnlyAfterTheRunningCallbackFinished() throws Exception {
        assertWaitsForTheRunningCallback(Event::close);
    }

    private void assertWaitsForTheRunningCallback(java.util.function.Consumer<Event> stop) throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        Event slow = base.newEvent(null, Ev.PERSIST, (ev, what) -> {
            entered.countDown();
            await(release);
            finished.set(true);
        });
        slow.add(Duration.ZERO);
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        AtomicBoolean finishedWhenStopReturned = new AtomicBoolean();
        Thread stopper = new Thread(() -> {
            stop.accept(slow);
            finishedWhenStopReturned.set(finished.get());
        });
        stopper.start();
        awaitBlockedOrDone(stopper);
        release.countDown();
        stopper.join(10_000);
        assertThat(stopper.isAlive()).isFalse();
        assertThat(finishedWhenStopReturned.get()).isTrue();
        assertThat(slow.pending(Ev.TIMEOUT)).isZero();
    }

    @Test
    void loopBreakFromAnotherThreadStopsTheLoop() throws Exception {
        base.loopBreak();
        assertThat(loop.get(10, TimeUnit.SECONDS)).isEqualTo(LoopResult.EXITED);
        assertThat(base.gotBreak()).isTrue();
        loop = loopThread.submit(() -> base.loop(EventBase.LOOP_NONBLOCK));
    }

    @Test
    void closingTheBaseFromAnotherThreadStopsTheLoopAndWaitsForIt() throws Exception {
        Event pendingTimer = base.newTimer((ev, what) -> { });
        pendingTimer.add(Duration.ofHours(1));
        base.close();
        assertThat(base.isClosed()).isTrue();
        // Freed, not only closed. The loop has freed the base and is returning; its Future
        // completes a moment later, on the executor's side.
        assertThat(base.eventCount(EventBase.COUNT_ADDED)).isZero();
        assertThat(loop.get(10, TimeUnit.SECONDS)).isEqualTo(LoopResult.EXITED);
        assertThat(pendingTimer.isClosed()).isTrue();
        loop = java.util.concurrent.CompletableFuture.completedFuture(LoopResult.EXITED);
    }

    @Test
    void manyThreadsAddingAndDeletingConcurrentlyLeaveAConsistentBase() throws Exception {
        int threads = 4;
        int perThread = 2000;
        CountDownLatch fired = new CountDownLatch(threads * perThread);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                jobs.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        Event doomed = base.newTimer((ev, what) -> { });
                        doomed.add(Duration.ofHours(1));
                        Event kept = base.newTimer((ev, what) -> fired.countDown());
                        kept.add(Duration.ZERO);
                        doomed.close();
                    }
                }));
            }
            for (Future<?> job : jobs) {
                job.get(30, TimeUnit.SECONDS);
            }
            assertThat(fired.await(30, TimeUnit.SECONDS)).isTrue();
            CountDownLatch settled = new CountDownLatch(1);
            base.execute(settled::countDown);
            assertThat(settled.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(base.eventCount(EventBase.COUNT_ADDED | EventBase.COUNT_ACTIVE)).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits, bounded, until a thread parks (it is blocked in the call under test) or ends. */
    static void awaitBlockedOrDone(Thread t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Thread.State s = t.getState();
            if (s == Thread.State.WAITING || s == Thread.State.TERMINATED) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("thread neither blocked nor finished: " + t.getState());
    }
}
