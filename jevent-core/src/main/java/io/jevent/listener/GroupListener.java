package io.jevent.listener;

import io.jevent.EventBase;
import io.jevent.EventBaseGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;

/**
 * Accepts connections on one address and spreads them over the loops of an
 * {@link EventBaseGroup}: each connection's callback runs on the thread of the loop it was given
 * to, with that loop's base, so everything the callback creates for the connection lives on that
 * loop. libevent has no such type: its documentation's pattern is one {@code evconnlistener} per
 * {@code event_base}, one base per thread; this class is the two ways of doing that, as a
 * {@link Spread}.
 *
 * <pre>{@code
 * GroupListener listener = GroupListener.bind(group, new InetSocketAddress("127.0.0.1", 9876), -1,
 *         GroupListener.Spread.HANDOFF, (base, channel, peer) -> startEcho(base, channel));
 * }</pre>
 *
 * <p><b>Threads:</b> the accept callback runs on the loop thread of the base it is given. Every
 * method may be called from any thread.
 *
 * <p><b>Ownership:</b> the listener opens its server sockets and closes them when closed
 * ({@link ConnListener.Option#CLOSE_ON_FREE} is always in effect). Accepted channels belong to the
 * accept callback; a connection accepted before {@link #close()} is still handed to its loop.
 */
public final class GroupListener implements AutoCloseable {
    /** How the connections are spread over the loops. */
    public enum Spread {
        /**
         * One listening socket, accepted by the first loop, which hands each connection to
         * {@link EventBaseGroup#next()} in turn: an exact round-robin, on every platform and for
         * Unix domain sockets too. Costs one hand-over (a queue push and perhaps a wake-up) per
         * connection, and the first loop does all the accepting.
         */
        HANDOFF,
        /**
         * One listening socket per loop, all bound to the same port with {@code SO_REUSEPORT}
         * ({@link ConnListener.Option#REUSEABLE_PORT}): the kernel spreads the connections by a
         * hash of their addresses, so the shares are even only on average, and each loop accepts
         * its own. Linux 3.9+ and the BSDs; refused where the JVM cannot set {@code SO_REUSEPORT}
         * and for Unix domain sockets. On Linux, connections waiting in the backlog of a socket
         * that closes are reset, so stop accepting ({@link #disable()}) some time before closing
         * when that matters.
         */
        REUSEPORT
    }

    /** What the listener runs for each accepted connection. */
    @FunctionalInterface
    public interface Callback {
        /**
         * Runs on the loop thread of {@code base}.
         *
         * @param base    the loop the connection was given to: create its events and
         *                BufferEvents on this base
         * @param channel the new connection, non-blocking unless
         *                {@link ConnListener.Option#LEAVE_SOCKETS_BLOCKING} was given; the callback
         *                owns it and must close it eventually
         * @param peer    the peer's address
         */
        void onAccept(EventBase base, SocketChannel channel, SocketAddress peer);
    }

    private final EventBaseGroup group;
    private final Spread spread;
    private final List<ConnListener> listeners;

    private GroupListener(EventBaseGroup group, Spread spread, List<ConnListener> listeners) {
        this.group = group;
        this.spread = spread;
        this.listeners = listeners;
    }

