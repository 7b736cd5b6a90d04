package io.jevent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntrospectionTest {

    @Test
    void forEachEventVisitsEveryPendingOrActiveEventOnce() throws Exception {
        try (EventBase base = new EventBase(); SocketPair pair = SocketPair.open()) {
            Event ioWithTimeout = base.newEvent(pair.right, Ev.READ, (ev, what) -> { });
            ioWithTimeout.add(Duration.ofHours(1));
            Event timer = base.newTimer((ev, what) -> { });
            timer.add(Duration.ofHours(1));
            Event activeOnly = base.newTimer((ev, what) -> { });
            activeOnly.activate(Ev.TIMEOUT);
            Event idle = base.newTimer((ev, what) -> { });

            List<Event> seen = new ArrayList<>();
            base.forEachEvent(seen::add);
            assertThat(seen).containsExactlyInAnyOrder(ioWithTimeout, timer, activeOnly);
            assertThat(seen).doesNotContain(idle);
        }
    }

    @Test
    void dumpListsInsertedAndActiveEvents() throws Exception {
        try (EventBase base = new EventBase(); SocketPair pair = SocketPair.open()) {
            base.newEvent(pair.right, Ev.READ | Ev.PERSIST, (ev, what) -> { }).add();
            base.newTimer((ev, what) -> { }).activate(Ev.WRITE);
            StringBuilder out = new StringBuilder();
            base.dump(out);
            assertThat(out.toString())
                    .startsWith("Inserted events:\n")
                    .contains("[READ|PERSIST on ", "pending READ")
                    .contains("Active events:\n")
                    .containsPattern("Active events:\n  Event@\\w+\\[0, pending WRITE, priority 0\\]\n$");
        }
    }

    @Test
    void countsTrackAddedActiveAndTheirMaxima() {
        try (EventBase base = new EventBase()) {
            Event a = base.newTimer((ev, what) -> { });
            Event b = base.newTimer((ev, what) -> { });
            a.add(Duration.ofHours(1));
            b.add(Duration.ofHours(1));
            b.activate(Ev.READ);
            assertThat(base.eventCount(EventBase.COUNT_ADDED)).isEqualTo(2);
            assertThat(base.eventCount(EventBase.COUNT_ACTIVE)).isEqualTo(1);
            assertThat(base.eventCount(EventBase.COUNT_ADDED | EventBase.COUNT_ACTIVE)).isEqualTo(3);
            assertThat(base.eventCount(EventBase.COUNT_VIRTUAL)).isZero();
            a.del();
            b.del();
            assertThat(base.eventCount(EventBase.COUNT_ADDED | EventBase.COUNT_ACTIVE)).isZero();
            assertThat(base.maxEventCount(EventBase.COUNT_ADDED, true)).isEqualTo(2);
            assertThat(base.maxEventCount(EventBase.COUNT_ADDED, false)).isZero();
            assertThat(base.maxEventCount(EventBase.COUNT_ACTIVE, false)).isEqualTo(1);
        }
    }

    @Test
    void runningEventIsTheEventWhoseCallbackRunsAndNullOutside() {
        try (EventBase base = new EventBase()) {
            List<Event> seen = new ArrayList<>();
            Event e = base.newTimer((ev, what) -> seen.add(base.runningEvent()));
            e.activate(Ev.TIMEOUT);
            assertThat(base.runningEvent()).isNull();
            base.dispatch();
            assertThat(seen).containsExactly(e);
        }
    }

    @Test
    void toStringNamesTheFlagsTheStateAndThePriority() {
        try (EventBase base = new EventBase()) {
            Event e = base.newEvent(null, Ev.PERSIST, (ev, what) -> { });
            assertThat(e).hasToString(e.toString());
            assertThat(e.toString()).contains("[PERSIST, pending nothing, priority 0]");
            e.add(Duration.ofSeconds(1));
            assertThat(e.toString()).contains("pending TIMEOUT");
            e.close();
            assertThat(e.toString()).contains("closed");
            assertThat(base.toString()).isEqualTo("EventBase[1 priorities, 0 added, 0 active]");
            assertThat(Ev.toString(Ev.READ | Ev.WRITE | 0x100)).isEqualTo("READ|WRITE|0x100");
        }
    }
}
