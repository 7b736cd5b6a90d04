package io.jevent.examples;

import io.jevent.Ev;
import io.jevent.Event;
import io.jevent.EventBase;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Timers and signals: a periodic timer that prints ticks, a one-shot timer, and SIGINT/SIGTERM
 * handlers that stop the loop cleanly. {@code --seconds N} stops it by itself.
 */
final class TimersExample extends Example {
    static final Duration TICK = Duration.ofMillis(500);
    static final Duration ONE_SHOT = Duration.ofMillis(1200);

    TimersExample() {
        super("timers [--seconds N]",
                "a periodic timer, a one-shot timer, and a clean stop on SIGINT/SIGTERM",
                List.of("seconds"));
    }

    @Override
    int run(Args args, PrintStream out, PrintStream err) {
        int seconds = args.integer("seconds", 0, 1, 86_400);
        try (EventBase base = new EventBase()) {
            long[] start = new long[1];
            int[] ticks = new int[1];
            Event tick = base.newEvent(null, Ev.PERSIST, (ev, what) ->
                    out.printf("tick %d at %d ms%n", ++ticks[0], (base.now() - start[0]) / 1_000_000));
            Event oneShot = base.newTimer((ev, what) ->
                    out.printf("one-shot timer fired at %d ms%n", (base.now() - start[0]) / 1_000_000));
            start[0] = base.now();
            tick.add(TICK);
            oneShot.add(ONE_SHOT);
            String[] stoppedBy = {"--seconds " + seconds + " elapsed"};
            for (String signal : List.of("INT", "TERM")) {
                base.newSignal(signal, (ev, what) -> {
                    stoppedBy[0] = "SIG" + signal;
                    base.loopExit();
                }).add();
            }
            if (seconds > 0) {
                base.loopExit(Duration.ofSeconds(seconds));
            }
            out.println("timers: a tick every " + TICK.toMillis() + " ms, a one-shot timer at "
                    + ONE_SHOT.toMillis() + " ms; stop with Ctrl-C (SIGINT) or SIGTERM"
                    + (seconds > 0 ? ", or wait " + seconds + " s" : ""));
            out.flush();
            base.dispatch();
            out.println("stopped by " + stoppedBy[0] + " after " + ticks[0] + " ticks");
        }
        return 0;
    }
}
