package io.jevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallbackFailureTest {

    @Test
    void anExceptionFromACallbackPropagatesAndTheBaseStaysUsable() {
        try (EventBase base = new EventBase()) {
            List<String> ran = new ArrayList<>();
            base.newTimer((ev, what) -> {
                throw new IllegalStateException("boom");
            }).activate(Ev.TIMEOUT);
            Event next = base.newTimer((ev, what) -> ran.add("next"));
            next.activate(Ev.TIMEOUT);

            assertThatThrownBy(base::dispatch).isInstanceOf(IllegalStateException.class).hasMessage("boom");
            assertThat(next.pending(Ev.TIMEOUT)).isEqualTo(Ev.TIMEOUT);
            assertThat(base.dispatch()).isEqualTo(LoopResult.NO_EVENTS);
            assertThat(ran).containsExactly("next");
        }
    }

    @Test
    void withAHandlerTheLoopReportsTheExceptionAndGoesOn() {
        List<RuntimeException> reported = new ArrayList<>();
        try (EventBase base = EventBase.builder().callbackErrorHandler(reported::add).build()) {
            List<String> ran = new ArrayList<>();
            base.newTimer((ev, what) -> {
                throw new IllegalArgumentException("bad");
            }).activate(Ev.TIMEOUT);
            base.newTimer((ev, what) -> ran.add("next")).add(Duration.ZERO);
            base.execute(() -> {
                throw new UnsupportedOperationException("task");
            });
            assertThat(base.dispatch()).isEqualTo(LoopResult.NO_EVENTS);
            assertThat(ran).containsExactly("next");
            assertThat(reported).extracting(Throwable::getMessage).containsExactlyInAnyOrder("bad", "task");
        }
    }
}
