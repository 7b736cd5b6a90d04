package io.jevent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jevent.EventBase;
import io.jevent.LoopResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code execute()}'s two promises, at the moments where the loop stops or the base closes: tasks of
 * one thread run in submission order, and a task that was accepted runs. Each interleaving is forced
 * with latches; the stress tests try the others.
 */
class ExecuteTest {
    private static final long TIMEOUT_SECONDS = 10;

    private final ExecutorService loopThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "loop"));
    private final ExecutorService producer = Executors.newSingleThreadExecutor(r -> new Thread(r, "producer"));

    @AfterEach
    void stopThreads() {
        loopThread.shutdownNow();
        producer.shutdownNow();
    }

    @Test
    void tasksKeptByAStoppingLoopRunBeforeTasksTheSameThreadSubmitsWhileItStops() throws Exception {
        List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
        try (EventBase base = new EventBase()) {
            EventLoop loop = Loops.of(base);
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            base.execute(() -> {
                held.countDown();
                await(release);
                base.loopBreak();
            });
            Future<LoopResult> run = loopThread.submit(() -> base.loop(EventBase.LOOP_NO_EXIT_ON_EMPTY));
            await(held);

            // While the loop is held, the producer submits task 1, and loop work lands behind it. The
            // stopping loop keeps task 1 for its next run and runs the loop work at once; that work
            // has the producer submit task 2 just then.
            get(producer.submit(() -> base.execute(() -> ran.add(1))));
            Thread inspector = new Thread(() -> loop.inspect(
                    () -> get(producer.submit(() -> base.execute(() -> ran.add(2))))), "inspector");
            inspector.start();
            awaitParked(inspector);
            release.countDown();
            assertThat(run.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(LoopResult.EXITED);
            inspector.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            assertThat(inspector.isAlive()).isFalse();
            assertThat(ran).isEmpty();

            base.loop(EventBase.LOOP_NONBLOCK);
            assertThat(ran).containsExactly(1, 2);
        }
    }

    @Test
    void aTaskThatSubmitsATaskLetsTheLoopReturnAndTheNewOneRunsInTheNextIteration() {
        try (EventBase base = new EventBase()) {
            AtomicInteger runs = new AtomicInteger();
            Runnable again = new Runnable() {
                @Override
                public void run() {
                    if (runs.incrementAndGet() < 3) {
                        base.execute(this);
                    }
                }
            };
            base.execute(again);
            assertThat(base.loop(EventBase.LOOP_NONBLOCK)).isEqualTo(LoopResult.NO_EVENTS);
            assertThat(runs).hasValue(1);
            assertThat(base.loop(EventBase.LOOP_NONBLOCK)).isEqualTo(LoopResult.NO_EVENTS);
            assertThat(runs).hasValue(2);
        }
    }

    @Test
    void aTaskAcceptedJustBeforeAConcurrentCloseTakesEffectRunsOnTheLoopThread() throws Exception {
        EventBase base = new EventBase();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        base.execute(() -> {
            held.countDown();
            await(release);
        });
        Future<LoopResult> run = loopThread.submit(() -> base.loop(EventBase.LOOP_NO_EXIT_ON_EMPTY));
        await(held);

        // The gate and the close land in one drain, gate first; while the gate holds the loop, the
        // base is still open, so the producer's task is accepted, but it lands behind the close.
        CountDownLatch gateEntered = new CountDownLatch(1);
        CountDownLatch openGate = new CountDownLatch(1);
        base.execute(() -> {
            gateEntered.countDown();
            await(openGate);
        });
        Thread closer = new Thread(base::close, "closer");
        closer.start();
        awaitParked(closer);
        release.countDown();
        await(gateEntered);

        AtomicReference<String> ranOn = new AtomicReference<>();
        get(producer.submit(() -> base.execute(() -> ranOn.set(Thread.currentThread().getName()))));
        openGate.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        assertThat(closer.isAlive()).isFalse();
        assertThat(ranOn).hasValue("loop");
        assertThat(run.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(LoopResult.EXITED);
        assertThatThrownBy(() -> base.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void tasksWaitingForTheNextRunRunInOrderWhenTheBaseClosesWithNoLoopRunning() {
        List<String> ran = new ArrayList<>();
        EventBase base = new EventBase();
        base.execute(() -> ran.add("first " + base.inLoopThread()));
        base.execute(() -> ran.add("second " + base.inLoopThread()));
        base.close();
        assertThat(ran).containsExactly("first true", "second true");
        assertThatThrownBy(() -> base.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void aTaskRunByCloseIsRefusedWhatItSubmitsAndMayCloseAgain() {
        List<Throwable> reported = new ArrayList<>();
        EventBase base = EventBase.builder().callbackErrorHandler(reported::add).build();
        AtomicInteger ran = new AtomicInteger();
        base.execute(() -> {
            ran.incrementAndGet();
            base.close();
            base.execute(ran::incrementAndGet);
        });
        base.close();
        assertThat(ran).hasValue(1);
        assertThat(reported).singleElement().isInstanceOf(RejectedExecutionException.class);
        assertThat(base.isClosed()).isTrue();
    }

    @Test
    void aTaskThatFailsWhileTheBaseClosesDoesNotStopTheOthersAndCloseReportsIt() {
        EventBase base = EventBase.builder().rethrowCallbackErrors().build();
        List<String> ran = new ArrayList<>();
        base.execute(() -> {
            throw new IllegalStateException("first fails");
        });
        base.execute(() -> ran.add("second"));
        assertThatThrownBy(base::close).isInstanceOf(IllegalStateException.class).hasMessage("first fails");
        assertThat(ran).containsExactly("second");
        assertThat(base.isClosed()).isTrue();
        assertThatThrownBy(() -> base.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
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

    private static <T> T get(Future<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Waits, bounded, until the thread parks: it is blocked in the call under test. */
    private static void awaitParked(Thread t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (t.getState() != Thread.State.WAITING) {
            if (System.nanoTime() > deadline || t.getState() == Thread.State.TERMINATED) {
                throw new AssertionError("\"" + t.getName() + "\" did not block: " + t.getState());
            }
            Thread.onSpinWait();
        }
    }
}
