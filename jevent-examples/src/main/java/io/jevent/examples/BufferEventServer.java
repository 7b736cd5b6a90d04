package io.jevent.examples;

import io.jevent.Ev;
import io.jevent.Event;
import io.jevent.EventBase;
import io.jevent.bufferevent.BevEvent;
import io.jevent.bufferevent.BevOption;
import io.jevent.bufferevent.BufferEvent;
import io.jevent.listener.ConnListener;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A {@link ConnListener} that gives every connection a socket {@link BufferEvent}: the shape of
 * the evconnlistener article's echo server, shared by {@code echo} and {@code rot13} (and so by {@code demo}), which
 * differ only in their {@link Protocol}.
 *
 * <p>What every such server needs besides its protocol lives here: when a client ends its side
 * (EOF), the server answers what is left, sends everything queued and closes
 * ({@link BufferEvent#closeAfterFlush()}); an error is reported and the connection closed at once;
 * a client that neither sends nor takes a byte for the idle timeout ({@code --idle-timeout}) is
 * closed, by the BufferEvent's read and write timeouts, so that slow or silent clients cannot hold
 * their connections, and the server's descriptors, forever;
 * a failed {@code accept()} is reported (the listener pauses and retries by itself). Closing the
 * server closes the listener and every connection still open, which libevent's samples leave to the
 * end of the process.
 *
 * <p>Stopping on a signal {@linkplain #drain drains} first, which libevent's samples do not: the
 * listener closes, every connection stops reading, answers what it already read, sends all its
 * output and shuts down gracefully ({@link BufferEvent#closeAfterFlush()}), so that no byte the
 * server accepted is lost. Connections that have not finished within the limit (a client that
 * stopped reading) are closed, and the server says how many bytes that left unsent.
 *
 * <p>With several loops ({@code echo --loops N}) each loop has a server of its own, made with
 * {@link #onLoop}, without a listener: a {@link io.jevent.listener.GroupListener} hands it its
 * connections ({@link #accept(EventBase, SocketChannel, SocketAddress)}), and each drains its own
 * connections on its own loop thread.
 *
 * <p>Threads: everything runs on the loop thread of the base, except {@link #close()}, which is
 * called once the loop has stopped.
 */
final class BufferEventServer implements Server {
    /** What a server does with its connections. Every method runs on the loop thread. */
    interface Protocol {
        /** A new connection, before reading starts: set its watermarks here. */
        default void accepted(BufferEvent bev) {
        }

        /** Input arrived: the read callback. */
        void readable(BufferEvent bev);

        /** The output was sent: the write callback. */
        default void drained(BufferEvent bev) {
        }

        /** The client sent its last byte (EOF): answer what is left before the server closes. */
        default void ended(BufferEvent bev) {
        }
    }

    /** Wraps an accepted connection in its BufferEvent: a socket one, or TLS over the socket. */
    interface Wrapper {
        BufferEvent wrap(EventBase base, SocketChannel channel);
    }

    /** Plain TCP: a socket BufferEvent that closes the channel with itself. */
    static final Wrapper SOCKET = (base, channel) -> BufferEvent.socket(base, channel, BevOption.CLOSE_ON_FREE);

    private final String name;
    private final PrintStream err;
    private final Protocol protocol;
    private final EventBase base;
    private final Wrapper wrapper;
    /** The listener, or null for a server of one loop of a group, whose connections are given to it. */
    private final ConnListener listener;
    /** The read and write timeout of every connection; null for none. */
    private final Duration idleTimeout;
    /** The connections open now, closed with the server. */
    private final Set<BufferEvent> open = new HashSet<>();
    private long messages;
    /** While draining: told once the last connection has finished; null otherwise. */
    private Consumer<String> drained;
    private Event drainLimit;
    private long drainStart;

    /**
     * Listens where {@code listen} says, with {@code SO_REUSEADDR} so that a restarted server finds
     * its port free at once.
     *
     * @param name names the server in error messages
     * @throws java.io.UncheckedIOException if the address cannot be bound, e.g. the port is in use
     */
    BufferEventServer(EventBase base, Listen listen, String name, PrintStream err, Protocol protocol) {
        this(base, listen, name, err, protocol, SOCKET);
    }

    /**
     * As {@link #BufferEventServer(EventBase, Listen, String, PrintStream, Protocol)}, with each
     * connection's BufferEvent made by {@code wrapper}: {@code tls-echo} puts TLS over the socket.
     */
    BufferEventServer(EventBase base, Listen listen, String name, PrintStream err, Protocol protocol,
            Wrapper wrapper) {
        this.wrapper = wrapper;
        InetSocketAddress address = listen.address();
        this.idleTimeout = listen.idleTimeout();
        this.name = name;
        this.err = err;
        this.protocol = protocol;
        this.base = base;
        try {
            this.listener = ConnListener.bind(base, address, listen.backlog(), this::accept,
                    ConnListener.Option.CLOSE_ON_FREE, ConnListener.Option.REUSEABLE);
        } catch (UncheckedIOException e) {
            // Say it the way the other servers do (ServerSockets), with the address as users type it.
            throw new UncheckedIOException("cannot listen on " + Lifetime.where(address) + ": "
                    + Lifetime.describe(e.getCause()), e.getCause());
        }
        listener.setErrorCallback((lev, cause) -> err.println(name + ": accept failed, pausing: " + cause.getMessage()));
    }

    private BufferEventServer(EventBase base, Duration idleTimeout, String name, PrintStream err, Protocol protocol) {
        this.base = base;
        this.idleTimeout = idleTimeout;
        this.name = name;
        this.err = err;
        this.protocol = protocol;
        this.wrapper = SOCKET;
        this.listener = null;
    }

    /**
     * A server for one loop of a group: it listens nowhere, and serves the connections given to
     * {@link #accept(EventBase, SocketChannel, SocketAddress)} on {@code base}'s loop thread.
     *
     * @param idleTimeout the read and write timeout of every connection; null for none
     */
    static BufferEventServer onLoop(EventBase base, Duration idleTimeout, String name, PrintStream err,
            Protocol protocol) {
        return new BufferEventServer(base, idleTimeout, name, err, protocol);
    }

    /** Where it listens; for a server of one loop of a group, which listens nowhere, null. */
    @Override
    public InetSocketAddress address() {
        if (listener == null) {
            return null;
        }
        return (InetSocketAddress) listener.localAddress();
    }

    /** How many bytes the open connections hold in their buffers. Loop thread (a test hook). */
    long bufferedBytes() {
        long sum = 0;
        for (BufferEvent bev : open) {
            sum += bev.input().length() + bev.output().length();
        }
        return sum;
    }

    /** How many connections are open now. Loop thread (the demo's status page). */
    int connections() {
        return open.size();
    }

    /** How many times data arrived, over all connections so far. Loop thread (the demo's status page). */
    long messages() {
        return messages;
    }

    private void accept(ConnListener lev, SocketChannel channel, SocketAddress peer) {
        accept(lev.base(), channel, peer);
    }

    /** Serves a new connection. Loop thread of {@code loop}, which is this server's base. */
    void accept(EventBase loop, SocketChannel channel, SocketAddress peer) {
        BufferEvent bev = wrapper.wrap(loop, channel);
        open.add(bev);
        bev.setCallbacks(b -> {
            messages++;
            protocol.readable(b);
        }, protocol::drained, (b, events) -> onEvent(b, events, peer));
        if (idleTimeout != null) {
            bev.setTimeouts(idleTimeout, idleTimeout);
        }
        protocol.accepted(bev);
        bev.enable(Ev.READ | Ev.WRITE);
    }

    @Override
    public void drain(Duration limit, Consumer<String> whenDrained) {
        if (listener != null) {
            listener.close();
        }
        drained = whenDrained;
        drainStart = System.nanoTime();
        drainLimit = base.newTimer((ev, what) -> closeUnfinished());
        drainLimit.add(limit);
        for (BufferEvent bev : List.copyOf(open)) {
            if (bev.input().length() > 0) {
                protocol.ended(bev);
            }
            bev.closeAfterFlush();
        }
        finishDrainIfDone(0, 0);
    }

    /** The drain's time is up: whatever is still open is closed with its output unsent. */
    private void closeUnfinished() {
        int unfinished = open.size();
        long unsent = 0;
        for (BufferEvent bev : open) {
            unsent += bev.output().length();
        }
        List.copyOf(open).forEach(BufferEvent::close);
        open.clear();
        finishDrainIfDone(unfinished, unsent);
    }

    private void finishDrainIfDone(int unfinished, long unsent) {
        if (drained == null || !open.isEmpty()) {
            return;
        }
        drainLimit.close();
        Consumer<String> tell = drained;
        drained = null;
        String took = String.format("%.2f s", (System.nanoTime() - drainStart) / 1e9);
        tell.accept(unfinished == 0
                ? "every connection finished in " + took + "; all output sent"
                : unfinished + " connections did not finish in " + took + " and were closed with " + unsent
                        + " bytes unsent");
    }

    private void onEvent(BufferEvent bev, int events, SocketAddress peer) {
        if ((events & BevEvent.EOF) != 0) {
            protocol.ended(bev);
            bev.closeAfterFlush();
        } else if ((events & BevEvent.TIMEOUT) != 0) {
            // Silent for the idle timeout (or not taking its answers): let its descriptor go.
            bev.close();
            open.remove(bev);
        } else if ((events & BevEvent.ERROR) != 0) {
            err.println(name + ": " + Lifetime.where(peer) + ": " + Lifetime.describe(bev.lastError()));
            bev.close();
            open.remove(bev);
        } else if ((events & BevEvent.FLUSHED_AND_CLOSED) != 0) {
            open.remove(bev);
        }
        finishDrainIfDone(0, 0);
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close();
        }
        if (drainLimit != null) {
            drainLimit.close();
        }
        List.copyOf(open).forEach(BufferEvent::close);
        open.clear();
    }
}
