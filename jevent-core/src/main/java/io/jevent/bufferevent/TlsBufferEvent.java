package io.jevent.bufferevent;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.internal.LoopEvent;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * A BufferEvent that speaks TLS over another one through the JDK's {@link SSLEngine}: libevent's
 * OpenSSL bufferevent ({@code bufferevent_openssl_socket_new}, {@code bufferevent_openssl_filter_new},
 * {@code event2/bufferevent_ssl.h}). Made by {@link BufferEvent#tlsSocket} (over a socket it makes
 * and owns) or {@link BufferEvent#tlsFilter} (over any BufferEvent). The user reads and writes
 * plaintext; ciphertext moves through the layer below.
 *
 * <p><b>Handshake:</b> it runs by itself, whatever the user enabled, and ends in
 * {@link BevEvent#CONNECTED} (for {@link TlsState#CONNECTING} and {@link TlsState#ACCEPTING}),
 * as in libevent. Data written before then waits in the output. On a TLS socket,
 * {@link #connect(SocketAddress)} and its siblings connect the socket and then handshake: the
 * socket's own CONNECTED is not reported, only the TLS one. A failed handshake is
 * {@code READING|WRITING|ERROR}.
 *
 * <p><b>Reading and writing</b> follow {@link BufferEvent}'s rules on the plaintext side:
 * watermarks, the read callback and the write callback see plaintext, and the read high
 * watermark is exact (plaintext that does not fit waits inside, and no more ciphertext is read
 * meanwhile). Ciphertext is queued below up to the underlying's write high watermark, or 64 KiB
 * without one, so that a slow peer holds the plaintext back in this output, where the write
 * watermarks see it. {@link #bytesRead()} and {@link #bytesWritten()} count plaintext.
 *
 * <p><b>Errors</b> are events with the cause: an {@link SSLException} of the engine (a failed
 * handshake, a bad certificate, a corrupt record) is {@code READING|ERROR} or
 * {@code WRITING|ERROR} (both bits during the handshake), with the exception in
 * {@link #lastError()} and in {@link #tlsErrors()}. The engine's alert, if it has one, is sent
 * first. Errors of the layer below (a reset connection, a failed connect) pass through unchanged.
 *
 * <p><b>End of stream:</b> the peer's {@code close_notify} is {@code READING|EOF}. A peer that
 * closes the connection without it (a "dirty shutdown", which may be a truncation attack) is
 * {@code READING|ERROR} with the engine's exception, or {@code READING|EOF} after
 * {@link #allowDirtyShutdown(boolean) allowDirtyShutdown(true)}. {@link #close()} sends
 * {@code close_notify} if the channel takes it at once; {@link #closeAfterFlush()} sends
 * everything, then {@code close_notify}, then shuts the connection down.
 *
 * <p><b>Delegated tasks</b> of the engine (certificate checks, key exchange) run on the loop
 * thread unless {@link #setDelegatedTaskExecutor} gives them another executor; the handshake then
 * waits for them without holding the loop up.
 *
 * <p><b>Renegotiation:</b> TLS 1.3 has none, and its key updates pass inside the engine; the
 * JDK renegotiates TLS 1.2 only when a side asks and its settings allow it. Either passes while
 * reading, with no second CONNECTED ({@code docs/tls.md} has the details).
 *
 * <p><b>Rate limits</b> of a TLS socket limit its socket, in ciphertext bytes; a TLS filter
 * refuses them, as every filter does: limit its underlying. Threading is that of
 * {@link BufferEvent}; a TLS filter belongs to its underlying's loop and, with
 * {@link BevOption#THREADSAFE}, shares its lock. Ownership: a TLS socket owns its socket, and the
 * channel with {@link BevOption#CLOSE_ON_FREE}; a TLS filter closes its underlying only with
 * CLOSE_ON_FREE, as {@link FilterBufferEvent} does.
 */
public final class TlsBufferEvent extends BufferEvent {
    /** Ciphertext queued below, without a write high watermark there, before wrapping waits. */
    static final int CIPHERTEXT_QUEUE = 64 * 1024;
    /** The most exceptions {@link #tlsErrors()} keeps. */
    static final int MAX_ERRORS = 16;

    private final BufferEvent underlying;
    /** Whether this made the underlying (a TLS socket) and closes it whatever the options. */
    private final boolean ownsUnderlying;
    private final SSLEngine engine;
    private final TlsState state;
    private final TlsCodec codec;
    private final GenericTimeouts timeouts = new GenericTimeouts(this);
    private final TlsDriver driver;
    // The hooks set on the underlying; the event hook is kept to recognise them when letting go.
    private final BevDataCallback readHook;
    private final BevDataCallback writeHook;
    private final BevEventCallback eventHook;
    /** Replaced, never changed, so that any thread may read it: errors are rare and few. */
    private volatile List<SSLException> errors = List.of();
    private volatile boolean dirtyShutdownAllowed;
    private volatile Executor taskExecutor;
    /** Drives the engine from the loop, after an enable or a creation: made at once, always used. */
    private final LoopEvent resume;
    private final TlsHandshakeTimer handshakeTimer = new TlsHandshakeTimer(this);

    private TlsBufferEvent(BufferEvent underlying, boolean ownsUnderlying, SSLEngine engine, TlsState state,
            BevOption... options) {
        super(underlying.base, layeredLock(underlying, "TLS filter", options), "", options);
        this.underlying = underlying;
        this.ownsUnderlying = ownsUnderlying;
        this.engine = engine;
        this.state = state;
        this.codec = new TlsCodec(engine);
        this.driver = new TlsDriver(this, underlying, engine, codec, timeouts);
        // Ciphertext arrived, or what was queued below drained: either way the engine goes on.
        this.readHook = u -> driveNow();
        this.writeHook = u -> driveNow();
        this.eventHook = (u, what) -> underlyingEvent(what);
        this.resume = loop.newOwnedEvent(null, 0, (e, res) -> driveNow());
        loop.setPriority(resume, priority);
        Guard.enter(underlying);
        try {
            if (underlying.closed) {
                throw new IllegalArgumentException("the underlying BufferEvent is closed: " + underlying);
            }
            underlying.callbacks.set(readHook, writeHook, eventHook);
            underlying.flow.enable(Ev.READ | Ev.WRITE);
            if (ownsUnderlying) {
                underlying.readEnabledByUser();
                underlying.flow.writeLow = CIPHERTEXT_QUEUE / 2;
            }
        } finally {
            Guard.exit(underlying);
        }
        // The handshake starts from the loop, so that the engine may still be configured now.
        loop.activate(resume, 0);
    }

    static TlsBufferEvent overSocket(EventBase base, SocketChannel channel, SSLEngine engine, TlsState state,
            BevOption... options) {
        Objects.requireNonNull(base, "base");
        checkArguments(engine, state, options);
        boolean threadsafe = has(options, BevOption.THREADSAFE);
        boolean closeOnFree = has(options, BevOption.CLOSE_ON_FREE);
        BevOption[] socketOptions = threadsafe && closeOnFree ? new BevOption[] {BevOption.THREADSAFE,
            BevOption.CLOSE_ON_FREE} : threadsafe ? new BevOption[] {BevOption.THREADSAFE}
                : closeOnFree ? new BevOption[] {BevOption.CLOSE_ON_FREE} : new BevOption[0];
        SocketBufferEvent socket = new SocketBufferEvent(base, channel, socketOptions);
        return new TlsBufferEvent(socket, true, engine, state, options);
    }

    static TlsBufferEvent overFilter(BufferEvent underlying, SSLEngine engine, TlsState state, BevOption... options) {
        Objects.requireNonNull(underlying, "underlying");
        checkArguments(engine, state, options);
        return new TlsBufferEvent(underlying, false, engine, state, options);
    }

    /** Checks what can be wrong before anything is made, so that a refused call leaves nothing behind. */
    private static void checkArguments(SSLEngine engine, TlsState state, BevOption... options) {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(state, "state");
        if (has(options, BevOption.UNLOCK_CALLBACKS) && !has(options, BevOption.DEFER_CALLBACKS)) {
            throw new IllegalArgumentException("UNLOCK_CALLBACKS needs DEFER_CALLBACKS, as in libevent: only"
                    + " deferred callbacks can run outside the lock");
        }
        setMode(engine, state);
    }

    private static void setMode(SSLEngine engine, TlsState state) {
        if (state == TlsState.OPEN) {
            return;
        }
        try {
            engine.setUseClientMode(state == TlsState.CONNECTING);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the engine has begun its handshake already: pass TlsState.OPEN,"
                    + " or a new engine", e);
        }
    }


    // ------------------------------------------------------------------ the TLS API

    /**
     * The engine: libevent's {@code bufferevent_openssl_get_ssl}. Read its session, protocol and
     * application protocol once {@link BevEvent#CONNECTED} was reported; change nothing on it
     * afterwards. Any thread.
     *
     * @return the engine given at creation
     */
    public SSLEngine engine() {
        return engine;
    }

    /**
     * Where the session started. Any thread.
     *
     * @return the state given at creation
     */
    public TlsState tlsState() {
        return state;
    }

    /**
     * The TLS errors seen so far, oldest first: libevent's {@code bufferevent_get_openssl_error},
     * which pops OpenSSL's error queue one code at a time; here a snapshot that is not drained, so
     * that reading it twice gives the same answer. The engine's exceptions (handshake failures,
     * bad certificates, bad records, a dirty shutdown refused) are there; errors of the connection
     * below are in {@link #lastError()} only. At most the first {@value #MAX_ERRORS} are kept.
     * Any thread.
     *
     * @return an immutable list, empty if nothing went wrong
     */
    public List<SSLException> tlsErrors() {
        return errors;
    }

    /**
     * Whether a peer that closes the connection without {@code close_notify} is an end of stream
     * ({@code READING|EOF}) rather than an error ({@code READING|ERROR}, the default): libevent's
     * {@code bufferevent_openssl_set_allow_dirty_shutdown}. Allow it only for protocols that
     * detect truncation themselves (HTTP with a Content-Length, say). Any thread.
     *
     * @param allow true to take a dirty shutdown as EOF
     */
    public void allowDirtyShutdown(boolean allow) {
        dirtyShutdownAllowed = allow;
    }

    /**
     * libevent's {@code bufferevent_openssl_get_allow_dirty_shutdown}. Any thread.
     *
     * @return whether a dirty shutdown is taken as EOF
     */
    public boolean isDirtyShutdownAllowed() {
        return dirtyShutdownAllowed;
    }

    /**
     * Runs the engine's delegated tasks ({@link SSLEngine#getDelegatedTask()}: certificate checks,
     * key agreement) on {@code executor} instead of the loop thread (jevent's addition: OpenSSL
     * has no such tasks). The handshake waits for them, and goes on from the loop once they are
     * done; a task that throws fails the handshake. Any thread; applies from the next task on.
     *
     * @param executor where tasks run, or null for the loop thread (the default)
     */
    public void setDelegatedTaskExecutor(Executor executor) {
        taskExecutor = executor;
    }

    /**
     * The BufferEvent below: the socket a TLS socket made, or the one a TLS filter was put over
     * (libevent's {@code bufferevent_get_underlying}, which answers NULL for a socket). Do not set
     * its callbacks: this BufferEvent uses them. Any thread.
     *
     * @return the underlying, also after this one was closed
     */
    public BufferEvent underlying() {
        return underlying;
    }

    /**
     * Whether this is a TLS socket ({@link BufferEvent#tlsSocket}), which may connect, rather than
     * a TLS filter. Any thread.
     *
     * @return true for a TLS socket
     */
    public boolean isSocket() {
        return ownsUnderlying;
    }

    // ------------------------------------------------------------------ connecting a TLS socket

    /**
     * The socket's channel, or null before a connect: libevent's {@code bufferevent_getfd}. Any
     * thread.
     *
     * @return the channel
     * @throws IllegalStateException for a TLS filter, whose channel is its underlying's business
     */
    public SocketChannel channel() {
        return socket("channel()").channel();
    }

    /**
     * Connects the socket to {@code address}, then handshakes: {@code bufferevent_socket_connect}
     * on a TLS socket. {@link BevEvent#CONNECTED} comes when the handshake is done; a failed
     * connect is reported as by {@link SocketBufferEvent#connect(SocketAddress)}, a failed
     * handshake as {@code READING|WRITING|ERROR}. A TLS BufferEvent carries one session: after a
     * failure, make a new one with a new engine. Threads: see {@link BufferEvent}.
     *
     * @param address where to connect
     * @throws IllegalStateException for a TLS filter, or as {@link SocketBufferEvent#connect(SocketAddress)}
     */
    public void connect(SocketAddress address) {
        connect(address, null);
    }

    /**
     * As {@link #connect(SocketAddress)}, giving up after {@code timeout}, which bounds the connect
     * and the handshake together. Expiry is one {@code WRITING|TIMEOUT} event with a
     * {@link SocketTimeoutException} in {@link #lastError()}: the socket's, as
     * {@link SocketBufferEvent#connect(SocketAddress, Duration)} reports it, if the connect has not
     * finished; one naming the handshake if the handshake has not. Then this BufferEvent stops.
     * Threads: see {@link BufferEvent}.
     *
     * @param address where to connect
     * @param timeout how long the connect and the handshake may take, or null for no limit
     * @throws IllegalStateException for a TLS filter, or as {@link SocketBufferEvent#connect(SocketAddress)}
     */
    public void connect(SocketAddress address, Duration timeout) {
        connectSocket(ConnectRequest.to(address, timeout), "connect()");
    }

    /**
     * Resolves {@code host}, connects and handshakes: {@code bufferevent_socket_connect_hostname}
     * on a TLS socket. The engine's peer host (for SNI and host name checks) is the one it was
     * created with: pass the same name to {@code SSLContext.createSSLEngine(host, port)}. Threads:
     * see {@link BufferEvent}.
     *
     * @param host a host name or an address literal
     * @param port the port, 0 to 65535
     * @throws IllegalStateException for a TLS filter, or as
     *                               {@link SocketBufferEvent#connectHostname(String, int)}
     */
    public void connectHostname(String host, int port) {
        connectHostname(host, port, null);
    }

    /**
     * As {@link #connectHostname(String, int)}, giving up after {@code timeout}, which bounds the
     * lookup, the connect and the handshake together, reported as for
     * {@link #connect(SocketAddress, Duration)}. Threads: see {@link BufferEvent}.
     *
     * @param host    a host name or an address literal
     * @param port    the port, 0 to 65535
     * @param timeout how long it all may take, or null for no limit
     * @throws IllegalStateException for a TLS filter, or as
     *                               {@link SocketBufferEvent#connectHostname(String, int, Duration)}
     */
    public void connectHostname(String host, int port, Duration timeout) {
        connectSocket(ConnectRequest.toHost(host, port, timeout), "connectHostname()");
    }

    /**
     * Resolves {@code host} with {@code resolver}, connects and handshakes, as
     * {@link SocketBufferEvent#connectHostname(HostnameResolver, ProtocolFamily, String, int)} does.
     * Threads: see {@link BufferEvent}.
     *
     * @param resolver the resolver
     * @param family   {@code StandardProtocolFamily.INET} or {@code INET6}, or null for both
     * @param host     a host name or a literal IP address
     * @param port     the TCP port, 0 to 65535
     * @throws IllegalStateException for a TLS filter, or as the socket's
     */
    public void connectHostname(HostnameResolver resolver, ProtocolFamily family, String host, int port) {
        connectHostname(resolver, family, host, port, null);
    }

    /**
     * As {@link #connectHostname(HostnameResolver, ProtocolFamily, String, int)}, giving up after
     * {@code timeout}, which bounds the lookup, the connects and the handshake together, reported
     * as for {@link #connect(SocketAddress, Duration)}. Threads: see {@link BufferEvent}.
     *
     * @param resolver the resolver
     * @param family   {@code StandardProtocolFamily.INET} or {@code INET6}, or null for both
     * @param host     a host name or a literal IP address
     * @param port     the TCP port, 0 to 65535
     * @param timeout  how long it all may take, or null for no limit
     * @throws IllegalStateException    for a TLS filter, or as the socket's
     * @throws IllegalArgumentException if {@code port} is out of range or {@code timeout} negative
     */
    public void connectHostname(HostnameResolver resolver, ProtocolFamily family, String host, int port,
            Duration timeout) {
        connectSocket(ConnectRequest.toHost(resolver, family, host, port, timeout), "connectHostname()");
    }

    /** The socket connects; the handshake that follows shares the request's timeout. */
    private void connectSocket(ConnectRequest request, String call) {
        Guard.enter(this);
        try {
            checkUsable();
            socket(call).connect(request);
            handshakeTimer.bound(request);
        } finally {
            Guard.exit(this);
        }
    }

    /**
     * The error code of the last failed lookup: {@code bufferevent_socket_get_dns_error}. Any
     * thread.
     *
     * @return 0, or the resolver's code
     * @throws IllegalStateException for a TLS filter
     */
    public int dnsError() {
        return socket("dnsError()").dnsError();
    }

    private SocketBufferEvent socket(String call) {
        if (!ownsUnderlying) {
            throw new IllegalStateException("a TLS filter has no socket of its own for " + call + ": call it on"
                    + " underlying(), or create the TLS BufferEvent with BufferEvent.tlsSocket");
        }
        return (SocketBufferEvent) underlying;
    }

    /** The handshake finished, or this failed: its timer stops. */
    void stopHandshakeTimer() {
        handshakeTimer.stop();
    }

    /** The connect timeout passed before the handshake was done. Loop thread. */
    void handshakeTimedOut() {
        Guard.enter(this);
        try {
            if (closed || driver.handshakeDone() || driver.failed()) {
                return;
            }
            driver.abandon();
            lastError = handshakeTimer.expired();
            fail(BevEvent.WRITING | BevEvent.TIMEOUT);
        } finally {
            Guard.exit(this);
        }
    }

    // ------------------------------------------------------------------ for the driver

    /** Keeps an exception of the engine for {@link #tlsErrors()}; guard held. */
    void record(SSLException e) {
        List<SSLException> now = errors;
        if (now.size() < MAX_ERRORS) {
            List<SSLException> more = new ArrayList<>(now);
            more.add(e);
            errors = List.copyOf(more);
        }
    }

    boolean dirtyAllowed() {
        return dirtyShutdownAllowed;
    }

    Executor taskExecutor() {
        return taskExecutor;
    }

    /**
     * A direction failed, timed out or ended ({@code events} says which): it is disabled and the
     * event reported; while closing after flush, this ends the close with those bits.
     */
    void fail(int events) {
        if ((events & BevEvent.READING) != 0) {
            flow.disable(Ev.READ);
        }
        if ((events & BevEvent.WRITING) != 0) {
            flow.disable(Ev.WRITE);
        }
        driver.updateUnderlyingRead();
        if (driver.closing()) {
            closeAndTell(events);
            return;
        }
        callbacks.runEvent(events, false);
    }

    /** Closing after flush is done on this side: the layer below finishes it, or this ends now. */
    void closeNotifyQueued() {
        if (!underlying.closed && (ownsUnderlying || closeOnFree)) {
            // Its FLUSHED_AND_CLOSED, or WRITING|ERROR, comes back through the event hook.
            underlying.closeAfterFlush();
        } else {
            closeAndTell(BevEvent.FLUSHED_AND_CLOSED);
        }
    }

    /** Closes, then tells the event callback that was set before (closing forgets it). */
    private void closeAndTell(int events) {
        BevEventCallback onEvent = eventCallback();
        close();
        if (onEvent != null) {
            onEvent.onEvent(this, events);
        }
    }

    /** Runs the driver from the loop, after an enable, a creation or a finished task. */
    void scheduleDrive() {
        loop.activate(resume, 0);
    }

    private void driveNow() {
        Guard.enter(this);
        try {
            if (!closed) {
                driver.drive();
            }
        } finally {
            Guard.exit(this);
        }
    }

    // ------------------------------------------------------------------ the underlying's callbacks

    /** libevent's {@code be_openssl_eventcb}. */
    private void underlyingEvent(int what) {
        Guard.enter(this);
        try {
            if (closed) {
                return;
            }
            if (driver.closing() && underlying.closed) {
                // The layer below finished its own closeAfterFlush: so does this one.
                lastError = underlying.lastError;
                closeAndTell(what);
                return;
            }
            if ((what & BevEvent.CONNECTED) != 0) {
                // The TCP connect: the handshake's first message goes out now, and CONNECTED is
                // reported when the handshake is done.
                if (!driver.handshakeDone()) {
                    handshakeTimer.start();
                }
                driver.drive();
                return;
            }
            if ((what & (BevEvent.READING | BevEvent.EOF)) == (BevEvent.READING | BevEvent.EOF)) {
                driver.underlyingEof();
                return;
            }
            stopHandshakeTimer();
            if ((what & BevEvent.ERROR) != 0 || (what & BevEvent.TIMEOUT) != 0 && !driver.handshakeDone()) {
                // An error's cause, and the connect timeout's: the user hears of them from here.
                lastError = underlying.lastError;
            }
            if (!driver.handshakeDone() && (what & (BevEvent.ERROR | BevEvent.TIMEOUT)) != 0) {
                driver.abandon();
            }
            if ((what & (BevEvent.EOF | BevEvent.ERROR | BevEvent.TIMEOUT)) != 0) {
                fail(what);
            } else {
                callbacks.runEvent(what, false);
            }
        } finally {
            Guard.exit(this);
        }
    }

    // ------------------------------------------------------------------ the kind's part

    @Override
    void outputAdded() {
        driver.outputAdded();
        if (!closed) {
            timeouts.startWriteIfIdle();
        }
    }

    @Override
    void enableIo(int what) {
        if ((what & Ev.READ) != 0) {
            timeouts.restartRead();
        }
        if ((what & Ev.WRITE) != 0) {
            timeouts.restartWrite();
        }
        driver.updateUnderlyingRead();
        if (driver.hasWork(what)) {
            scheduleDrive();
        }
    }

    @Override
    void disableIo(int what) {
        if ((what & Ev.READ) != 0) {
            timeouts.stopRead();
        }
        if ((what & Ev.WRITE) != 0) {
            timeouts.stopWrite();
        }
        driver.updateUnderlyingRead();
    }

    @Override
    void adjustTimeouts() {
        timeouts.adjust();
    }

    @Override
    void applyPriority(int p) {
        timeouts.applyPriority(p);
        loop.setPriority(resume, p);
        handshakeTimer.setPriority(p);
        if (ownsUnderlying && !underlying.closed) {
            underlying.priority = p;
            underlying.applyPriority(p);
        }
    }

    /**
     * Wraps all the output now, past the ciphertext queue's limit; with {@link BevFlush#FINISHED}
     * also sends {@code close_notify} (reading goes on). Then flushes the layer below with the same
     * mode, except that it is finished only behind {@code close_notify}: a flush from inside a
     * callback, or before the handshake is done, sends {@code close_notify} once everything is
     * wrapped, and the layer below is not shut down.
     */
    @Override
    boolean flushIo(int what, BevFlush mode) {
        boolean any = false;
        if ((what & Ev.WRITE) != 0) {
            any = driver.flush(mode == BevFlush.FINISHED);
        }
        if (!closed && !underlying.closed) {
            // The layer below finishes only behind close_notify, never before it.
            boolean finishBelow = mode != BevFlush.FINISHED || driver.closeNotifySent();
            underlying.flush(what, finishBelow ? mode : BevFlush.FLUSH);
        }
        return any;
    }

    @Override
    void startClosingAfterFlush() {
        if (driver.closing()) {
            return;
        }
        flow.userEnabled &= ~Ev.READ;
        flow.disable(Ev.READ);
        flow.enabled |= Ev.WRITE;
        driver.startClosing();
        if (!closed) {
            scheduleDrive();
        }
    }

    @Override
    void closeIo() {
        timeouts.close();
        loop.free(resume);
        handshakeTimer.free();
        Guard.enter(underlying);
        try {
            if (underlying.closed) {
                return;
            }
            if (underlying.callbacks.event() == eventHook) {
                underlying.callbacks.set(null, null, null);
            }
            driver.sendCloseNotify();
            if (ownsUnderlying || closeOnFree) {
                // What the kernel takes now goes out, close_notify included, before the close.
                underlying.flush(Ev.WRITE, BevFlush.NORMAL);
                underlying.close();
            } else {
                underlying.flow.unsuspendRead(Flow.SUSPEND_FILTER);
            }
        } finally {
            Guard.exit(underlying);
        }
    }

    @Override
    BufferEvent rateLimitTarget() {
        return ownsUnderlying ? underlying : this;
    }

    @Override
    void checkRateLimitable() {
        if (!ownsUnderlying) {
            throw new UnsupportedOperationException("a TLS filter reads and writes through its underlying"
                    + " BufferEvent: set the rate limit on underlying() instead (libevent accepts the call and"
                    + " ignores it)");
        }
    }

    @Override
    public String toString() {
        return "TlsBufferEvent[" + (ownsUnderlying ? "socket " : "filter over ") + underlying + ", "
                + state + ", enabled " + Ev.toString(flow.enabled) + (closed ? ", closed]" : "]");
    }
}
