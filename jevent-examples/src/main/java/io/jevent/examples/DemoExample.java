package io.jevent.examples;

import java.io.PrintStream;
import java.util.List;

/** What a newcomer runs first. Until the socket examples exist, it is the timers example. */
final class DemoExample extends Example {
    private final TimersExample timers = new TimersExample();

    DemoExample() {
        super("demo [--seconds N]", "the first thing to run: timers and signals (see \"timers\")", List.of("seconds"));
    }

    @Override
    int run(Args args, PrintStream out, PrintStream err) {
        return timers.run(args, out, err);
    }
}
