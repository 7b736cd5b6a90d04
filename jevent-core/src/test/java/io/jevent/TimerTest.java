package io.jevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Timers, measured on a manual clock: no test here waits for real time to pass. */
class TimerTest {
    private final ManualClock clock = new ManualClock();
    private EventBase base;
    private final List<String> fired = new ArrayList<>();

    @BeforeEach
    void newBase() {
        base = EventBase.builder().clock(clock).build();
    }

    @AfterEach
    void closeBase() {
        base.close();
    }

    private void advanceAndRun(Duration d) {
        clock.advance(d);
        base.loop(EventBase.LOOP_NONBLOCK);
    }

    private long ms() {
        return clock.nanoTime() / 1_000_000;
    }

    @Test
    void aTimeoutFiresOnceWhenItsTimeHasCome() {
        Event timer = base.newTimer((ev, what) -> fired.add(what + "@" + ms()));
        timer.add(Duration.ofMillis(100));
        advanceAndRun(Duration.ofMillis(99));
        assertThat(fired).isEmpty();
        advanceAndRun(Duration.ofMillis(1));
        assertThat(fired).containsExactly(Ev.TIMEOUT + "@100");
        assertThat(timer.pending(Ev.TIMEOUT)).isZero();
        advanceAndRun(Duration.ofMillis(1000));
        assertThat(fired).hasSize(1);
    }