    /**
     * Binds {@code address} and starts accepting, spreading the connections over {@code group}'s
     * loops as {@code spread} says. As {@link ConnListener#bind}, accepted TCP connections get
     * {@code SO_KEEPALIVE}. Any thread.
     *
     * @param group    the loops that get the connections; shutting the group down stops the
     *                 accepting, and {@link #close()}, before or after, frees the port
     * @param address  where to listen: an {@link InetSocketAddress} (port 0 picks a free port, the
     *                 same for every socket; see {@link #localAddress()}), or, for
     *                 {@link Spread#HANDOFF} only, a {@link java.net.UnixDomainSocketAddress}
     * @param backlog  the listen queue length of each socket; negative for the system's maximum
     *                 ({@link ConnListener#defaultBacklog()}); not 0
     * @param spread   how to spread the connections
     * @param callback runs for each connection, on the loop it was given to
     * @param options  as for {@link ConnListener#bind}; {@link ConnListener.Option#CLOSE_ON_FREE}
     *                 is implied, and {@link ConnListener.Option#REUSEABLE_PORT} with
     *                 {@link Spread#REUSEPORT}
     * @return the listener, accepting unless {@link ConnListener.Option#DISABLED} was given
     * @throws IllegalArgumentException      for backlog 0, or {@link Spread#REUSEPORT} on an address
     *                                       that is not an {@link InetSocketAddress}
     * @throws UnsupportedOperationException for {@link Spread#REUSEPORT} where the platform has no
     *                                       {@code SO_REUSEPORT}
     * @throws IllegalStateException         if the group is shut down
     * @throws UncheckedIOException          if a socket cannot be opened or bound (the sockets
     *                                       bound so far are closed)
     */
    public static GroupListener bind(EventBaseGroup group, SocketAddress address, int backlog, Spread spread,
            Callback callback, ConnListener.Option... options) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(spread, "spread");
        Objects.requireNonNull(callback, "callback");
        if (group.isShutdown()) {
            throw new IllegalStateException("the EventBaseGroup is shut down; bind to a running group");
        }
        Set<ConnListener.Option> opts = EnumSet.of(ConnListener.Option.CLOSE_ON_FREE);
        opts.addAll(Arrays.asList(options));
        if (spread == Spread.HANDOFF) {
            ConnListener acceptor = ConnListener.bind(group.get(0), address, backlog,
                    (lev, channel, peer) -> handOff(group, callback, channel, peer),
                    opts.toArray(ConnListener.Option[]::new));
            return new GroupListener(group, spread, List.of(acceptor));
        }
        if (!(address instanceof InetSocketAddress)) {
            throw new IllegalArgumentException("Spread.REUSEPORT needs an InetSocketAddress, not a "
                    + address.getClass().getSimpleName() + ": SO_REUSEPORT is a TCP option; use Spread.HANDOFF");
        }
        opts.add(ConnListener.Option.REUSEABLE_PORT);
        return new GroupListener(group, spread, bindEach(group, (InetSocketAddress) address, backlog, callback,
                opts.toArray(ConnListener.Option[]::new)));
    }

    /** One socket per loop; the first one's port (chosen by the system for port 0) for the others. */
    private static List<ConnListener> bindEach(EventBaseGroup group, InetSocketAddress address, int backlog,
            Callback callback, ConnListener.Option[] opts) {
        ConnListener[] bound = new ConnListener[group.size()];
        try {
            for (int i = 0; i < bound.length; i++) {
                SocketAddress where = i == 0 ? address
                        : new InetSocketAddress(address.getAddress(),
                                ((InetSocketAddress) bound[0].localAddress()).getPort());
                bound[i] = ConnListener.bind(group.get(i), where, backlog,
                        (lev, channel, peer) -> callback.onAccept(lev.base(), channel, peer), opts);
            }
            return List.of(bound);
        } catch (UnsupportedOperationException e) {
            closeAll(bound, e);
            throw new UnsupportedOperationException("SO_REUSEPORT is not available on this platform, so"
                    + " Spread.REUSEPORT cannot be used: use Spread.HANDOFF", e);
        } catch (RuntimeException | Error e) {
            closeAll(bound, e);
            throw e;
        }
    }

    /** Runs on the acceptor's loop: the connection goes to the next loop, the callback runs there. */
    private static void handOff(EventBaseGroup group, Callback callback, SocketChannel channel, SocketAddress peer) {
        EventBase target = group.next();
        try {
            target.execute(() -> callback.onAccept(target, channel, peer));
        } catch (RejectedExecutionException e) {
            // That loop is closing with its group: nobody will own the connection.
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing a connection nobody took; nothing else to do.
            }
        }
    }

    private static void closeAll(ConnListener[] bound, Throwable primary) {
        for (ConnListener l : bound) {
            if (l != null) {
                try {
                    l.close();
                } catch (RuntimeException e) {
                    primary.addSuppressed(e);
                }
            }
        }
    }

    /**
     * Where the listener listens; with port 0 given to {@link #bind}, the port the system chose.
     * Any thread.
     *
     * @return the bound address
     * @throws UncheckedIOException if the listener is closed
     */
    public SocketAddress localAddress() {
        return listeners.get(0).localAddress();
    }

    /**
     * How the connections are spread. Any thread.
     *
     * @return the spread given to {@link #bind}
     */
    public Spread spread() {
        return spread;
    }

    /**
     * The group whose loops get the connections. Any thread.
     *
     * @return the group given to {@link #bind}
     */
    public EventBaseGroup group() {
        return group;
    }

    /**
     * Starts (or resumes) accepting on every socket: {@link ConnListener#enable()}. Any thread.
     *
     * @throws IllegalStateException if the listener is closed
     */
    public void enable() {
        listeners.forEach(ConnListener::enable);
    }

    /**
     * Stops accepting on every socket; pending connections wait in the backlog:
     * {@link ConnListener#disable()}. Any thread; once it returns, no socket accepts until
     * {@link #enable()}, though a connection accepted just before may still be on its way to its
     * loop ({@link Spread#HANDOFF}).
     */
    public void disable() {
        listeners.forEach(ConnListener::disable);
    }

    /**
     * Whether the listener is enabled. Any thread.
     *
     * @return true if enabled and not closed
     */
    public boolean isEnabled() {
        return listeners.get(0).isEnabled();
    }

    /**
     * Sets the callback for failed accepts on every socket: {@link ConnListener#setErrorCallback}.
     * Any thread.
     *
     * @param errorCallback runs on the accepting loop's thread when an accept fails; null for
     *                      none (then the first failure of a streak is logged)
     */
    public void setErrorCallback(AcceptErrorCallback errorCallback) {
        listeners.forEach(l -> l.setErrorCallback(errorCallback));
    }

    /**
     * Stops accepting and closes every server socket, whose port is free when this returns.
     * Closing twice does nothing. Any thread, a loop thread included.
     *
     * @throws UncheckedIOException if closing a server socket failed (the others are closed still)
     */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (ConnListener l : listeners) {
            try {
                l.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "GroupListener[" + spread + ", " + listeners.size() + " sockets, " + group + "]";
    }
}
