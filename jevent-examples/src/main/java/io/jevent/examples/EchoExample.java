package io.jevent.examples;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.bufferevent.BufferEvent;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The evconnlistener article's echo server: a {@link io.jevent.listener.ConnListener} hands each connection to a socket
 * {@link BufferEvent} (see {@link BufferEventServer}) whose read callback moves the input to the
 * output, without copying a byte.
 *
 * <p>One thing more than the article: a client that sends without reading would make the echo pile up
 * in memory, so reading pauses while {@link #MAX_PENDING} bytes wait to be sent, and resumes in the
 * write callback once they are.
 *
 * <p>With {@code --loops N} it runs on N loops, an {@link io.jevent.EventBaseGroup}, one
 * {@code BufferEventServer} per loop behind one {@link io.jevent.listener.GroupListener} (see
 * {@link LoopGroupServer}); {@code --spread} chooses how connections reach the loops: handed off by
 * one acceptor ({@code handoff}, the default, which works everywhere) or spread by the kernel over
 * one {@code SO_REUSEPORT} socket per loop ({@code reuseport}).
 */
final class EchoExample extends Example {
    static final int PORT = 9876;
    /** How much echo may wait to be sent before the server stops reading from that client. */
    static final long MAX_PENDING = 256 * 1024;

    EchoExample() {
        super("echo " + Lifetime.SERVER_USAGE + " " + LoopGroupServer.USAGE,
                "the evconnlistener article's echo server: ConnListener + BufferEvent (port " + PORT
                        + "); --loops N spreads it over N threads",
                options());
    }

    private static List<String> options() {
        List<String> options = new ArrayList<>(Lifetime.SERVER_OPTIONS);
        options.add("loops");
        options.add("spread");
        return List.copyOf(options);
    }

    @Override
    int run(Args args, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        int loops = LoopGroupServer.loops(args);
        if (args.string("loops", null) != null || args.string("spread", null) != null) {
            return LoopGroupServer.serve(name(), args, out, err, PORT, loops, LoopGroupServer.spread(args),
                    () -> PROTOCOL);
        }
        return Lifetime.serve(name(), args, out, err, PORT, (base, listen) -> listen(base, listen, err));
    }

    /**
     * Echoes what arrives, pausing reading while {@link #MAX_PENDING} bytes wait to be sent: the
     * protocol of {@code echo} and {@code tls-echo}.
     */
    static final BufferEventServer.Protocol PROTOCOL = new BufferEventServer.Protocol() {
        @Override
        public void readable(BufferEvent bev) {
            bev.output().addBuffer(bev.input());
            if (bev.output().length() >= MAX_PENDING) {
                bev.disable(Ev.READ);
            }
        }

        @Override
        public void drained(BufferEvent bev) {
            if ((bev.enabled() & Ev.READ) == 0) {
                bev.enable(Ev.READ);
            }
        }
    };

    /** Starts an echo server on {@code base}; {@code demo} runs one too. */
    static BufferEventServer listen(EventBase base, Listen listen, PrintStream err) {
        return new BufferEventServer(base, listen, "echo", err, PROTOCOL);
    }
}
