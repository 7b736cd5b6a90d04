package io.jevent.examples;

import io.jevent.Ev;
import io.jevent.Event;
import io.jevent.EventBase;
import io.jevent.bufferevent.BevEvent;
import io.jevent.bufferevent.BevOption;
import io.jevent.bufferevent.BufferEvent;
import io.jevent.bufferevent.SocketBufferEvent;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The connect article's client: connect with a {@link SocketBufferEvent}, print every event it reports, and
 * keep trying while the server is down. The article's asker saw {@code CONNECTED|ERROR} and a loop that
 * ended at once; here a failed connect is exactly one {@code ERROR} event, so the event callback
 * needs no record of what it saw before: {@code CONNECTED} means connected, and any {@code ERROR},
 * {@code EOF} or {@code TIMEOUT} means "not connected (any more): try again later".
 *
 * <p>Retries back off exponentially, from {@link #FIRST_DELAY} doubling up to {@link #MAX_DELAY},
 * and start again from {@link #FIRST_DELAY} after a connection that worked. The same BufferEvent
 * serves every attempt: {@link SocketBufferEvent#reuse reuse(null)} drops the failed channel and
 * keeps the callbacks.
 */
final class ConnectExample extends Example {
    static final Duration FIRST_DELAY = Duration.ofMillis(100);
    static final Duration MAX_DELAY = Duration.ofSeconds(5);
    /** A connect that gets no answer at all (a silent firewall) fails after this long. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    ConnectExample() {
        super("connect HOST PORT [--seconds N]",
                "the connect article's client: reports every BufferEvent event and reconnects with back-off",
                List.of("seconds"));
    }

    @Override
    int run(Args args, PrintStream out, PrintStream err) {
        String host = args.word(0, "HOST", null, 2);
        int port = Args.number("PORT", args.word(1, "PORT", null, 2), 1, 65535);
        try (Lifetime life = Lifetime.begin(name(), args, out, err);
                EventBase base = new EventBase();
                SocketBufferEvent bev = BufferEvent.socket(base, null, BevOption.CLOSE_ON_FREE)) {
            new Client(base, bev, host, port, out).connect();
            return life.dispatch(base);
        }
    }

    /** The state one client needs: where to connect, whether it is connected, the next delay. */
    private static final class Client {
        private final SocketBufferEvent bev;
        private final String host;
        private final int port;
        private final PrintStream out;
        private final Event retry;
        private boolean connected;
        private Duration delay = FIRST_DELAY;

        Client(EventBase base, SocketBufferEvent bev, String host, int port, PrintStream out) {
            this.bev = bev;
            this.host = host;
            this.port = port;
            this.out = out;
            this.retry = base.newTimer((ev, what) -> connect());
            bev.setCallbacks(this::received, null, this::onEvent);
            bev.setTimeouts(null, CONNECT_TIMEOUT);   // the write timeout bounds a connect
            bev.enable(Ev.READ | Ev.WRITE);
        }

        void connect() {
            out.println("connect: connecting to " + host + ":" + port);
            bev.connectHostname(host, port);
        }

        private void received(BufferEvent b) {
            byte[] data = new byte[(int) b.input().length()];
            b.read(data);
            out.println("connect: received " + data.length + " bytes: "
                    + new String(data, StandardCharsets.UTF_8).stripTrailing());
        }

        private void onEvent(BufferEvent b, int events) {
            out.println("connect: event " + BevEvent.toString(events)
                    + ((events & BevEvent.ERROR) != 0 ? " (" + Lifetime.describe(b.lastError()) + ")" : ""));
            if ((events & BevEvent.CONNECTED) != 0) {
                connected = true;
                delay = FIRST_DELAY;
                out.println("connect: connected to " + host + ":" + port);
                return;
            }
            out.println("connect: " + (connected ? "disconnected" : "not connected") + "; retrying in "
                    + delay.toMillis() + " ms");
            connected = false;
            // A channel serves one connection: drop it (failed or finished); connect() opens a new one.
            bev.reuse(null);
            retry.add(delay);
            Duration doubled = delay.multipliedBy(2);
            delay = doubled.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : doubled;
        }
    }
}
