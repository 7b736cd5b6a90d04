package io.jevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class CloseTest {

    @Test
    void closingABaseDropsPendingEventsWithoutRunningThemAndLeavesChannelsOpen() throws Exception {
        List<String> ran = new ArrayList<>();
        try (SocketPair pair = SocketPair.open()) {
            EventBase base = new EventBase();
            Event reader = base.newEvent(pair.right, Ev.READ | Ev.PERSIST, (ev, what) -> ran.add("read"));
            reader.add();
            Event active = base.newTimer((ev, what) -> ran.add("active"));
            active.activate(Ev.TIMEOUT);
            base.close();
            base.close();

            assertThat(ran).isEmpty();
            assertThat(base.isClosed()).isTrue();
            assertThat(reader.isClosed()).isTrue();
            assertThat(pair.right.isOpen()).isTrue();
            pair.right.configureBlocking(true);
            assertThatThrownBy(reader::add).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("its EventBase is closed");
            assertThatThrownBy(() -> active.activate(Ev.READ)).isInstanceOf(IllegalStateException.class);
            reader.del();
            reader.close();
            assertThatThrownBy(base::dispatch).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
            assertThatThrownBy(() -> base.newTimer((ev, what) -> { }))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> base.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        }
    }

    @Test
    void closingTheBaseFromACallbackStopsTheLoopAfterIt() {
        List<String> ran = new ArrayList<>();
        EventBase base = new EventBase();
        Event first = base.newTimer((ev, what) -> {
            ran.add("first");
            base.close();
        });
        Event second = base.newTimer((ev, what) -> ran.add("second"));
        first.activate(Ev.TIMEOUT);
        second.activate(Ev.TIMEOUT);
        base.newTimer((ev, what) -> { }).add(Duration.ofHours(1));
        assertThat(base.dispatch()).isEqualTo(LoopResult.EXITED);
        assertThat(ran).containsExactly("first");
        assertThat(base.isClosed()).isTrue();
        assertThat(second.isClosed()).isTrue();
    }

    @Test
    void anEventClosedTwiceOrDeletedAfterCloseIsHarmless() {
        try (EventBase base = new EventBase()) {
            Event e = base.newTimer((ev, what) -> { });
            e.add(Duration.ofSeconds(1));
            e.close();
            e.close();
            e.del();
            assertThat(base.eventCount(EventBase.COUNT_ADDED)).isZero();
            assertThatThrownBy(() -> e.add(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot add a closed event");
        }
    }
}
