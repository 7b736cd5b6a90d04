package io.jevent.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.Channel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The async I/O introduction's select() ROT13 server, as a plain java.nio select loop with no jevent
 * event loop at all: the loop that jevent's {@code EventBase} writes for you. Each client is a
 * {@link Rot13Session}, the same one {@code rot13-events} drives with events; its answer says which
 * readiness to wait for next.
 *
 * <p>Unlike the article, a failing {@code accept()} (out of file descriptors, say) does not spin: the
 * loop stops accepting for {@link #ACCEPT_PAUSE_MS} and then tries again; the JDK's socket I/O is
 * run once at start-up ({@link IoWarmUp}) so that running out of descriptors cannot break it for
 * good; and a client silent for the idle timeout is closed, by a sweep over the clients that the
 * loop makes at least every {@link #SWEEP_MS} (what jevent's timers do for {@code rot13-events}).
 */
final class Rot13SelectorExample extends Example {
    static final long ACCEPT_PAUSE_MS = 100;
    /** The longest wait between two looks for idle clients. */
    static final long SWEEP_MS = 1000;

    Rot13SelectorExample() {
        super("rot13-selector " + Lifetime.SERVER_USAGE,
                "the same ROT13 server as a plain java.nio select loop, no jevent (port "
                + Rot13Example.PORT + ")",
                Lifetime.SERVER_OPTIONS);
    }

    @Override
    int run(Args args, PrintStream out, PrintStream err) throws IOException {
        Listen listen = Listen.parse(args, "port", Rot13Example.PORT, Listen.IDLE);
        IoWarmUp.run();
        try (Lifetime life = Lifetime.begin(name(), args, out, err);
                Selector selector = Selector.open();
                ServerSocketChannel listening = ServerSockets.listen(listen, false)) {
            SelectionKey accepting = listening.register(selector, SelectionKey.OP_ACCEPT);
            life.onStop(selector::wakeup);
            life.listening(listening.getLocalAddress());
            long idleNanos = listen.idleTimeout() == null ? 0 : listen.idleTimeout().toNanos();
            long sweepNanos = idleNanos == 0 ? 0 : Math.min(TimeUnit.MILLISECONDS.toNanos(SWEEP_MS), idleNanos / 4);
            long nextSweep = System.nanoTime() + sweepNanos;
            long resumeAt = 0;   // when accepting resumes after a failed accept(); 0 while it runs
            while (!life.stopping()) {
                long now = System.nanoTime();
                long wakeAt = resumeAt != 0 && (sweepNanos == 0 || resumeAt - nextSweep < 0) ? resumeAt
                        : sweepNanos != 0 ? nextSweep : 0;
                long timeout = wakeAt == 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(wakeAt - now));
                selector.select(key -> {
                    if (key == accepting) {
                        accept(key, err);
                    } else {
                        advance(key, err);
                    }
                }, timeout);
                now = System.nanoTime();
                if (resumeAt == 0 && accepting.interestOps() == 0) {
                    resumeAt = now + TimeUnit.MILLISECONDS.toNanos(ACCEPT_PAUSE_MS);
                } else if (resumeAt != 0 && now - resumeAt >= 0) {
                    accepting.interestOps(SelectionKey.OP_ACCEPT);
                    resumeAt = 0;
                }
                if (sweepNanos != 0 && now - nextSweep >= 0) {
                    closeIdle(selector, accepting, now - idleNanos);
                    nextSweep = now + sweepNanos;
                }
            }
            for (SelectionKey key : selector.keys()) {
                if (key != accepting) {
                    close(key.channel());
                }
            }
            return life.stopped();
        }
    }

    /** A client's session and when a byte last moved on its connection. */
    private static final class Client {
        final Session session;
        long lastActive = System.nanoTime();

        Client(Session session) {
            this.session = session;
        }
    }

    /** Accepts every waiting client, registered for reading with a new session; pauses on failure. */
    private static void accept(SelectionKey key, PrintStream err) {
        ServerSocketChannel listening = (ServerSocketChannel) key.channel();
        while (true) {
            SocketChannel client = null;
            try {
                client = listening.accept();
                if (client == null) {
                    return;
                }
                client.configureBlocking(false);
                client.register(key.selector(), SelectionKey.OP_READ, new Client(new Rot13Session(client)));
            } catch (IOException e) {
                err.println("rot13-selector: accept failed, pausing " + ACCEPT_PAUSE_MS + " ms: " + e.getMessage());
                close(client);
                key.interestOps(0);
                return;
            } catch (RuntimeException | LinkageError e) {
                // A class that could not load for lack of descriptors, say: never leak the accepted
                // descriptor, and keep serving the others.
                err.println("rot13-selector: cannot set up a client, pausing " + ACCEPT_PAUSE_MS + " ms: " + e);
                close(client);
                key.interestOps(0);
                return;
            }
        }
    }

    /** Lets the client's session do what its channel is ready for, and waits for what it asks next. */
    private static void advance(SelectionKey key, PrintStream err) {
        Client client = (Client) key.attachment();
        int want;
        try {
            want = client.session.advance();
        } catch (IOException e) {
            err.println("rot13-selector: " + peer(key) + ": " + Lifetime.describe(e));
            want = Session.DONE;
        } catch (RuntimeException | LinkageError e) {
            err.println("rot13-selector: " + peer(key) + ": " + e);
            want = Session.DONE;
        }
        client.lastActive = System.nanoTime();
        if (want == Session.DONE) {
            close(key.channel());
        } else {
            key.interestOps(want);
        }
    }

    /** Closes the clients with nothing moving since {@code before}. */
    private static void closeIdle(Selector selector, SelectionKey accepting, long before) {
        for (SelectionKey key : selector.keys()) {
            if (key != accepting && key.isValid() && ((Client) key.attachment()).lastActive - before < 0) {
                close(key.channel());
            }
        }
    }

    private static String peer(SelectionKey key) {
        try {
            return Lifetime.where(((SocketChannel) key.channel()).getRemoteAddress());
        } catch (IOException e) {
            return "a client";
        }
    }

    private static void close(Channel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a socket only fails if it is already gone; the peer sees the end either way.
        }
    }
}
