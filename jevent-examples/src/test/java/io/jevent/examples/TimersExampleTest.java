package io.jevent.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;
import sun.misc.Signal;
import sun.misc.SignalHandler;

class TimersExampleTest {

    @Test
    void timersWithSecondsTicksFiresTheOneShotAndStopsByItself() throws Exception {
        ExampleRunner r = ExampleRunner.start("timers", "--seconds", "2");
        assertThat(r.awaitExit()).isZero();
        assertThat(r.output())
                .contains("tick 1 at", "tick 3 at", "one-shot timer fired at")
                .contains("stopped by --seconds 2 elapsed after 4 ticks");
    }

    @Test
    void sigtermStopsTheLoopCleanlyWithExitCodeZero() throws Exception {
        assumeFalse(termIgnoredSinceStartup(), "SIGTERM is ignored by this test JVM");
        ExampleRunner r = ExampleRunner.start("timers");
        assertThat(r.awaitFirstLine()).startsWith("timers: a tick every 500 ms");
        Signal.raise(new Signal("TERM"));
        assertThat(r.awaitExit()).isZero();
        assertThat(r.output()).contains("stopped by SIGTERM");
    }

    private static boolean termIgnoredSinceStartup() {
        Signal term = new Signal("TERM");
        SignalHandler current = Signal.handle(term, SignalHandler.SIG_DFL);
        Signal.handle(term, current);
        return current == SignalHandler.SIG_IGN;
    }
}
