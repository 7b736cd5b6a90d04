package io.jevent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every {@code close()} from another thread returns only once the base is freed. */
class ConcurrentCloseTest {
    private static final long TIMEOUT_SECONDS = 10;

    private final ExecutorService loopThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "loop"));

    @AfterEach
    void stopThreads() {
        loopThread.shutdownNow();
    }

    @Test
    void aSecondCloseWhileTheFirstIsUnderWayReturnsOnlyOnceTheBaseIsFreed() throws Exception {
        EventBase base = new EventBase();
        base.newTimer((ev, what) -> { }).add(Duration.ofHours(1));
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        base.execute(() -> {
            held.countDown();
            await(release);
        });
        Future<LoopResult> run = loopThread.submit(() -> base.loop(EventBase.LOOP_NO_EXIT_ON_EMPTY));
        await(held);

        // The first close and a task land in one drain: the close marks the base closed, then the
        // task, with the base closed but not yet freed, has a second thread close it too.
        Thread first = new Thread(base::close, "first closer");
        first.start();
        awaitParkedOrDone(first);
        AtomicInteger addedWhenSecondReturned = new AtomicInteger(-1);
        AtomicReference<Thread.State> secondWhileTheLoopWasHeld = new AtomicReference<>();
        Thread second = new Thread(() -> {
            base.close();
            addedWhenSecondReturned.set(base.eventCount(EventBase.COUNT_ADDED));
        }, "second closer");
        base.execute(() -> {
            second.start();
            awaitParkedOrDone(second);
            secondWhileTheLoopWasHeld.set(second.getState());
        });
        release.countDown();

        first.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        assertThat(first.isAlive()).isFalse();
        assertThat(run.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(LoopResult.EXITED);
        assertThat(secondWhileTheLoopWasHeld).hasValue(Thread.State.WAITING);
        second.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        assertThat(second.isAlive()).isFalse();
        assertThat(addedWhenSecondReturned).hasValue(0);
    }

    @Test
    void closeFromAnotherThreadWhileACallbackClosesTheBaseWaitsForTheLoopToFreeIt() throws Exception {
        EventBase base = new EventBase();
        base.newTimer((ev, what) -> { }).add(Duration.ofHours(1));
        CountDownLatch closedInCallback = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        base.execute(() -> {
            base.close();
            closedInCallback.countDown();
            await(release);
        });
        Future<LoopResult> run = loopThread.submit(() -> base.loop(EventBase.LOOP_NO_EXIT_ON_EMPTY));
        await(closedInCallback);
        assertThat(base.isClosed()).isTrue();

        AtomicInteger addedWhenReturned = new AtomicInteger(-1);
        Thread other = new Thread(() -> {
            base.close();
            addedWhenReturned.set(base.eventCount(EventBase.COUNT_ADDED));
        }, "other closer");
        other.start();
        awaitParkedOrDone(other);
        assertThat(other.getState()).isEqualTo(Thread.State.WAITING);
        release.countDown();
        other.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        assertThat(other.isAlive()).isFalse();
        assertThat(addedWhenReturned).hasValue(0);
        assertThat(run.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(LoopResult.EXITED);
    }

    @Test
    void closeFromACallbackReturnsAtOnceAndTheLoopFreesTheBaseBeforeItReturns() {
        EventBase base = new EventBase();
        base.newTimer((ev, what) -> { }).add(Duration.ofHours(1));
        AtomicInteger addedAfterClose = new AtomicInteger(-1);
        base.execute(() -> {
            base.close();
            addedAfterClose.set(base.eventCount(EventBase.COUNT_ADDED));
        });
        assertThat(base.loop(EventBase.LOOP_NO_EXIT_ON_EMPTY)).isEqualTo(LoopResult.EXITED);
        assertThat(addedAfterClose).hasValue(1);
        assertThat(base.eventCount(EventBase.COUNT_ADDED)).isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out after " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits, bounded, until the thread parks (it is blocked in close()) or ends. */
    private static void awaitParkedOrDone(Thread t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            Thread.State s = t.getState();
            if (s == Thread.State.WAITING || s == Thread.State.TERMINATED) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("\"" + t.getName() + "\" neither blocked nor finished: " + s);
            }
            Thread.onSpinWait();
        }
    }
}
