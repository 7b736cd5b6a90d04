package io.jevent.examples;

import io.jevent.Ev;
import io.jevent.Event;
import io.jevent.EventBase;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a newcomer runs first: the {@code echo} server and the {@code rot13} server together in one
 * {@link EventBase}, one thread, one loop, a few lines saying how to try them with {@code nc}, and a
 * status page ({@link DemoStatusPage}) on the same loop that shows their counts and the loop's
 * metrics live. With {@code --stats N} it also prints the loop's metrics every N seconds; the base
 * collects timings, and publishes its metrics over JMX as {@code io.jevent:type=EventBase,name=demo-P}
 * (P: the echo port), for jconsole.
 */
final class DemoExample extends Example {
    DemoExample() {
        super("demo [--echo-port P] [--rot13-port P] [--http-port P] " + Listen.USAGE + " [--seconds N] [--stats N]",
                "the first thing to run: echo on port " + EchoExample.PORT + ", rot13 on port "
                + Rot13Example.PORT + " and a live status page on port " + DemoStatusPage.PORT + " in one EventBase",
                List.of("echo-port", "rot13-port", "http-port", "bind", "backlog", "idle-timeout", "seconds", "stats"));
    }

    @Override
    int run(Args args, PrintStream out, PrintStream err) throws IOException {
        try (Lifetime life = Lifetime.begin(name(), args, out, err);
                EventBase base = EventBase.builder().collectTimings(true).build();
                BufferEventServer echo = EchoExample.listen(base,
                        Listen.parse(args, "echo-port", EchoExample.PORT, Listen.IDLE), err);
                BufferEventServer rot13 = Rot13Example.listen(base,
                        Listen.parse(args, "rot13-port", Rot13Example.PORT, Listen.IDLE), err);
                DemoStatusPage page = new DemoStatusPage(base, args.listenAddress("http-port", DemoStatusPage.PORT),
                        List.of(Map.entry("echo", echo), Map.entry("rot13", rot13)))) {
            base.registerMBean("demo-" + echo.address().getPort());
            int stats = args.integer("stats", 0, 1, 86_400);
            if (stats > 0) {
                LoopStats loopStats = new LoopStats(base);
                Event printer = base.newEvent(null, Ev.PERSIST, (ev, what) -> out.println("demo: loop "
                        + loopStats.line()));
                printer.add(Duration.ofSeconds(stats));
            }
            life.listening(Lifetime.where(echo.address()) + " (echo) and " + Lifetime.where(rot13.address())
                    + " (rot13)");
            out.println("demo: open http://" + Lifetime.where(page.address()) + "/ to watch the connections live");
            out.println("demo: try   nc " + hostAndPort(rot13) + "   and type a line: it comes back in ROT13");
            out.println("demo: or    nc " + hostAndPort(echo) + "   and type a line: it comes back as it is");
            int seconds = args.integer("seconds", 0, 1, 86_400);
            // As the libevent book prints "Using Libevent with backend method %s" (event_base_get_method).
            out.println("demo: both servers run on one EventBase (backend: " + base.backendName()
                    + "), on this one thread; stop with Ctrl-C"
                    + (seconds > 0 ? ", or wait " + seconds + " s" : ""));
            return life.dispatch(base);
        }
    }

    /** {@code 127.0.0.1 40713}: the address as {@code nc} takes it. */
    private static String hostAndPort(BufferEventServer server) {
        return server.address().getAddress().getHostAddress() + " " + server.address().getPort();
    }
}
