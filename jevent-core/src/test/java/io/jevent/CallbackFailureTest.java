package io.jevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class CallbackFailureTest {

    @Test
    void byDefaultTheLoopLogsTheExceptionWithTheEventAndGoesOn() {
        try (LogCapture log = new LogCapture(Level.ALL); EventBase base = new EventBase()) {
            List<String> ran = new ArrayList<>();
            Event bad = base.newTimer((ev, what) -> {
                throw new IllegalStateException("boom");
            });
            bad.activate(Ev.TIMEOUT);
            base.newTimer((ev, what) -> ran.add("next")).add(Duration.ZERO);
            base.execute(() -> {
                throw new UnsupportedOperationException("task");
            });

            assertThat(base.dispatch()).isEqualTo(LoopResult.NO_EVENTS);

            assertThat(ran).containsExactly("next");
            assertThat(log.records).extracting(LogRecord::getLevel).containsOnly(Level.SEVERE);
            assertThat(log.records).extracting(r -> r.getThrown().getMessage())
                    .containsExactlyInAnyOrder("boom", "task");
            LogRecord callback = log.records.stream().filter(r -> r.getThrown().getMessage().equals("boom"))
                    .findFirst().orElseThrow();
            assertThat(callback.getMessage()).contains(bad.toString().substring(0, bad.toString().indexOf('[')))
                    .contains("run for TIMEOUT").contains("callbackErrorHandler").contains("rethrowCallbackErrors");
            assertThat(callback.getThrown().getStackTrace()).isNotEmpty();
        }
    }

    @Test
    void aPersistentEventWhoseCallbackThrowsStaysPendingAndRunsAgain() {
        try (LogCapture log = new LogCapture(Level.ALL); EventBase base = new EventBase()) {
            int[] calls = new int[1];
            Event tick = base.newEvent(null, Ev.PERSIST, (ev, what) -> {
                if (++calls[0] == 3) {
                    ev.del();
                }
                throw new IllegalArgumentException("tick " + calls[0]);
            });
            tick.add(Duration.ofMillis(1));

            assertThat(base.dispatch()).isEqualTo(LoopResult.NO_EVENTS);

            assertThat(calls[0]).isEqualTo(3);
            assertThat(log.records).extracting(r -> r.getThrown().getMessage())
                    .containsExactly("tick 1", "tick 2", "tick 3");
        }
    }

    @Test
    void atMostTenExceptionsAreLoggedPerTenSecondsAndThenTheCountOfTheRest() {
        ManualClock clock = new ManualClock();
        try (LogCapture log = new LogCapture(Level.ALL);
             EventBase base = EventBase.builder().clock(clock).build()) {
            Event bad = base.newTimer((ev, what) -> {
                throw new IllegalStateException("again");
            });
            for (int i = 0; i < 25; i++) {
                bad.activate(Ev.TIMEOUT);
                base.loop(EventBase.LOOP_NONBLOCK);
            }
            assertThat(log.records).hasSize(10);
            assertThat(log.records.get(9).getMessage()).contains("further ones are only counted");

            clock.advance(Duration.ofSeconds(10));
            bad.activate(Ev.TIMEOUT);
            base.loop(EventBase.LOOP_NONBLOCK);

            assertThat(log.records).hasSize(12);
            assertThat(log.records.get(10).getMessage()).startsWith("15 more exception(s)");
            assertThat(log.records.get(10).getThrown()).isNull();
            assertThat(log.records.get(11).getThrown()).hasMessage("again");
        }
    }

    @Test
    void anErrorIsNeverCaught() {
        try (LogCapture log = new LogCapture(Level.ALL); EventBase base = new EventBase()) {
            base.newTimer((ev, what) -> {
                throw new AssertionError("fatal");
            }).activate(Ev.TIMEOUT);

            assertThatThrownBy(base::dispatch).isInstanceOf(AssertionError.class).hasMessage("fatal");
            assertThat(log.records).isEmpty();
        }
    }

    @Test
    void withRethrowAnExceptionFromACallbackEndsDispatchAndTheBaseStaysUsable() {
        try (EventBase base = EventBase.builder().rethrowCallbackErrors().build()) {
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
        try (LogCapture log = new LogCapture(Level.ALL);
             EventBase base = EventBase.builder().callbackErrorHandler(reported::add).build()) {
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
            assertThat(log.records).isEmpty();
        }
    }

    @Test
    void rethrowAndAHandlerAreOneChoiceNotTwo() {
        assertThatThrownBy(() -> EventBase.builder().rethrowCallbackErrors().callbackErrorHandler(e -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> EventBase.builder().callbackErrorHandler(e -> { }).rethrowCallbackErrors())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not both");
    }
}
