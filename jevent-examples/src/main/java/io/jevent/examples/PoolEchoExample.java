package io.jevent.examples;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.bufferevent.BevEvent;
import io.jevent.bufferevent.BevOption;
import io.jevent.bufferevent.BufferEvent;
import io.jevent.bufferevent.SocketBufferEvent;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The pool article's pool of connection objects, each owning one BufferEvent that serves connection after
 * connection, here as clients of the {@code echo} server. The article found that bytes left in the
 * buffers leaked into the next connection, and that draining the output buffer failed silently;
 * {@link SocketBufferEvent#reuse} empties both buffers for the next connection.
 *
 * <p>To prove it, every connection ends abruptly, as in the article: with its echo still unread in the
 * input and a write still unsent in the output. The next connection of the same BufferEvent must
 * receive exactly its own echo, or it counts as a leak. A summary line gives the counts; the exit
 * code is 0 only if every round was verified.
 */
final class PoolEchoExample extends Example {
    /** Left in the output when a connection ends; it must never reach the server. */
    private static final byte[] UNSENT = "this must never be sent\n".getBytes(StandardCharsets.US_ASCII);

    PoolEchoExample() {
        super("pool-echo [HOST [PORT]] [--connections N] [--rounds R] [--seconds N]",
                "the pool article's BufferEvents, re-used (reuse) for connection after connection to echo",
                List.of("connections", "rounds", "seconds"));
    }

    @Override
    int run(Args args, PrintStream out, PrintStream err) {
        String host = args.word(0, "HOST", "127.0.0.1", 2);
        int port = Args.number("PORT", args.word(1, "PORT", String.valueOf(EchoExample.PORT), 2), 1, 65535);
        int size = args.integer("connections", 4, 1, 10_000);
        int rounds = args.integer("rounds", 10, 1, 1_000_000);
        InetSocketAddress echo = new InetSocketAddress(host, port);
        if (echo.isUnresolved()) {
            err.println("pool-echo: cannot resolve the name " + host);
            return 1;
        }
        try (Lifetime life = Lifetime.begin(name(), args, out, err); EventBase base = new EventBase()) {
            List<Pooled> pool = new ArrayList<>();
            Runnable finished = () -> {
                if (pool.stream().allMatch(Pooled::done)) {
                    base.loopExit();
                }
            };
            for (int id = 0; id < size; id++) {
                pool.add(new Pooled(base, id, echo, rounds, err, finished));
            }
            out.println("pool-echo: " + size + " pooled BufferEvents, " + rounds + " connections each, to "
                    + Lifetime.where(echo));
            long start = System.nanoTime();
            pool.forEach(Pooled::nextConnection);
            int code = life.dispatch(base);
            int verified = pool.stream().mapToInt(p -> p.verified).sum();
            int leaked = pool.stream().mapToInt(p -> p.leaked).sum();
            int failed = pool.stream().mapToInt(p -> p.failed ? 1 : 0).sum();
            out.printf("pool-echo: %d of %d connections verified, %d with foreign data, %d BufferEvents failed,"
                    + " %d ms%n", verified, size * rounds, leaked, failed, (System.nanoTime() - start) / 1_000_000);
            pool.forEach(p -> p.bev.close());
            return code != 0 || verified != size * rounds ? 1 : 0;
        }
    }

    /** One pooled connection object: one BufferEvent, connected again for every round. */
    private static final class Pooled {
        final SocketBufferEvent bev;
        private final int id;
        private final InetSocketAddress echo;
        private final int rounds;
        private final PrintStream err;
        private final Runnable finished;
        private int round;
        private byte[] expected;
        int verified;
        int leaked;
        boolean failed;

        Pooled(EventBase base, int id, InetSocketAddress echo, int rounds, PrintStream err, Runnable finished) {
            this.id = id;
            this.echo = echo;
            this.rounds = rounds;
            this.err = err;
            this.finished = finished;
            this.bev = BufferEvent.socket(base, null, BevOption.CLOSE_ON_FREE);
            bev.setCallbacks(this::received, null, this::onEvent);
            bev.enable(Ev.READ | Ev.WRITE);
        }

        boolean done() {
            return failed || round > rounds;
        }

        /** Ends the current connection, whatever its buffers hold, and starts the next one. */
        void nextConnection() {
            bev.reuse(null);   // closes the channel, empties both buffers, keeps callbacks and enabled
            if (++round > rounds) {
                finished.run();
                return;
            }
            expected = ("pooled BufferEvent " + id + ", connection " + round + "\nand a second line\n")
                    .getBytes(StandardCharsets.US_ASCII);
            bev.write(expected);   // queued: sent once connected
            bev.connect(echo);
        }

        private void received(BufferEvent b) {
            if (b.input().length() < expected.length) {
                return;
            }
            // Look without draining: the echo stays in the input, as if this connection died mid-read.
            byte[] got = new byte[(int) b.input().length()];
            b.input().copyOut(got);
            if (Arrays.equals(got, expected)) {
                verified++;
            } else {
                leaked++;
                err.println("pool-echo: BufferEvent " + id + ", connection " + round + " received "
                        + got.length + " bytes that are not its own echo");
            }
            b.write(UNSENT);
            nextConnection();
        }

        private void onEvent(BufferEvent b, int events) {
            if ((events & (BevEvent.EOF | BevEvent.ERROR | BevEvent.TIMEOUT)) != 0) {
                err.println("pool-echo: BufferEvent " + id + ", connection " + round + ": "
                        + ((events & BevEvent.ERROR) != 0 ? Lifetime.describe(b.lastError())
                                : BevEvent.toString(events)));
                failed = true;
                finished.run();
            }
        }
    }
}
