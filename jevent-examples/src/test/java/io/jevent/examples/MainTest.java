package io.jevent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void helpListsEveryExampleWithItsUsage() throws Exception {
        ExampleRunner r = ExampleRunner.start("help");
        assertThat(r.awaitExit()).isZero();
        for (Example e : Main.EXAMPLES) {
            assertThat(r.output()).contains("  " + e.usage() + "\n      " + e.summary() + "\n");
        }
        assertThat(Main.EXAMPLES).extracting(Example::name).containsExactly("demo", "timers");
    }

    @Test
    void anUnknownExampleExitsWithTwoAndShowsHelp() throws Exception {
        ExampleRunner r = ExampleRunner.start("nope");
        assertThat(r.awaitExit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown example \"nope\"", "usage:");
    }

    @Test
    void aBadOptionExitsWithTwoAndShowsTheUsage() throws Exception {
        ExampleRunner r = ExampleRunner.start("timers", "--seconds", "zero");
        assertThat(r.awaitExit()).isEqualTo(2);
        assertThat(r.err()).contains("--seconds is not a number: zero", "timers [--seconds N]");
        ExampleRunner typo = ExampleRunner.start("timers", "--second", "1");
        assertThat(typo.awaitExit()).isEqualTo(2);
        assertThat(typo.err()).contains("unknown option --second");
    }
}
