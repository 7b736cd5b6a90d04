package io.jevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriorityTest {

    @Test
    void newEventsGetTheMiddlePriority() {
        try (EventBase base = EventBase.builder().priorities(5).build()) {
            assertThat(base.priorities()).isEqualTo(5);
            assertThat(base.newTimer((ev, what) -> { }).priority()).isEqualTo(2);
        }
        try (EventBase base = new EventBase()) {
            assertThat(base.priorities()).isEqualTo(1);
            assertThat(base.newTimer((ev, what) -> { }).priority()).isZero();
        }
    }

    @Test
    void everyUrgentCallbackRunsBeforeAnyLessUrgentOne() {
        try (EventBase base = EventBase.builder().priorities(3).build()) {
            List<String> ran = new ArrayList<>();
            for (int p : new int[] {2, 0, 1, 0, 2}) {
                Event e = base.newTimer((ev, what) -> ran.add("p" + ev.priority()));
                e.setPriority(p);
                e.activate(Ev.TIMEOUT);
            }
            base.dispatch();
            assertThat(ran).containsExactly("p0", "p0", "p1", "p2", "p2");
        }
    }

    @Test
    void aBusyUrgentPriorityStarvesTheOthers() {
        try (EventBase base = EventBase.builder().priorities(2).build()) {
            int[] urgentRuns = new int[1];
            List<String> lowRanAfter = new ArrayList<>();
            Event urgent = base.newTimer((ev, what) -> {
                if (++urgentRuns[0] < 100) {
                    ev.activate(Ev.TIMEOUT);
                }
            });
            urgent.setPriority(0);
            Event low = base.newTimer((ev, what) -> lowRanAfter.add("after " + urgentRuns[0]));
            low.setPriority(1);
            low.activate(Ev.TIMEOUT);
            urgent.activate(Ev.TIMEOUT);
            base.dispatch();
            assertThat(lowRanAfter).containsExactly("after 100");
        }
    }

    @Test
    void activatingAMoreUrgentEventFromACallbackRunsItBeforeTheRestOfTheLessUrgentQueue() {
        try (EventBase base = EventBase.builder().priorities(2).build()) {
            List<String> ran = new ArrayList<>();
            Event urgent = base.newTimer((ev, what) -> ran.add("urgent"));
            urgent.setPriority(0);
            Event low1 = base.newTimer((ev, what) -> {
                ran.add("low1");
                urgent.activate(Ev.TIMEOUT);
            });
            Event low2 = base.newTimer((ev, what) -> ran.add("low2"));
            low1.setPriority(1);
            low2.setPriority(1);
            low1.activate(Ev.TIMEOUT);
            low2.activate(Ev.TIMEOUT);
            base.dispatch();
            assertThat(ran).containsExactly("low1", "urgent", "low2");
        }
    }

    @Test
    void maxCallbacksMakesTheLoopPollBetweenBatches() throws Exception {
        try (EventBase base = EventBase.builder().priorities(2)
                .maxDispatchInterval(null, 2, 1).build(); SocketPair pair = SocketPair.open()) {
            List<String> ran = new ArrayList<>();
            Event reader = base.newEvent(pair.right, Ev.READ, (ev, what) -> ran.add("read"));
            reader.setPriority(0);
            reader.add();
            for (int i = 0; i < 4; i++) {
                int n = i;
                Event e = base.newTimer((ev, what) -> {
                    ran.add("low" + n);
                    if (n == 0) {
                        IoEventTest.write(pair.left, "x");
                    }
                });
                e.setPriority(1);
                e.activate(Ev.TIMEOUT);
            }
            base.dispatch();
            // After two low-priority callbacks the loop polls, finds the read, and runs it first.
            assertThat(ran).containsExactly("low0", "low1", "read", "low2", "low3");
        }
    }

    @Test
    void maxDispatchIntervalMakesTheLoopPollWhenTimeIsUp() throws Exception {
        ManualClock clock = new ManualClock();
        try (EventBase base = EventBase.builder().clock(clock).priorities(2)
                .maxDispatchInterval(Duration.ofMillis(10), Integer.MAX_VALUE, 1).build();
                SocketPair pair = SocketPair.open()) {
            List<String> ran = new ArrayList<>();
            Event reader = base.newEvent(pair.right, Ev.READ, (ev, what) -> ran.add("read"));
            reader.setPriority(0);
            reader.add();
            Event fast = base.newTimer((ev, what) -> {
                ran.add("fast");
                IoEventTest.write(pair.left, "x");
            });
            Event slow = base.newTimer((ev, what) -> {
                ran.add("slow");
                clock.advance(Duration.ofMillis(20));
            });
            Event next = base.newTimer((ev, what) -> ran.add("next"));
            for (Event e : new Event[] {fast, slow, next}) {
                e.setPriority(1);
                e.activate(Ev.TIMEOUT);
            }
            base.dispatch();
            // "fast" made the socket readable, but only the time limit after "slow" let the loop see it.
            assertThat(ran).containsExactly("fast", "slow", "read", "next");
        }
    }

    @Test
    void changingThePriorityOfAnActiveEventIsRefused() {
        try (EventBase base = EventBase.builder().priorities(3).build()) {
            Event e = base.newTimer((ev, what) -> { });
            e.activate(Ev.TIMEOUT);
            assertThatThrownBy(() -> e.setPriority(0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot change the priority of an active event");
        }
    }

    @Test
    void priorityOutOfRangeIsRefusedWithTheRange() {
        try (EventBase base = EventBase.builder().priorities(3).build()) {
            Event e = base.newTimer((ev, what) -> { });
            assertThatThrownBy(() -> e.setPriority(3)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("priority 3 is out of range").hasMessageContaining("0 (most urgent) to 2");
        }
        assertThatThrownBy(() -> EventBase.builder().priorities(256)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..255");
    }
}
