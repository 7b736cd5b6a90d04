package io.jevent.examples;

import java.io.PrintStream;
import java.util.List;

/** What a newcomer runs first. Until the socket examples exist, it is the timers example. */
final class DemoExample implements Example {
    private final TimersExample timers = new TimersExample();

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "the first thing to run: timers and signals (see \"timers\")";
    }

    @Override
    public String usage() {
        return "demo [--seconds N]";
    }

    @Override
    public List<String> valuedOptions() {
        return timers.valuedOptions();
    }

    @Override
    public int run(Args args, PrintStream out) {
        return timers.run(args, out);
    }
}
