package io.jevent.examples;

import io.jevent.EventBase;
import io.jevent.LoopResult;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * How a long-running example starts and stops, so that each example keeps to its own job. While a
 * Lifetime is open, SIGINT and SIGTERM stop it (the process then exits with code 0, as a server
 * should), {@code --seconds N} stops it after N seconds, and a test stops it with
 * {@link #requestStop(Thread)}. A server prints where it listens as its first line
 * ({@link #listening}) and why it stopped as its last.
 *
 * <p>The examples built on jevent stop their loop with {@link EventBase#loopExit()}; the others
 * (a plain selector, blocking threads) register their own way to wake up with {@link #onStop}.
 * Signals are caught here with the JDK's {@code sun.misc.Signal}, once for every example running in
 * the process, so that the plain java.nio examples need no jevent at all; the {@code timers} example
 * shows jevent's own signal events.
 *
 * <p>Threads: {@link #stop}, {@link #stopping()} and {@link #requestStop} may be called from any
 * thread; the rest from the example's thread.
 */
final class Lifetime implements AutoCloseable {
    /**
     * The options every server takes: where to listen, how (see {@link Listen}), and when to stop
     * by itself.
     */
    static final List<String> SERVER_OPTIONS = List.of("port", "bind", "backlog", "idle-timeout", "seconds");
    /** The usage words of {@link #SERVER_OPTIONS}. */
    static final String SERVER_USAGE = "[--port P] " + Listen.USAGE + " [--seconds N]";
    private static final List<String> SIGNALS = List.of("INT", "TERM");
    /** How long a stopping server lets its connections finish what they accepted. */
    static final Duration DRAIN_LIMIT = Duration.ofSeconds(10);

    /** The examples running in this process, by the thread that runs each (the test hook's key). */
    private static final Map<Thread, Lifetime> RUNNING = new ConcurrentHashMap<>();
    /** The handlers replaced while any example runs; guarded by the class. */
    private static final Map<String, SignalHandler> REPLACED = new HashMap<>();

    private final String name;
    private final PrintStream out;
    private final PrintStream err;
    private final Thread thread = Thread.currentThread();
    private final List<Runnable> onStop = new ArrayList<>();
    private String stoppedBy;
    /** Once closed, a late stop (a --seconds timer that outlived the example) does nothing. */
    private boolean closed;

    private Lifetime(String name, PrintStream out, PrintStream err) {
        this.name = name;
        this.out = out;
        this.err = err;
    }

    /**
     * Starts the lifetime of the example running on this thread: from now on SIGINT, SIGTERM,
     * {@code --seconds} and {@link #requestStop} stop it.
     */
    static Lifetime begin(String name, Args args, PrintStream out, PrintStream err) {
        int seconds = args.integer("seconds", 0, 1, 86_400);
        Lifetime life = new Lifetime(name, out, err);
        register(life);
        if (seconds > 0) {
            CompletableFuture.delayedExecutor(seconds, TimeUnit.SECONDS)
                    .execute(() -> life.stop("--seconds " + seconds));
        }
        return life;
    }

    /**
     * Runs one server on a loop of its own until it is stopped: what every server built on jevent
     * does as a subcommand. Its first line says where it listens, its last why it stopped. These
     * are line and echo servers: a client silent for {@link Listen#IDLE} is closed, unless
     * {@code --idle-timeout} says otherwise. A stop {@linkplain Server#drain drains} the server
     * (for at most {@link #DRAIN_LIMIT}) before the loop ends.
     *
     * @param defaultPort the port without {@code --port}
     * @return the exit code
     * @throws IOException if the server cannot listen
     */
    static int serve(String name, Args args, PrintStream out, PrintStream err, int defaultPort, Server.Opener opener)
            throws IOException {
        return serve(name, args, out, err, defaultPort, opener, List.of());
    }

    /**
     * As {@link #serve(String, Args, PrintStream, PrintStream, int, Server.Opener)}, with
     * {@code notes} printed right after the first line, such as where a TLS server's certificate is.
     */
    static int serve(String name, Args args, PrintStream out, PrintStream err, int defaultPort, Server.Opener opener,
            List<String> notes) throws IOException {
        try (Lifetime life = begin(name, args, out, err);
                EventBase base = new EventBase();
                Server server = opener.open(base, Listen.parse(args, "port", defaultPort, Listen.IDLE))) {
            life.listening(server.address());
            notes.forEach(note -> out.println(name + ": " + note));
            out.flush();
            return life.dispatch(base, () -> {
                try {
                    base.execute(() -> server.drain(DRAIN_LIMIT, line -> {
                        if (line != null) {
                            out.println(name + ": " + line);
                        }
                        base.loopExit();
                    }));
                } catch (RejectedExecutionException e) {
                    // The loop has ended already: nothing is left to drain.
                }
            });
        }
    }

    /**
     * Stops the example running on {@code thread}, as SIGTERM would: the hook for tests that run
     * examples in-process.
     *
     * @return false if no example runs on that thread
     */
    static boolean requestStop(Thread thread) {
        Lifetime life = RUNNING.get(thread);
        if (life == null) {
            return false;
        }
        life.stop("request");
        return true;
    }

    /** Adds what stopping does, such as waking up a selector; runs it at once if already stopped. */
    void onStop(Runnable action) {
        synchronized (this) {
            if (stoppedBy == null) {
                onStop.add(action);
                return;
            }
        }
        action.run();
    }

    /** Stops the example; the first reason wins, later calls do nothing. Any thread. */
    void stop(String reason) {
        List<Runnable> actions;
        synchronized (this) {
            if (stoppedBy != null || closed) {
                return;
            }
            stoppedBy = reason;
            actions = List.copyOf(onStop);
        }
        actions.forEach(Runnable::run);
    }

    /** Whether {@link #stop} was called. Any thread. */
    synchronized boolean stopping() {
        return stoppedBy != null;
    }

    /** Prints the first line of a server: {@code NAME: listening on WHERE}. */
    void listening(String where) {
        out.println(name + ": listening on " + where);
        out.flush();
    }

    /** Prints the first line of a server that listens on {@code address}. */
    void listening(SocketAddress address) {
        listening(where(address));
    }

    /** {@code 127.0.0.1:9876}, {@code [::1]:9876}: an address as a user types it. */
    static String where(SocketAddress address) {
        if (!(address instanceof InetSocketAddress)) {
            return String.valueOf(address);
        }
        InetSocketAddress inet = (InetSocketAddress) address;
        String host = inet.getAddress().getHostAddress();
        if (host.contains(":")) {
            // The JDK writes IPv6 in full (0:0:0:0:0:0:0:1); users type ::1.
            host = "[" + host.replaceFirst("(^|:)(0+(:|$)){2,8}", "::") + "]";
        }
        return host + ":" + inet.getPort();
    }

    /** An error as a user reads it: its message, or its kind when it has none. */
    static String describe(Exception e) {
        if (e == null) {
            return "unknown error";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * Runs the loop until the example is stopped or has nothing left to do, then says why it stopped.
     *
     * @return the exit code: 0, or 1 if the loop failed
     */
    int dispatch(EventBase base) {
        return dispatch(base, base::loopExit);
    }

    /**
     * Runs the loop until {@code stopping} ends it, as {@link #dispatch(EventBase)} does: for a
     * server that finishes its work before the loop ends. {@code stopping} runs on the thread that
     * stops the example.
     */
    int dispatch(EventBase base, Runnable stopping) {
        onStop(stopping);
        if (base.dispatch() == LoopResult.ERROR) {
            err.println(name + ": the event loop failed: " + base.loopError());
            return 1;
        }
        return stopped();
    }

    /**
     * Prints the last line of a stopped example, {@code NAME: stopped by SIGINT}; nothing if it ended
     * by itself.
     *
     * @return 0, the exit code of a clean stop
     */
    int stopped() {
        String reason;
        synchronized (this) {
            reason = stoppedBy;
        }
        if (reason != null) {
            out.println(name + ": stopped by " + reason);
        }
        return 0;
    }

    /** Ends the lifetime: signals get their previous handlers back once no example runs. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        unregister(this);
    }

    private static synchronized void register(Lifetime life) {
        if (RUNNING.isEmpty()) {
            for (String signal : SIGNALS) {
                catchSignal(signal, life.err);
            }
        }
        RUNNING.put(life.thread, life);
    }

    private static synchronized void unregister(Lifetime life) {
        if (RUNNING.remove(life.thread, life) && RUNNING.isEmpty()) {
            REPLACED.forEach((signal, previous) -> Signal.handle(new Signal(signal), previous));
            REPLACED.clear();
        }
    }

    private static void catchSignal(String signal, PrintStream err) {
        SignalHandler previous;
        try {
            previous = Signal.handle(new Signal(signal), s -> RUNNING.values().forEach(l -> l.stop("SIG" + signal)));
        } catch (IllegalArgumentException e) {
            err.println("cannot catch SIG" + signal + " (" + e.getMessage() + "); it will end the process");
            return;
        }
        REPLACED.put(signal, previous);
        if (previous == SignalHandler.SIG_IGN) {
            // A process started in the background by a non-interactive shell ignores SIGINT, and the
            // JVM keeps it that way: say so rather than leave the user pressing Ctrl-C in vain.
            err.println(ignoredNotice(signal));
        }
    }

    /** The line printed when {@code signal} ({@code "INT"} or {@code "TERM"}) was ignored from the start. */
    static String ignoredNotice(String signal) {
        return "SIG" + signal + " is ignored by this process (started in the background?); stop it with"
                + (signal.equals("INT") ? " SIGTERM" : " SIGINT") + " instead";
    }
}
