package io.jevent.examples;

import io.jevent.Ev;
import io.jevent.Event;
import io.jevent.EventBase;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A server written with raw {@link Event}s, the way the libevent 1.4 article writes one with libevent 1.4's
 * {@code event_set}/{@code event_add}: a persistent READ event on the listening socket, and for each
 * connection a persistent READ event and a persistent WRITE event, added and deleted as its
 * {@link Session} asks. {@code echo-events} and {@code rot13-events} share it.
 *
 * <p>Without the article's leaks: each connection owns its two events and its channel and frees all
 * three together ({@link Event#close()}, then the channel) when the session is done or fails, and
 * closing the server frees every connection still open. A client that neither sends nor takes a
 * byte for the idle timeout is closed: each event is added with that timeout, as libevent's
 * {@code event_add} takes one, and a persistent event's timeout starts again at each activation.
 *
 * <p>Threads: the loop thread of the base, and {@link #close()} once the loop has stopped.
 */
final class EventServer implements Server {
    /** How long to stop accepting after {@code accept()} failed, e.g. for lack of descriptors. */
    static final Duration ACCEPT_PAUSE = Duration.ofMillis(100);

    private final EventBase base;
    private final String name;
    private final PrintStream err;
    private final Function<SocketChannel, Session> sessions;
    private final ServerSocketChannel listening;
    /** The timeout each connection's events are added with; null for none. */
    private final Duration idleTimeout;
    private final Event acceptor;
    private final Set<Connection> open = new HashSet<>();

    /**
     * Listens where {@code listen} says (with {@code SO_REUSEADDR}) and starts accepting.
     *
     * @param sessions makes the session of each accepted connection
     * @throws IOException if the address cannot be bound
     */
    EventServer(EventBase base, Listen listen, String name, PrintStream err,
            Function<SocketChannel, Session> sessions) throws IOException {
        this.base = base;
        this.name = name;
        this.err = err;
        this.sessions = sessions;
        this.idleTimeout = listen.idleTimeout();
        this.listening = ServerSockets.listen(listen, false);
        this.acceptor = base.newEvent(listening, Ev.READ | Ev.PERSIST, (ev, what) -> acceptAll());
        acceptor.add();
    }

    @Override
    public InetSocketAddress address() throws IOException {
        return (InetSocketAddress) listening.getLocalAddress();
    }

    private void acceptAll() {
        while (true) {
            SocketChannel client;
            try {
                client = listening.accept();
            } catch (IOException e) {
                // The listening socket stays readable, so waiting for it again would spin: pause.
                err.println(name + ": accept failed, pausing " + ACCEPT_PAUSE.toMillis() + " ms: " + e.getMessage());
                acceptor.del();
                base.once(null, Ev.TIMEOUT, ACCEPT_PAUSE, (ev, what) -> {
                    if (!acceptor.isClosed()) {
                        acceptor.add();
                    }
                });
                return;
            }
            if (client == null) {
                return;
            }
            try {
                open.add(new Connection(client));
            } catch (IOException e) {
                err.println(name + ": cannot set up a connection: " + e.getMessage());
                closeQuietly(client);
            }
        }
    }

    /** One client: its channel, its session and its two events, freed together. */
    private final class Connection {
        private final SocketChannel channel;
        private final SocketAddress peer;
        private final Session session;
        private final Event reader;
        private final Event writer;

        Connection(SocketChannel channel) throws IOException {
            channel.configureBlocking(false);
            this.channel = channel;
            this.peer = channel.getRemoteAddress();
            this.session = sessions.apply(channel);
            this.reader = base.newEvent(channel, Ev.READ | Ev.PERSIST, (ev, what) -> advance(what));
            this.writer = base.newEvent(channel, Ev.WRITE | Ev.PERSIST, (ev, what) -> advance(what));
            waitFor(reader, true);
        }

        private void advance(int what) {
            int want;
            try {
                // Silent for the idle timeout (or not taking its answers): let its descriptor go.
                want = (what & Ev.TIMEOUT) != 0 ? Session.DONE : session.advance();
            } catch (IOException e) {
                err.println(name + ": " + Lifetime.where(peer) + ": " + Lifetime.describe(e));
                want = Session.DONE;
            }
            if (want == Session.DONE) {
                close();
                open.remove(this);
                return;
            }
            waitFor(reader, want == SelectionKey.OP_READ);
            waitFor(writer, want == SelectionKey.OP_WRITE);
        }

        private void waitFor(Event ev, boolean wanted) {
            if (wanted && idleTimeout != null) {
                ev.add(idleTimeout);
            } else if (wanted) {
                ev.add();
            } else {
                ev.del();
            }
        }

        void close() {
            reader.close();
            writer.close();
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a socket only fails if it is already gone; the peer sees the end either way.
        }
    }

    /**
     * Frees every connection and the listening socket. Its port is free once the base has polled
     * again or is closed: java.nio releases a channel only when its selector lets it go.
     */
    @Override
    public void close() throws IOException {
        acceptor.close();
        List.copyOf(open).forEach(Connection::close);
        open.clear();
        listening.close();
    }
}
