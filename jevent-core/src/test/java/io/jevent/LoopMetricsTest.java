package io.jevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LoopMetricsTest {
    private static final long MS = 1_000_000L;

    /** Keeps the loop thread busy for {@code nanos}, measured on the clock: a stand-in for slow work. */
    static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aNewBaseHasDoneNothing() {
        try (EventBase base = new EventBase()) {
            LoopMetrics m = base.metrics();
            assertThat(m.iterations()).isZero();
            assertThat(m.callbacks()).isZero();
            assertThat(m.activePerIteration()).isZero();
            assertThat(m.registeredEvents()).isZero();
            assertThat(m.pendingTimers()).isZero();
            assertThat(m.timingsCollected()).isFalse();
        }
    }

    @Test
    void countsIterationsCallbacksAndActiveEventsPerIteration() {
        try (EventBase base = new EventBase()) {
            int[] runs = new int[1];
            for (int i = 0; i < 3; i++) {
                base.newTimer((ev, what) -> runs[0]++).activate(Ev.TIMEOUT);
            }
            base.loop(EventBase.LOOP_NONBLOCK);
            assertThat(runs[0]).isEqualTo(3);
            LoopMetrics m = base.metrics();
            assertThat(m.callbacks()).isEqualTo(3);
            assertThat(m.iterations()).isEqualTo(1);
            assertThat(m.maxActivePerIteration()).isEqualTo(3);
            assertThat(m.activePerIteration()).isEqualTo(3.0);

            base.newTimer((ev, what) -> runs[0]++).activate(Ev.TIMEOUT);
            base.loop(EventBase.LOOP_NONBLOCK);
            // Nothing pending or active: the loop returns before it polls, so no iteration.
            assertThat(base.loop(EventBase.LOOP_NONBLOCK)).isEqualTo(LoopResult.NO_EVENTS);
            LoopMetrics later = base.metrics();
            assertThat(later.callbacks()).isEqualTo(4);
            assertThat(later.iterations()).isEqualTo(2);
            assertThat(later.activePerIteration()).isEqualTo(2.0);
            assertThat(later.maxActivePerIteration()).isEqualTo(3);
            assertThat(later.nanoTime()).isGreaterThan(m.nanoTime());
        }
    }

    @Test
    void registeredEventsAndPendingTimersFollowAddAndDelete() throws Exception {
        try (EventBase base = new EventBase(); SocketPair pair = SocketPair.open()) {
            Event io = base.newEvent(pair.right, Ev.READ | Ev.PERSIST, (ev, what) -> { });
            Event ioWithTimeout = base.newEvent(pair.left, Ev.READ, (ev, what) -> { });
            Event timer = base.newTimer((ev, what) -> { });
            io.add();
            ioWithTimeout.add(Duration.ofHours(1));
            timer.add(Duration.ofHours(2));
            LoopMetrics m = base.metrics();
            assertThat(m.registeredEvents()).isEqualTo(3);
            assertThat(m.pendingTimers()).isEqualTo(2);
            timer.del();
            ioWithTimeout.del();
            assertThat(base.metrics().pendingTimers()).isZero();
            assertThat(base.metrics().registeredEvents()).isEqualTo(1);
        }
    }

    @Test
    void timesStayZeroUnlessTheBuilderAsksForThem() {
        try (EventBase base = new EventBase()) {
            base.newTimer((ev, what) -> spin(2 * MS)).activate(Ev.TIMEOUT);
            base.loop(EventBase.LOOP_NONBLOCK);
            LoopMetrics m = base.metrics();
            assertThat(m.callbacks()).isEqualTo(1);
            assertThat(m.timingsCollected()).isFalse();
            assertThat(m.timedCallbacks()).isZero();
            assertThat(m.callbackNanos()).isZero();
            assertThat(m.waitNanos()).isZero();
            assertThat(m.slowCallbacks()).isZero();
            assertThat(m.toString()).doesNotContain("callbackNanos");
        }
    }

    @Test
    void withTimingsTheCallbackTimeLagSlowCallbacksAndStallsAreMeasured() {
        try (EventBase base = EventBase.builder().collectTimings(true)
                .slowThresholds(Duration.ofMillis(5), Duration.ofMillis(15)).build()) {
            long[] secondStartedAfterPoll = new long[1];
            // Two events active in one iteration: the first keeps the loop 20 ms, so the second
            // starts at least 20 ms after the poll that found it ready.
            base.newTimer((ev, what) -> spin(20 * MS)).activate(Ev.TIMEOUT);
            base.newTimer((ev, what) -> secondStartedAfterPoll[0] = 1).activate(Ev.TIMEOUT);
            base.newTimer((ev, what) -> { }).add(Duration.ofMillis(30));
            base.dispatch();
            LoopMetrics m = base.metrics();
            assertThat(m.timingsCollected()).isTrue();
            assertThat(m.callbacks()).isEqualTo(3);
            assertThat(m.timedCallbacks()).isEqualTo(3);
            assertThat(m.maxCallbackNanos()).isGreaterThanOrEqualTo(20 * MS);
            assertThat(m.callbackNanos()).isGreaterThanOrEqualTo(m.maxCallbackNanos());
            assertThat(m.maxLagNanos()).isGreaterThanOrEqualTo(20 * MS);
            assertThat(m.averageLagNanos()).isPositive().isLessThanOrEqualTo(m.maxLagNanos());
            assertThat(m.slowCallbacks()).isEqualTo(1);
            assertThat(m.stalls()).isEqualTo(1);
            // The loop waited for the 30 ms timer, less the 20 ms it spent in the slow callback.
            assertThat(m.waitNanos()).isGreaterThan(0);
            assertThat(m.toString()).contains("slowCallbacks=1", "stalls=1");
        }
    }

    @Test
    void anotherThreadReadsTheMetricsOfARunningLoopWithoutWaitingForIt() throws Exception {
        try (EventBase base = new EventBase()) {
            CountDownLatch hundred = new CountDownLatch(100);
            CountDownLatch release = new CountDownLatch(1);
            // Runs 100 times, then keeps the loop thread inside its last callback until released:
            // metrics() must still answer, so it cannot be waiting for the loop.
            Event ticker = base.newTimer((ev, what) -> {
                hundred.countDown();
                if (hundred.getCount() > 0) {
                    ev.activate(Ev.TIMEOUT);
                    return;
                }
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            ticker.activate(Ev.TIMEOUT);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread loop = new Thread(() -> {
                try {
                    base.dispatch();
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "metrics-loop");
            loop.start();
            long last = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (hundred.getCount() > 0 && System.nanoTime() - deadline < 0) {
                long now = base.metrics().callbacks();
                assertThat(now).as("a counter never goes back").isGreaterThanOrEqualTo(last);
                last = now;
            }
            assertThat(hundred.await(10, TimeUnit.SECONDS)).isTrue();
            LoopMetrics whileBlocked = base.metrics();
            assertThat(whileBlocked.callbacks()).isEqualTo(100);
            release.countDown();
            // An event activated by its own callback runs again in the same iteration.
            assertThat(whileBlocked.iterations()).isEqualTo(1);
            loop.join(10_000);
            assertThat(loop.isAlive()).isFalse();
            assertThat(failure.get()).isNull();
        }
    }

    @Test
    void slowThresholdsRefuseNegativeDurations() {
        assertThatThrownBy(() -> EventBase.builder().slowThresholds(Duration.ofMillis(-1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slowCallback is negative");
        assertThatThrownBy(() -> EventBase.builder().slowThresholds(Duration.ZERO, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("stall");
    }
}
