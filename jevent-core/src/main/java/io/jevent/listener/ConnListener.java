package io.jevent.listener;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.internal.EventLoop;
import io.jevent.internal.LoopEvent;
import io.jevent.internal.Loops;
import io.jevent.internal.jfr.FlightEvents;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Accepts connections on a listening socket and hands each one to a callback: libevent's
 * {@code struct evconnlistener} ({@code event2/listener.h}).
 *
 * <pre>{@code
 * ConnListener listener = ConnListener.bind(base, new InetSocketAddress("127.0.0.1", 9876), -1,
 *         (lev, channel, peer) -> startEcho(base, channel),
 *         ConnListener.Option.REUSEABLE, ConnListener.Option.CLOSE_ON_FREE);
 * }</pre>
 *
 * <p>When {@code accept()} fails (out of file descriptors, for example), the
 * {@linkplain #setErrorCallback error callback} runs with the cause, and then the listener pauses
 * for a short delay that grows from 10 ms to 1 s while failures continue, and resumes by itself.
 * libevent keeps the listening socket enabled, so the loop spins at full CPU until a descriptor is
 * free; jevent never does.
 *
 * <p><b>Threads:</b> the callbacks run on the base's loop thread. Every method may be called from any
 * thread (libevent's {@code LEV_OPT_THREADSAFE} is always in effect).
 *
 * <p><b>Ownership:</b> with {@link Option#CLOSE_ON_FREE} the listener closes its server channel when
 * closed; without it, the caller keeps that duty. Accepted channels belong to the accept callback.
 *
 * <p>To accept for the loops of an {@link io.jevent.EventBaseGroup}, see {@link GroupListener}.
 */
public final class ConnListener implements AutoCloseable {
    /** The backlog when the system's maximum cannot be read (4096 is Linux's own default maximum). */
    static final int FALLBACK_BACKLOG = 4096;
    /** Where Linux keeps the cap it puts on every listen queue. */
    private static final String SOMAXCONN = "/proc/sys/net/core/somaxconn";
    static final Duration FIRST_PAUSE = Duration.ofMillis(10);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(1);
    /**
     * Made when the class loads: the logging system reads its configuration files on first use,
     * and the one moment we need it, accept() failing for lack of descriptors, is when it could not.
     */
    private static final System.Logger LOG = System.getLogger("io.jevent");

    /**
     * Listener options: libevent's {@code LEV_OPT_*} flags.
     */
    public enum Option {
        /**
         * {@code LEV_OPT_LEAVE_SOCKETS_BLOCKING}: accepted channels stay in blocking mode (for a thread
         * per connection); by default they are made non-blocking.
         */
        LEAVE_SOCKETS_BLOCKING,
        /** {@code LEV_OPT_CLOSE_ON_FREE}: {@link #close()} closes the server channel too. */
        CLOSE_ON_FREE,
        /**
         * {@code LEV_OPT_CLOSE_ON_EXEC}: accepted for porting; the JVM opens every descriptor with
         * close-on-exec already.
         */
        CLOSE_ON_EXEC,
        /**
         * {@code LEV_OPT_REUSEABLE}: sets {@code SO_REUSEADDR} so that a restarted server can bind a
         * port with connections still in TIME_WAIT. Without it jevent turns the option off, as
         * libevent leaves it (the JVM would otherwise turn it on by itself).
         */
        REUSEABLE,
        /** {@code LEV_OPT_THREADSAFE}: accepted for porting; every listener is thread-safe. */
        THREADSAFE,
        /** {@code LEV_OPT_DISABLED}: start disabled; call {@link #enable()} to accept. */
        DISABLED,
        /**
         * {@code LEV_OPT_DEFERRED_ACCEPT}: accepted for porting and ignored, as libevent ignores it
         * where the platform lacks it: java.nio cannot set {@code TCP_DEFER_ACCEPT}.
         */
        DEFERRED_ACCEPT,
        /** {@code LEV_OPT_REUSEABLE_PORT}: sets {@code SO_REUSEPORT}, so several sockets may bind one port. */
        REUSEABLE_PORT,
        /**
         * {@code LEV_OPT_BIND_IPV6ONLY}: an IPv6 socket accepts IPv6 only. java.nio cannot set
         * {@code IPV6_V6ONLY}; a specific IPv6 address such as {@code ::1} is IPv6-only anyway, so
         * the option is honoured there and refused for the wildcard {@code ::}.
         */
        BIND_IPV6ONLY
    }

    private final EventBase base;
    private final EventLoop loop;
    private final ServerSocketChannel channel;
    private final Set<Option> options;
    private final boolean keepAlive;
    private final LoopEvent acceptEvent;
    private final LoopEvent resumeTimer;
    /**
     * Guards everything below, for calls from any thread and for the loop's accept handler. It is
     * never held while the user's callbacks run, nor while waiting for the loop.
     */
    private final ReentrantLock lock = new ReentrantLock();
    private final CountDownLatch closeDone = new CountDownLatch(1);

    private AcceptCallback callback;
    private AcceptErrorCallback errorCallback;
    private boolean enabled;
    private boolean closed;
    /** Whether accepting is paused after a failure. */
    private boolean paused;
    private Duration nextPause = FIRST_PAUSE;

    private ConnListener(EventBase base, ServerSocketChannel channel, AcceptCallback callback,
            Set<Option> options, boolean keepAlive) {
        this.base = base;
        this.loop = Loops.of(base);
        this.channel = channel;
        this.options = options;
        this.keepAlive = keepAlive;
        this.callback = callback;
        this.acceptEvent = loop.newOwnedEvent(channel, Ev.READ | Ev.PERSIST, (ev, what) -> acceptAll());
        this.resumeTimer = loop.newOwnedEvent(null, 0, (ev, what) -> resume());
    }

    /**
     * Opens a server channel, binds and listens on {@code address}, and starts accepting:
     * libevent's {@code evconnlistener_new_bind}. As there, accepted TCP connections get
     * {@code SO_KEEPALIVE}.
     *
     * @param base     the loop whose thread accepts and runs the callback
     * @param address  where to listen: an {@link InetSocketAddress} (port 0 picks a free port; see
     *                 {@link #localAddress()}), or a {@link UnixDomainSocketAddress}
     * @param backlog  the listen queue length; negative for the system's maximum
     *                 ({@link #defaultBacklog()}); 0 is refused, because for libevent it means
     *                 "already listening", which a new socket is not
     * @param callback runs for each connection; null to start without one (connections are then not
     *                 accepted until {@link #setCallback} gives one)
     * @param options  libevent's {@code LEV_OPT_*} flags, none needed
     * @return the listener, accepting unless {@link Option#DISABLED} was given or the callback is
     *         null
     * @throws IllegalArgumentException for backlog 0, or {@link Option#BIND_IPV6ONLY} on a wildcard
     * @throws UncheckedIOException     if the socket cannot be opened or bound (the cause says why,
     *                                  e.g. the address is in use)
     */
    public static ConnListener bind(EventBase base, SocketAddress address, int backlog, AcceptCallback callback,
            Option... options) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(address, "address");
        if (backlog == 0) {
            throw new IllegalArgumentException("backlog 0 means \"already listening\" in libevent, which a"
                    + " socket bind() opens is not: pass a negative backlog for the system's maximum or a"
                    + " positive one, or use ConnListener.wrap for a channel that listens already");
        }
        Set<Option> opts = optionSet(options);
        boolean inet = address instanceof InetSocketAddress;
        checkIpv6Only(address, opts);
        ServerSocketChannel ch = null;
        try {
            ch = ServerSocketChannel.open(family(address));
            if (inet) {
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, opts.contains(Option.REUSEABLE));
                if (opts.contains(Option.REUSEABLE_PORT)) {
                    ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                }
            }
            ch.bind(address, backlog < 0 ? defaultBacklog() : backlog);
            ch.configureBlocking(false);
            return start(base, ch, callback, opts, inet);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch, e);
            if (e instanceof IOException) {
                throw new UncheckedIOException("cannot listen on " + describe(address) + ": " + e.getMessage(),
                        (IOException) e);
            }
            throw (RuntimeException) e;
        }
    }

    /**
     * The listen queue length that a negative backlog asks for: the most the system allows, read
     * from {@code /proc/sys/net/core/somaxconn} on Linux, or 4096 where that cannot be read.
     * libevent 2.1 asks for 128 when given -1, its "reasonable default"; a busy server's queue
     * overflows at that length under a burst of connects, and Linux then drops or resets the
     * extra ones, while asking for more than the system's cap is harmless (the kernel lowers it).
     * Java's own default (50, for a backlog below 1) is shorter still. Read once, on first use;
     * any thread.
     *
     * @return the backlog a negative one stands for, at least 1
     */
    public static int defaultBacklog() {
        return SystemBacklog.MAX;
    }

    /** Holds the system's maximum, read when first needed. */
    private static final class SystemBacklog {
        static final int MAX = readSystemBacklog();

        private SystemBacklog() {
        }
    }

    private static int readSystemBacklog() {
        // A line reader, not Files.readString: a /proc file reports size 0, and reading "all" of
        // it by its size can stop after the first short read ("4" of "4096").
        try (BufferedReader in = Files.newBufferedReader(Path.of(SOMAXCONN))) {
            String line = in.readLine();
            int max = line == null ? 0 : Integer.parseInt(line.trim());
            return max > 0 ? max : FALLBACK_BACKLOG;
        } catch (IOException | NumberFormatException | SecurityException e) {
            return FALLBACK_BACKLOG;   // not Linux, or a sandbox that hides /proc
        }
    }

    /**
     * Accepts connections on a server channel that is already bound (and so, in Java, listening):
     * libevent's {@code evconnlistener_new} with backlog 0. Java binds and listens in one call, so
     * there is no backlog to give here. The channel is made non-blocking.
     *
     * @param base     the loop whose thread accepts and runs the callback
     * @param channel  a bound server channel; {@link #close()} closes it only with
     *                 {@link Option#CLOSE_ON_FREE}
     * @param callback runs for each connection; null to start without one (connections are then not
     *                 accepted until {@link #setCallback} gives one)
     * @param options  libevent's {@code LEV_OPT_*} flags, none needed
     * @return the listener, accepting unless {@link Option#DISABLED} was given or the callback is
     *         null
     * @throws IllegalArgumentException if the channel is not bound yet: bind it first, or use
     *                                  {@link #bind}
     */
    public static ConnListener wrap(EventBase base, ServerSocketChannel channel, AcceptCallback callback,
            Option... options) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(channel, "channel");
        try {
            if (channel.getLocalAddress() == null) {
                throw new IllegalArgumentException("the server channel is not bound, so it does not listen:"
                        + " call channel.bind(address, backlog) first, or use ConnListener.bind");
            }
            channel.configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + channel + ": " + e.getMessage(), e);
        }
        return start(base, channel, callback, optionSet(options), false);
    }

    private static ConnListener start(EventBase base, ServerSocketChannel ch, AcceptCallback callback,
            Set<Option> opts, boolean keepAlive) {
        ConnListener listener = new ConnListener(base, ch, callback, opts, keepAlive);
        if (!opts.contains(Option.DISABLED)) {
            listener.enable();
        }
        return listener;
    }

    // ------------------------------------------------------------------ control

    /**
     * Starts (or resumes) accepting: libevent's {@code evconnlistener_enable}. Without a callback
     * the listener is marked enabled but accepts nothing until {@link #setCallback} gives one. A
     * listener paused after an accept error resumes at once. Any thread.
     *
     * @throws IllegalStateException if the listener is closed
     */
    public void enable() {
        lock.lock();
        try {
            checkOpen();
            enabled = true;
            startAccepting();
        } finally {
            lock.unlock();
        }
    }

    private void startAccepting() {
        if (callback != null) {
            loop.del(resumeTimer);
            paused = false;
            loop.add(acceptEvent, -1);
        }
    }

    /**
     * Stops accepting; pending connections wait in the backlog: {@code evconnlistener_disable}.
     * Any thread; once it returns, no accept callback starts until {@link #enable()}.
     */
    public void disable() {
        lock.lock();
        try {
            enabled = false;
            if (!closed) {
                loop.del(acceptEvent);
                loop.del(resumeTimer);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the listener is enabled (it may still be pausing after an accept error). Any thread.
     *
     * @return true if enabled and not closed
     */
    public boolean isEnabled() {
        lock.lock();
        try {
            return enabled && !closed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Replaces the accept callback: libevent's {@code evconnlistener_set_cb}. Setting one on an
     * enabled listener that had none starts accepting. Any thread.
     *
     * @param callback the new callback, or null to stop accepting until one is set
     * @throws IllegalStateException if the listener is closed
     */
    public void setCallback(AcceptCallback callback) {
        lock.lock();
        try {
            checkOpen();
            boolean start = enabled && this.callback == null && callback != null;
            this.callback = callback;
            if (start) {
                startAccepting();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sets the callback for failed accepts, or null: libevent's {@code evconnlistener_set_error_cb}.
     * Any thread.
     *
     * @param errorCallback runs on the loop thread when an accept fails; null for none
     */
    public void setErrorCallback(AcceptErrorCallback errorCallback) {
        lock.lock();
        try {
            this.errorCallback = errorCallback;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The server channel: libevent's {@code evconnlistener_get_fd}. Any thread.
     *
     * @return the channel, open or not
     */
    public ServerSocketChannel channel() {
        return channel;
    }

    /**
     * The base whose loop accepts: libevent's {@code evconnlistener_get_base}. Any thread.
     *
     * @return the base
     */
    public EventBase base() {
        return base;
    }

    /**
     * Where the listener listens; with port 0 given to {@link #bind}, the port the system chose.
     * Any thread.
     *
     * @return the bound address
     * @throws UncheckedIOException if the channel is closed
     */
    public SocketAddress localAddress() {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException("the server channel is closed", e);
        }
    }

    /**
     * Stops accepting and frees the listener: libevent's {@code evconnlistener_free}. With
     * {@link Option#CLOSE_ON_FREE} the server channel is closed too, and its port is free when this
     * returns. Closing twice does nothing; a second close from another thread returns once the
     * first has finished. Any thread; from the loop thread (a callback), a running accept loop
     * stops after the callback returns.
     *
     * @throws UncheckedIOException if closing the server channel failed
     */
    @Override
    public void close() {
        lock.lock();
        boolean first;
        try {
            first = !closed;
            closed = true;
            enabled = false;
            if (first) {
                loop.free(acceptEvent);
                loop.free(resumeTimer);
            }
        } finally {
            lock.unlock();
        }
        if (!first) {
            if (!loop.inLoopThread()) {
                awaitClosed();
            }
            return;
        }
        try {
            if (options.contains(Option.CLOSE_ON_FREE)) {
                // Through the loop: java.nio frees a registered channel's port only when the
                // selector lets it go, and the next bind() must find the port free.
                loop.closeChannelAndRelease(channel);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("closing the server channel failed", e);
        } finally {
            closeDone.countDown();
        }
    }

    private void awaitClosed() {
        boolean interrupted = false;
        while (true) {
            try {
                closeDone.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "ConnListener[" + channel + (closed ? ", closed" : enabled ? (paused ? ", paused" : ", enabled")
                    : ", disabled") + "]";
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ accepting, loop thread

    /**
     * libevent's {@code listener_read_cb}: accept until the backlog is empty, or the callback disables
     * or closes the listener. The lock is let go around the user's callback, as libevent does.
     */
    private void acceptAll() {
        lock.lock();
        try {
            while (enabled && !closed) {
                SocketChannel accepted;
                SocketAddress peer;
                try {
                    accepted = channel.accept();
                    if (accepted == null) {
                        return;
                    }
                    peer = prepare(accepted);
                } catch (IOException e) {
                    failed(e);
                    return;
                }
                nextPause = FIRST_PAUSE;
                FlightEvents.accepted(channel, peer);
                AcceptCallback cb = callback;
                if (cb == null) {
                    closeQuietly(accepted, null);
                    return;
                }
                lock.unlock();
                try {
                    cb.onAccept(this, accepted, peer);
                } finally {
                    lock.lock();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private SocketAddress prepare(SocketChannel accepted) throws IOException {
        try {
            if (!options.contains(Option.LEAVE_SOCKETS_BLOCKING)) {
                accepted.configureBlocking(false);
            }
            if (keepAlive) {
                accepted.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            }
            return accepted.getRemoteAddress();
        } catch (IOException | RuntimeException e) {
            closeQuietly(accepted, e);
            throw e;
        }
    }

    /** Tells the error callback (without the lock), then pauses, unless that callback disabled or closed. */
    private void failed(IOException cause) {
        FlightEvents.acceptError(channel, cause);
        AcceptErrorCallback onError = errorCallback;
        boolean firstOfStreak = nextPause.equals(FIRST_PAUSE);
        if (onError != null) {
            lock.unlock();
            try {
                onError.onError(this, cause);
            } finally {
                lock.lock();
            }
        } else if (firstOfStreak) {
            warn(cause);
        }
        if (enabled && !closed) {
            paused = true;
            loop.del(acceptEvent);
            // A timeout counts from the loop's cached time, which was taken before this iteration
            // ran its callbacks (the error callback among them): refresh it so that the pause
            // counts from the failure, not from some unknown moment before it.
            loop.updateCachedTime();
            loop.add(resumeTimer, nextPause.toNanos());
            Duration doubled = nextPause.multipliedBy(2);
            nextPause = doubled.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : doubled;
        }
    }

    /** One line per streak of failures, not one per retry. */
    private void warn(IOException cause) {
        try {
            LOG.log(System.Logger.Level.WARNING, "accept() failed on " + channel + ": " + cause
                    + "; pausing and retrying, up to every " + LONGEST_PAUSE.toMillis() + " ms");
        } catch (RuntimeException | Error loggingFailed) {
            // Out of descriptors, a logging backend may fail to load a class or open a file (the
            // JDK's console logger, for one, throws a bare Error when it cannot read the time zone
            // data); the listener must keep working, and will log again on the next streak. Only
            // a failure of the JVM itself goes on.
            if (loggingFailed instanceof VirtualMachineError) {
                throw (VirtualMachineError) loggingFailed;
            }
        }
    }

    private void resume() {
        lock.lock();
        try {
            paused = false;
            if (enabled && !closed && callback != null) {
                loop.add(acceptEvent, -1);
            }
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ helpers

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this ConnListener is closed; create a new one with"
                    + " ConnListener.bind or ConnListener.wrap");
        }
    }

    private static Set<Option> optionSet(Option[] options) {
        Set<Option> set = EnumSet.noneOf(Option.class);
        for (Option o : options) {
            set.add(Objects.requireNonNull(o, "option"));
        }
        return set;
    }

    private static ProtocolFamily family(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress) {
            return StandardProtocolFamily.UNIX;
        }
        if (address instanceof InetSocketAddress) {
            InetSocketAddress inet = (InetSocketAddress) address;
            return inet.getAddress() instanceof Inet6Address ? StandardProtocolFamily.INET6
                    : StandardProtocolFamily.INET;
        }
        throw new IllegalArgumentException("cannot listen on a " + address.getClass().getSimpleName()
                + ": use an InetSocketAddress or a UnixDomainSocketAddress");
    }

    private static void checkIpv6Only(SocketAddress address, Set<Option> opts) {
        if (opts.contains(Option.BIND_IPV6ONLY) && address instanceof InetSocketAddress) {
            InetSocketAddress inet = (InetSocketAddress) address;
            if (inet.getAddress() instanceof Inet6Address && inet.getAddress().isAnyLocalAddress()) {
                throw new IllegalArgumentException("BIND_IPV6ONLY on the wildcard address :: cannot be honoured:"
                        + " java.nio cannot set IPV6_V6ONLY; bind a specific IPv6 address, or drop the option"
                        + " to accept IPv4 and IPv6 on ::");
            }
        }
    }

    /** An address as users write it: {@code 127.0.0.1:9876}, {@code [::1]:9876}, or a socket path. */
    private static String describe(SocketAddress address) {
        if (!(address instanceof InetSocketAddress)) {
            return String.valueOf(address);
        }
        InetSocketAddress inet = (InetSocketAddress) address;
        String host = inet.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
    }

    private static void closeQuietly(Channel ch, Exception primary) {
        if (ch == null) {
            return;
        }
        try {
            ch.close();
        } catch (IOException e) {
            if (primary != null) {
                primary.addSuppressed(e);
            }
        }
    }
}
