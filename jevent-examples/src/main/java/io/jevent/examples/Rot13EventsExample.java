package io.jevent.examples;

import java.io.IOException;
import java.io.PrintStream;

/**
 * The async I/O introduction's "low-level ROT13 server with Libevent": raw persistent READ and WRITE events per
 * connection ({@link EventServer}) and buffering by hand ({@link Rot13Session}); the same
 * {@code fd_state} logic as the select() version, with the event loop in place of {@code select}.
 */
final class Rot13EventsExample extends Example {
    Rot13EventsExample() {
        super("rot13-events " + Lifetime.SERVER_USAGE,
                "the same ROT13 server on raw Events with hand-made buffering (port "
                + Rot13Example.PORT + ")",
                Lifetime.SERVER_OPTIONS);
    }

    @Override
    int run(Args args, PrintStream out, PrintStream err) throws IOException {
        return Lifetime.serve(name(), args, out, err, Rot13Example.PORT,
                (base, listen) -> new EventServer(base, listen, name(), err, Rot13Session::new));
    }
}