    @Test
    void dispatchSleepsUntilTheTimerOnARealClock() {
        try (EventBase real = new EventBase()) {
            long start = System.nanoTime();
            real.newTimer((ev, what) -> fired.add("done")).add(Duration.ofMillis(30));
            assertThat(real.dispatch()).isEqualTo(LoopResult.NO_EVENTS);
            assertThat(fired).containsExactly("done");
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos());
        }
    }

    @Test
    void aZeroTimeoutFiresInTheNextIteration() {
        base.newTimer((ev, what) -> fired.add("zero")).add(Duration.ZERO);
        base.loop(EventBase.LOOP_NONBLOCK);
        assertThat(fired).containsExactly("zero");
    }

    @Test
    void reAddingAPendingEventReplacesItsTimeout() {
        Event timer = base.newTimer((ev, what) -> fired.add("@" + ms()));
        timer.add(Duration.ofMillis(100));
        advanceAndRun(Duration.ofMillis(50));
        timer.add(Duration.ofMillis(100));
        advanceAndRun(Duration.ofMillis(60));
        assertThat(fired).isEmpty();
        advanceAndRun(Duration.ofMillis(40));
        assertThat(fired).containsExactly("@150");
    }

    @Test
    void addWithoutATimeoutLeavesAPendingTimeoutAlone() {
        Event timer = base.newTimer((ev, what) -> fired.add("@" + ms()));
        timer.add(Duration.ofMillis(100));
        timer.add();
        assertThat(timer.remainingTimeout()).contains(Duration.ofMillis(100));
        advanceAndRun(Duration.ofMillis(100));
        assertThat(fired).containsExactly("@100");
    }

    @Test
    void remainingTimeoutCountsDownAndIsEmptyWithoutATimeout() {
        Event timer = base.newTimer((ev, what) -> { });
        assertThat(timer.remainingTimeout()).isEmpty();
        timer.add(Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(3));
        assertThat(timer.remainingTimeout()).contains(Duration.ofSeconds(7));
        assertThat(timer.pending(Ev.TIMEOUT | Ev.READ)).isEqualTo(Ev.TIMEOUT);
    }

    @Test
    void aPersistentTimerTicksAtItsIntervalWithoutDrift() {
        Event tick = base.newEvent(null, Ev.PERSIST, (ev, what) -> fired.add("@" + ms()));
        tick.add(Duration.ofMillis(100));
        advanceAndRun(Duration.ofMillis(130)); // late by 30 ms
        advanceAndRun(Duration.ofMillis(70));  // the next one is still due at 200
        advanceAndRun(Duration.ofMillis(100));
        assertThat(fired).containsExactly("@130", "@200", "@300");
        assertThat(tick.remainingTimeout()).contains(Duration.ofMillis(100));
    }

    @Test
    void aPersistentTimerThatMissedItsNextDeadlineIsRescheduledFromNow() {
        Event tick = base.newEvent(null, Ev.PERSIST, (ev, what) -> fired.add("@" + ms()));
        tick.add(Duration.ofMillis(100));
        advanceAndRun(Duration.ofMillis(250)); // 200 is already past: next is 350, not 200
        assertThat(fired).containsExactly("@250");
        assertThat(tick.remainingTimeout()).contains(Duration.ofMillis(100));
    }

    @Test
    void aPersistentIoEventWithATimeoutRestartsItsTimeoutFromNowWhenItFiresForIo() throws Exception {
        try (SocketPair pair = SocketPair.open()) {
            Event reader = base.newEvent(pair.right, Ev.READ | Ev.PERSIST, (ev, what) -> {
                fired.add(Ev.toString(what) + "@" + ms());
                IoEventTest.read(pair.right);
            });
            reader.add(Duration.ofMillis(100));
            clock.advance(Duration.ofMillis(40));
            SocketPair.write(pair.left, "x");
            IoEventTest.awaitReadable(pair.right);
            base.loop(EventBase.LOOP_NONBLOCK);
            assertThat(fired).containsExactly("READ@40");
            assertThat(reader.remainingTimeout()).contains(Duration.ofMillis(100));
            advanceAndRun(Duration.ofMillis(100));
            assertThat(fired).containsExactly("READ@40", "TIMEOUT@140");
            assertThat(reader.pending(Ev.READ | Ev.TIMEOUT)).isEqualTo(Ev.READ | Ev.TIMEOUT);
        }
    }

    @Test
    void deletingAPersistentTimerForgetsItsInterval() throws Exception {
        try (SocketPair pair = SocketPair.open()) {
            Event reader = base.newEvent(pair.right, Ev.READ | Ev.PERSIST, (ev, what) -> {
                fired.add(Ev.toString(what));
                IoEventTest.read(pair.right);
            });
            reader.add(Duration.ofMillis(100));
            reader.del();
            reader.add();
            SocketPair.write(pair.left, "x");
            IoEventTest.awaitReadable(pair.right);
            base.loop(EventBase.LOOP_NONBLOCK);
            assertThat(fired).containsExactly("READ");
            assertThat(reader.remainingTimeout()).isEmpty();
        }
    }

    @Test
    void removeTimerKeepsWaitingForIo() throws Exception {
        try (SocketPair pair = SocketPair.open()) {
            Event reader = base.newEvent(pair.right, Ev.READ, (ev, what) -> fired.add(Ev.toString(what)));
            reader.add(Duration.ofMillis(100));
            reader.removeTimer();
            assertThat(reader.pending(Ev.READ | Ev.TIMEOUT)).isEqualTo(Ev.READ);
            advanceAndRun(Duration.ofSeconds(1));
            assertThat(fired).isEmpty();
        }
    }

    @Test
    void manyTimersWithEqualAndUnequalDurationsFireInDeadlineOrderThenAddOrder() {
        // Three durations, interleaved adds, equal deadlines across durations.
        long[][] plan = {{300, 0}, {100, 1}, {200, 2}, {100, 3}, {300, 4}, {200, 5}, {100, 6}};
        for (long[] p : plan) {
            long duration = p[0];
            long id = p[1];
            base.newTimer((ev, what) -> fired.add(duration + "#" + id)).add(Duration.ofMillis(duration));
        }
        clock.advance(Duration.ofMillis(100));
        base.newTimer((ev, what) -> fired.add("100+100#7")).add(Duration.ofMillis(100)); // due at 200
        advanceAndRun(Duration.ZERO);
        advanceAndRun(Duration.ofMillis(100));
        advanceAndRun(Duration.ofMillis(100));
        assertThat(fired).containsExactly(
                "100#1", "100#3", "100#6",
                "200#2", "200#5", "100+100#7",
                "300#0", "300#4");
    }

    @Test
    void thousandsOfTimersOnTheSameDurationAllFireExactlyOnce() {
        int[] count = new int[1];
        for (int i = 0; i < 5000; i++) {
            base.newTimer((ev, what) -> count[0]++).add(Duration.ofMillis(10 + (i % 3)));
        }
        advanceAndRun(Duration.ofMillis(11));
        assertThat(count[0]).isBetween(3333, 3334);
        advanceAndRun(Duration.ofMillis(1));
        assertThat(count[0]).isEqualTo(5000);
        assertThat(base.dispatch()).isEqualTo(LoopResult.NO_EVENTS);
    }

    @Test
    void reArmingAnEventWhoseTimeoutFiredButHasNotRunCancelsThatRun() {
        Event victim = base.newTimer((ev, what) -> fired.add("victim"));
        Event rearmer = base.newTimer((ev, what) -> {
            fired.add("rearmer");
            victim.add(Duration.ofMillis(100));
        });
        rearmer.setPriority(0);
        rearmer.add(Duration.ofMillis(10));
        victim.add(Duration.ofMillis(10));
        advanceAndRun(Duration.ofMillis(10));
        assertThat(fired).containsExactly("rearmer");
        advanceAndRun(Duration.ofMillis(100));
        assertThat(fired).containsExactly("rearmer", "victim");
    }

    @Test
    void aNegativeTimeoutIsRefusedWithTheValue() {
        Event timer = base.newTimer((ev, what) -> { });
        assertThatThrownBy(() -> timer.add(Duration.ofMillis(-5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout is negative: PT-0.005S");
    }

    @Test
    void aHugeTimeoutIsCappedAtDecadesInsteadOfOverflowing() {
        Event timer = base.newTimer((ev, what) -> fired.add("never"));
        timer.add(Duration.ofSeconds(Long.MAX_VALUE));
        advanceAndRun(Duration.ofDays(365L * 50));
        assertThat(fired).isEmpty();
    }

    @Test
    void nowIsCachedDuringCallbacksAndUpdatedOnRequest() {
        long[] seen = new long[3];
        base.newTimer((ev, what) -> {
            seen[0] = base.now();
            clock.advance(Duration.ofMillis(5));
            seen[1] = base.now();
            base.updateCachedTime();
            seen[2] = base.now();
        }).activate(Ev.TIMEOUT);
        base.loop(EventBase.LOOP_NONBLOCK);
        assertThat(seen[1]).isEqualTo(seen[0]);
        assertThat(seen[2] - seen[0]).isEqualTo(Duration.ofMillis(5).toNanos());
    }

    @Test
    void withoutTheTimeCacheNowIsAlwaysTheClock() {
        try (EventBase uncached = EventBase.builder().clock(clock).noCacheTime().build()) {
            long[] seen = new long[2];
            uncached.newTimer((ev, what) -> {
                seen[0] = uncached.now();
                clock.advance(Duration.ofMillis(5));
                seen[1] = uncached.now();
            }).activate(Ev.TIMEOUT);
            uncached.loop(EventBase.LOOP_NONBLOCK);
            assertThat(seen[1] - seen[0]).isEqualTo(Duration.ofMillis(5).toNanos());
        }
    }

    @Test
    void advancingTheClockWakesALoopThatSleepsOnAnotherThread() throws Exception {
        java.util.concurrent.CountDownLatch firedLatch = new java.util.concurrent.CountDownLatch(1);
        base.newTimer((ev, what) -> firedLatch.countDown()).add(Duration.ofSeconds(30));
        Thread loop = new Thread(base::dispatch, "timer-loop");
        loop.start();
        clock.advance(Duration.ofSeconds(30));
        assertThat(firedLatch.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        loop.join(10_000);
        assertThat(loop.isAlive()).isFalse();
    }

    @Test
    void theClockNeverGoesBack() {
        assertThatThrownBy(() -> clock.advance(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("forward");
    }
}
