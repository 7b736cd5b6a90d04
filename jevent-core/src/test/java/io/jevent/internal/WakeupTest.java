package io.jevent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.Ev;
import io.jevent.Event;
import io.jevent.EventBase;
import io.jevent.LoopResult;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Other threads wake the loop only when it sleeps, and many calls cost one wake-up. */
class WakeupTest {

    @Test
    void callsWhileTheLoopIsBusyCauseNoWakeupAndCallsWhileItSleepsCauseOne() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (EventBase base = new EventBase()) {
            EventLoop loop = Loops.of(base);
            CountDownLatch inCallback = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch userRuns = new CountDownLatch(1);
            Event busy = base.newTimer((ev, what) -> {
                inCallback.countDown();
                awaitQuietly(release);
            });
            Event user = base.newTimer((ev, what) -> userRuns.countDown());
            busy.activate(Ev.TIMEOUT);
            Future<LoopResult> running = pool.submit(() -> base.loop(EventBase.LOOP_NO_EXIT_ON_EMPTY));
            assertThat(inCallback.await(10, TimeUnit.SECONDS)).isTrue();

            long before = loop.wakeupCount();
            for (int i = 0; i < 1000; i++) {
                user.activate(Ev.READ);
            }
            assertThat(loop.wakeupCount()).isEqualTo(before);
            release.countDown();
            assertThat(userRuns.await(10, TimeUnit.SECONDS)).isTrue();

            // The first call wakes the sleeping loop; until it sleeps again (it cannot: the task
            // holds it) the other 99 calls need no wake-up.
            awaitSleeping(loop);
            long sleepingBefore = loop.wakeupCount();
            CountDownLatch holdLoop = new CountDownLatch(1);
            CountDownLatch allRan = new CountDownLatch(100);
            base.execute(() -> {
                awaitQuietly(holdLoop);
                allRan.countDown();
            });
            for (int i = 0; i < 99; i++) {
                base.execute(allRan::countDown);
            }
            holdLoop.countDown();
            assertThat(allRan.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(loop.wakeupCount() - sleepingBefore).isEqualTo(1);

            base.loopBreak();
            assertThat(running.get(10, TimeUnit.SECONDS)).isEqualTo(LoopResult.EXITED);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitSleeping(EventLoop loop) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!loop.isSleeping()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the loop never went to sleep");
            }
            Thread.onSpinWait();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
