package io.jevent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivateTest {

    @Test
    void aSecondActivationBeforeTheCallbackOrsTheFlagsAndRunsOnce() {
        try (EventBase base = new EventBase()) {
            List<Integer> whats = new ArrayList<>();
            Event e = base.newTimer((ev, what) -> whats.add(what));
            e.activate(Ev.READ);
            e.activate(Ev.WRITE);
            assertThat(e.pending(Ev.READ | Ev.WRITE)).isEqualTo(Ev.READ | Ev.WRITE);
            base.dispatch();
            assertThat(whats).containsExactly(Ev.READ | Ev.WRITE);
        }
    }

    @Test
    void aUserEventRunsEachTimeItIsActivated() {
        try (EventBase base = new EventBase()) {
            int[] runs = new int[1];
            Event user = base.newTimer((ev, what) -> {
                if (++runs[0] < 3) {
                    ev.activate(0);
                }
            });
            user.activate(0);
            base.dispatch();
            assertThat(runs[0]).isEqualTo(3);
        }
    }

    @Test
    void activatingADeletedEventIsAllowedAndDeletingAnActiveOneCancelsIt() {
        try (EventBase base = new EventBase()) {
            List<String> ran = new ArrayList<>();
            Event e = base.newTimer((ev, what) -> ran.add("ran"));
            e.activate(Ev.TIMEOUT);
            e.del();
            assertThat(e.pending(Ev.TIMEOUT)).isZero();
            assertThat(base.dispatch()).isEqualTo(LoopResult.NO_EVENTS);
            assertThat(ran).isEmpty();
        }
    }

    @Test
    void anActivatedPendingNonPersistentEventIsDeletedBeforeItsCallback() throws Exception {
        try (EventBase base = new EventBase(); SocketPair pair = SocketPair.open()) {
            List<Integer> seen = new ArrayList<>();
            Event reader = base.newEvent(pair.right, Ev.READ, (ev, what) -> seen.add(ev.pending(Ev.READ)));
            reader.add();
            reader.activate(Ev.READ);
            base.loop(EventBase.LOOP_ONCE);
            assertThat(seen).containsExactly(0);
        }
    }
}
