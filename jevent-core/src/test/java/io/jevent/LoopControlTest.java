package io.jevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LoopControlTest {

    @Test
    void dispatchOnAnEmptyBaseReturnsNoEvents() {
        try (EventBase base = new EventBase()) {
            assertThat(base.dispatch()).isEqualTo(LoopResult.NO_EVENTS);
            assertThat(LoopResult.NO_EVENTS.code()).isEqualTo(1);
        }
    }

    @Test
    void nonBlockingLoopWithNothingReadyReturnsAtOnce() {
        try (EventBase base = new EventBase()) {
            Event timer = base.newTimer((ev, what) -> { });
            timer.add(Duration.ofHours(1));
            assertThat(base.loop(EventBase.LOOP_NONBLOCK)).isEqualTo(LoopResult.EXITED);
            assertThat(timer.pending(Ev.TIMEOUT)).isEqualTo(Ev.TIMEOUT);
        }
    }

    @Test
    void loopOnceRunsOneRoundOfActiveCallbacksAndReturns() {
        try (EventBase base = new EventBase()) {
            List<String> ran = new ArrayList<>();
            Event a = base.newTimer((ev, what) -> ran.add("a"));
            Event b = base.newTimer((ev, what) -> ran.add("b"));
            Event later = base.newTimer((ev, what) -> ran.add("later"));
            later.add(Duration.ofHours(1));
            a.activate(Ev.TIMEOUT);
            b.activate(Ev.TIMEOUT);
            assertThat(base.loop(EventBase.LOOP_ONCE)).isEqualTo(LoopResult.EXITED);
            assertThat(ran).containsExactly("a", "b");
        }
    }

    @Test
    void loopExitLetsTheCurrentRoundFinishWhileTimersStayPending() {
        try (EventBase base = new EventBase()) {
            List<String> ran = new ArrayList<>();
            Event first = base.newTimer((ev, what) -> {
                ran.add("first");
                base.loopExit();
            });
            Event second = base.newTimer((ev, what) -> ran.add("second"));
            Event pendingTimer = base.newTimer((ev, what) -> ran.add("never"));
            pendingTimer.add(Duration.ofHours(1));
            first.activate(Ev.TIMEOUT);
            second.activate(Ev.TIMEOUT);

            assertThat(base.dispatch()).isEqualTo(LoopResult.EXITED);

            // The exit request becomes active behind "second", so the whole round runs.
            assertThat(ran).containsExactly("first", "second");
            assertThat(base.gotExit()).isTrue();
            assertThat(base.gotBreak()).isFalse();
            assertThat(pendingTimer.pending(Ev.TIMEOUT)).isEqualTo(Ev.TIMEOUT);
        }
    }

    @Test
    void loopExitWithADelayStopsTheLoopWhenTheDelayHasPassed() {
        ManualClock clock = new ManualClock();
        try (EventBase base = EventBase.builder().clock(clock).build()) {
            Event pendingTimer = base.newTimer((ev, what) -> { });
            pendingTimer.add(Duration.ofHours(1));
            base.loopExit(Duration.ofSeconds(5));
            assertThat(base.loop(EventBase.LOOP_NONBLOCK)).isEqualTo(LoopResult.EXITED);
            assertThat(base.gotExit()).isFalse();

            clock.advance(Duration.ofSeconds(5));
            assertThat(base.dispatch()).isEqualTo(LoopResult.EXITED);
            assertThat(base.gotExit()).isTrue();
        }
    }

    @Test
    void loopBreakStopsRightAfterTheRunningCallback() {
        try (EventBase base = new EventBase()) {
            List<String> ran = new ArrayList<>();
            Event first = base.newTimer((ev, what) -> {
                ran.add("first");
                base.loopBreak();
            });
            Event second = base.newTimer((ev, what) -> ran.add("second"));
            first.activate(Ev.TIMEOUT);
            second.activate(Ev.TIMEOUT);

            assertThat(base.dispatch()).isEqualTo(LoopResult.EXITED);
            assertThat(ran).containsExactly("first");
            assertThat(base.gotBreak()).isTrue();
            assertThat(second.pending(Ev.TIMEOUT)).isEqualTo(Ev.TIMEOUT);

            // The next loop resets the flags and runs what was left.
            assertThat(base.dispatch()).isEqualTo(LoopResult.NO_EVENTS);
            assertThat(base.gotBreak()).isFalse();
            assertThat(ran).containsExactly("first", "second");
        }
    }

    @Test
    void loopBreakBeforeTheLoopRunsHasNoEffect() {
        try (EventBase base = new EventBase()) {
            List<String> ran = new ArrayList<>();
            base.newTimer((ev, what) -> ran.add("ran")).activate(Ev.TIMEOUT);
            base.loopBreak();
            assertThat(base.dispatch()).isEqualTo(LoopResult.NO_EVENTS);
            assertThat(ran).containsExactly("ran");
        }
    }

    @Test
    void loopContinuePollsForNewEventsBeforeRunningTheRestOfTheQueue() throws Exception {
        for (boolean callContinue : new boolean[] {true, false}) {
            try (EventBase base = EventBase.builder().priorities(2).build(); SocketPair pair = SocketPair.open()) {
                List<String> ran = new ArrayList<>();
                Event reader = base.newEvent(pair.right, Ev.READ, (ev, what) -> ran.add("read"));
                reader.setPriority(0);
                reader.add();
                Event first = base.newTimer((ev, what) -> {
                    ran.add("first");
                    writeOneByte(pair);
                    if (callContinue) {
                        base.loopContinue();
                    }
                });
                Event second = base.newTimer((ev, what) -> ran.add("second"));
                first.activate(Ev.TIMEOUT);
                second.activate(Ev.TIMEOUT);
                // The byte arrives while "first" runs. Only loopContinue makes the loop poll before
                // "second", and then the more urgent read runs first.
                base.dispatch();
                assertThat(ran).containsExactly(callContinue
                        ? new String[] {"first", "read", "second"} : new String[] {"first", "second", "read"});
            }
        }
    }

    /** Loopback TCP delivers synchronously: once write() returns, the peer is readable. */
    private static void writeOneByte(SocketPair pair) {
        try {
            SocketPair.write(pair.left, "x");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void callingLoopFromItsOwnCallbackIsRefused() {
        try (EventBase base = new EventBase()) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            base.newTimer((ev, what) -> {
                try {
                    base.dispatch();
                } catch (IllegalStateException e) {
                    thrown.set(e);
                }
            }).activate(Ev.TIMEOUT);
            base.dispatch();
            assertThat(thrown.get()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already runs");
        }
    }

    @Test
    void runningTheLoopOnTwoThreadsAtOnceIsRefused() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (EventBase base = new EventBase()) {
            CountDownLatch running = new CountDownLatch(1);
            base.newTimer((ev, what) -> running.countDown()).activate(Ev.TIMEOUT);
            Future<LoopResult> loop = pool.submit(() -> base.loop(EventBase.LOOP_NO_EXIT_ON_EMPTY));
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(base::dispatch).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("only one thread may run an EventBase");

            base.loopBreak();
            assertThat(loop.get(10, TimeUnit.SECONDS)).isEqualTo(LoopResult.EXITED);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void noExitOnEmptyKeepsRunningUntilAskedToExitFromAnotherThread() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (EventBase base = new EventBase()) {
            CountDownLatch started = new CountDownLatch(1);
            base.execute(started::countDown);
            Future<LoopResult> loop = pool.submit(() -> base.loop(EventBase.LOOP_NO_EXIT_ON_EMPTY));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            base.loopExit();
            assertThat(loop.get(10, TimeUnit.SECONDS)).isEqualTo(LoopResult.EXITED);
            assertThat(base.gotExit()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void interruptingTheLoopThreadStopsTheLoopAndKeepsTheInterrupt() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (EventBase base = new EventBase()) {
            CountDownLatch running = new CountDownLatch(1);
            base.execute(running::countDown);
            Future<Boolean> stillInterrupted = pool.submit(() -> {
                base.loop(EventBase.LOOP_NO_EXIT_ON_EMPTY);
                return Thread.currentThread().isInterrupted() && base.gotBreak();
            });
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            pool.shutdownNow();
            assertThat(stillInterrupted.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void unknownLoopFlagsAreRefused() {
        try (EventBase base = new EventBase()) {
            assertThatThrownBy(() -> base.loop(0x40)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("0x40");
        }
    }
}
