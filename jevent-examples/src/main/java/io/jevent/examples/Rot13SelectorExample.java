package io.jevent.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The async I/O introduction's select() ROT13 server, as a plain java.nio select loop with no jevent at all: the loop
 * that jevent's {@code EventBase} writes for you. Each client is a {@link Rot13Session}, the same one
 * {@code rot13-events} drives with events; its answer says which readiness to wait for next.
 *
 * <p>Unlike the article, a failing {@code accept()} (out of file descriptors, say) does not spin: the
 * loop stops accepting for {@link #ACCEPT_PAUSE_MS} and then tries again.
 */
final class Rot13SelectorExample extends Example {
    static final long ACCEPT_PAUSE_MS = 100;

    Rot13SelectorExample() {
        super("rot13-selector [--port P] [--bind ADDR] [--seconds N]",
                "the same ROT13 server as a plain java.nio select loop, no jevent (port "
                + Rot13Example.PORT + ")",
                Lifetime.SERVER_OPTIONS);
    }

    @Override
    int run(Args args, PrintStream out, PrintStream err) throws IOException {
        try (Lifetime life = Lifetime.begin(name(), args, out, err);
                Selector selector = Selector.open();
                ServerSocketChannel listening = ServerSockets.listen(args.listenAddress("port", Rot13Example.PORT), false)) {
            SelectionKey accepting = listening.register(selector, SelectionKey.OP_ACCEPT);
            life.onStop(selector::wakeup);
            life.listening(listening.getLocalAddress());
            long resumeAt = 0;   // when accepting resumes after a failed accept(); 0 while it runs
            while (!life.stopping()) {
                long timeout = resumeAt == 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(resumeAt - System.nanoTime()));
                selector.select(key -> {
                    if (key == accepting) {
                        accept(key, err);
                    } else {
                        advance(key, err);
                    }
                }, timeout);
                if (resumeAt == 0 && accepting.interestOps() == 0) {
                    resumeAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ACCEPT_PAUSE_MS);
                } else if (resumeAt != 0 && System.nanoTime() - resumeAt >= 0) {
                    accepting.interestOps(SelectionKey.OP_ACCEPT);
                    resumeAt = 0;
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
                client.register(key.selector(), SelectionKey.OP_READ, new Rot13Session(client));
            } catch (IOException e) {
                err.println("rot13-selector: accept failed, pausing " + ACCEPT_PAUSE_MS + " ms: " + e.getMessage());
                close(client);
                key.interestOps(0);
                return;
            }
        }
    }

    /** Lets the client's session do what its channel is ready for, and waits for what it asks next. */
    private static void advance(SelectionKey key, PrintStream err) {
        int want;
        try {
            want = ((Session) key.attachment()).advance();
        } catch (IOException e) {
            err.println("rot13-selector: " + peer(key) + ": " + Lifetime.describe(e));
            want = Session.DONE;
        }
        if (want == Session.DONE) {
            close(key.channel());
        } else {
            key.interestOps(want);
        }
    }

    private static String peer(SelectionKey key) {
        try {
            return Lifetime.where(((SocketChannel) key.channel()).getRemoteAddress());
        } catch (IOException e) {
            return "a client";
        }
    }

    private static void close(java.nio.channels.Channel channel) {
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
