package io.jevent.examples;

import io.jevent.EventBase;
import io.jevent.EventBaseGroup;
import io.jevent.listener.ConnListener;
import io.jevent.listener.GroupListener;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * A {@link BufferEventServer} on each loop of an {@link EventBaseGroup}, behind one
 * {@link GroupListener}: what {@code echo --loops N} runs, the one-base-per-thread pattern of
 * libevent's documentation. Each connection lives on the loop it was given to, so the servers
 * share nothing and need no lock.
 *
 * <p>A stop closes the listener, then asks every loop to {@linkplain BufferEventServer#drain
 * drain} its own connections, on its own thread, in parallel; once all have reported, the servers
 * are closed on their loops and the group shut down.
 *
 * <p>Threads: {@link #serve} runs on the example's thread and waits there; the servers run on
 * their loop threads.
 */
final class LoopGroupServer {
    /** The options that choose the loops, beside {@link Lifetime#SERVER_OPTIONS}. */
    static final String USAGE = "[--loops N] [--spread handoff|reuseport]";
    /** At most this many loops: far more than cores is only contention. */
    static final int MAX_LOOPS = 256;

    private LoopGroupServer() {
    }

    /** How many loops {@code --loops} asks for: 1 by default. */
    static int loops(Args args) {
        return args.integer("loops", 1, 1, MAX_LOOPS);
    }

    /**
     * How {@code --spread} says to spread the connections: by default {@code handoff}, which works
     * on every platform; {@code reuseport} lets the kernel do it with {@code SO_REUSEPORT}.
     */
    static GroupListener.Spread spread(Args args) {
        String spread = args.string("spread", "handoff");
        switch (spread.toLowerCase(Locale.ROOT)) {
            case "handoff":
                return GroupListener.Spread.HANDOFF;
            case "reuseport":
                return GroupListener.Spread.REUSEPORT;
            default:
                throw new Args.UsageException("--spread must be handoff or reuseport: " + spread);
        }
    }

    /**
     * Runs the server on {@code loops} loops until it is stopped, with the same first and last
     * lines as {@link Lifetime#serve}; the line before the last says how each loop's drain went.
     *
     * @param protocol makes the protocol of each loop's server
     * @return the exit code
     */
    static int serve(String name, Args args, PrintStream out, PrintStream err, int defaultPort, int loops,
            GroupListener.Spread spread, Supplier<BufferEventServer.Protocol> protocol) throws InterruptedException {
        Listen listen = Listen.parse(args, "port", defaultPort, Listen.IDLE);
        try (Lifetime life = Lifetime.begin(name, args, out, err)) {
            EventBaseGroup group = EventBaseGroup.builder().loops(loops).name(name).build();
            try {
                Map<EventBase, BufferEventServer> servers = new IdentityHashMap<>();
                for (int i = 0; i < loops; i++) {
                    EventBase base = group.get(i);
                    servers.put(base, BufferEventServer.onLoop(base, listen.idleTimeout(), name, err, protocol.get()));
                }
                GroupListener listener = bind(name, group, listen, spread,
                        (base, channel, peer) -> servers.get(base).accept(base, channel, peer));
                listener.setErrorCallback((lev, cause) ->
                        err.println(name + ": accept failed, pausing: " + cause.getMessage()));
                life.listening(listener.localAddress());
                CountDownLatch stopped = new CountDownLatch(1);
                life.onStop(stopped::countDown);
                stopped.await();
                listener.close();
                drainEach(name, group, servers, out);
                return life.stopped();
            } finally {
                group.close();
            }
        }
    }

    private static GroupListener bind(String name, EventBaseGroup group, Listen listen, GroupListener.Spread spread,
            GroupListener.Callback callback) {
        try {
            return GroupListener.bind(group, listen.address(), listen.backlog(), spread, callback,
                    ConnListener.Option.REUSEABLE);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("cannot listen on " + Lifetime.where(listen.address()) + ": "
                    + Lifetime.describe(e.getCause()), e.getCause());
        }
    }

    /** Every loop drains its own connections on its thread; waits until all have said how it went. */
    private static void drainEach(String name, EventBaseGroup group, Map<EventBase, BufferEventServer> servers,
            PrintStream out) throws InterruptedException {
        int loops = group.size();
        String[] lines = new String[loops];
        CountDownLatch drained = new CountDownLatch(loops);
        for (int i = 0; i < loops; i++) {
            int index = i;
            EventBase base = group.get(i);
            BufferEventServer server = servers.get(base);
            try {
                base.execute(() -> server.drain(Lifetime.DRAIN_LIMIT, line -> {
                    lines[index] = line;
                    server.close();
                    drained.countDown();
                }));
            } catch (RejectedExecutionException e) {
                drained.countDown();   // that loop has ended already: nothing is left to drain there
            }
        }
        // Each drain ends by itself within DRAIN_LIMIT, closing what has not finished.
        drained.await();
        for (int i = 0; i < loops; i++) {
            if (lines[i] != null) {
                out.println(name + ": loop " + i + ": " + lines[i]);
            }
        }
    }
}
