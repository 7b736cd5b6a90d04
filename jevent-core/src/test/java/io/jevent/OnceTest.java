package io.jevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnceTest {

    @Test
    void aOnceTimerRunsOnceAndFreesItself() {
        ManualClock clock = new ManualClock();
        try (EventBase base = EventBase.builder().clock(clock).build()) {
            List<Event> got = new ArrayList<>();
            base.once(null, Ev.TIMEOUT, Duration.ofMillis(10), (ev, what) -> got.add(ev));
            assertThat(base.eventCount(EventBase.COUNT_ADDED)).isEqualTo(1);
            clock.advance(Duration.ofMillis(10));
            assertThat(base.dispatch()).isEqualTo(LoopResult.NO_EVENTS);
            assertThat(got).hasSize(1);
            assertThat(got.get(0).isClosed()).isTrue();
        }
    }

    @Test
    void immediateOnceCallbacksRunInCallOrder() {
        try (EventBase base = new EventBase()) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int n = i;
                base.once(null, Ev.TIMEOUT, i % 2 == 0 ? null : Duration.ZERO, (ev, what) -> order.add(n));
            }
            base.dispatch();
            assertThat(order).containsExactly(0, 1, 2, 3, 4);
        }
    }

    @Test
    void aOnceReadRunsWhenTheChannelIsReadable() throws Exception {
        try (EventBase base = new EventBase(); SocketPair pair = SocketPair.open()) {
            List<Integer> whats = new ArrayList<>();
            base.once(pair.right, Ev.READ, Duration.ofSeconds(10), (ev, what) -> whats.add(what));
            IoEventTest.write(pair.left, "x");
            base.dispatch();
            assertThat(whats).containsExactly(Ev.READ);
            assertThat(base.eventCount(EventBase.COUNT_ADDED)).isZero();
        }
    }

    @Test
    void onceRefusesPersistentSignalAndEmptyMasks() {
        try (EventBase base = new EventBase()) {
            assertThatThrownBy(() -> base.once(null, Ev.TIMEOUT | Ev.PERSIST, null, (ev, what) -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PERSIST");
            assertThatThrownBy(() -> base.once(null, 0, null, (ev, what) -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Ev.TIMEOUT");
        }
    }

    @Test
    void pendingOnceEventsAreDroppedWhenTheBaseCloses() {
        List<String> ran = new ArrayList<>();
        EventBase base = new EventBase();
        base.once(null, Ev.TIMEOUT, Duration.ofHours(1), (ev, what) -> ran.add("ran"));
        base.close();
        assertThat(ran).isEmpty();
    }
}
