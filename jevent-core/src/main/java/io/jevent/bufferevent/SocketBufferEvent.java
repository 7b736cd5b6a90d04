package io.jevent.bufferevent;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.internal.CompletionStream;
import io.jevent.internal.DirectChannel;
import io.jevent.internal.LoopEvent;
import io.jevent.internal.jfr.FlightEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ScatteringByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.time.Duration;

/**
 * A {@link BufferEvent} over a {@link SocketChannel}: libevent's socket bufferevent
 * ({@code bufferevent_socket_new}, {@code bufferevent_socket_connect}, {@code bufferevent_setfd}).
 *
 * <p>Reads go straight into the input's pooled direct segments, one read per readiness, up to
 * {@link #maxSingleRead()}. Data added to the output is written in the same loop iteration with one
 * gathering write; the channel is watched for writability only while the kernel does not take
 * everything, so a connection that just reads and writes never changes its selector interest.
 *
 * <p>Threading and ownership are those of {@link BufferEvent}.
 */
public final class SocketBufferEvent extends BufferEvent {
    /** How long {@link #closeAfterFlush()} waits for the peer to close after our side shut down. */
    static final Duration LINGER = Duration.ofSeconds(2);

    /** Where {@link #closeAfterFlush()} is. */
    private enum Closing {
        /** Not closing. */
        NO,
        /** Writing what is queued. */
        FLUSHING,
        /** Output shut down; reading and dropping the peer's rest until it closes too. */
        LINGERING
    }

    private SocketChannel channel;
    /**
     * The channel's reads and writes when the backend does them (io_uring, for a socket connected
     * when attached); null when this reads and writes the channel on readiness. With a stream, the
     * read and write events below are timers the stream activates, not watches of the channel.
     */
    private CompletionStream stream;
    /**
     * Without a stream, reads and writes straight on the channel's descriptor, on a native backend
     * (epoll, io_uring on readiness); null on java.nio, where the channel is read and written.
     */
    private DirectChannel direct;
    private LoopEvent readEvent;
    private LoopEvent writeEvent;
    /**
     * Writes output added outside the read callback in this loop iteration, without waiting for the
     * selector. Made when first needed: an echo writes from its read callback and never uses it.
     */
    private LoopEvent flushEvent;
    /** Set while the read callback runs: output it adds is written right after it returns. */
    private boolean inReadCallback;

    /** Set while a connect, or the name lookup before it, is under way; also set by the connector. */
    boolean connecting;
    private final Connector connector = new Connector(this);
    private final UnreadInputWarning unreadInput = new UnreadInputWarning(this);
    private Closing closing = Closing.NO;

    SocketBufferEvent(EventBase base, SocketChannel channel, BevOption... options) {
        super(base, options);
        if (channel != null) {
            attach(channel);
            if (channel.isConnected()) {
                unreadInput.arm(channel);
            }
        }
    }

    // ------------------------------------------------------------------ the channel

    /**
     * The channel, or null before a connect: libevent's {@code bufferevent_getfd}.
     *
     * @return the socket channel this BufferEvent reads and writes, or null if it has none yet
     */
    public SocketChannel channel() {
        return channel;
    }

    /**
     * Connects to {@code address}: libevent's {@code bufferevent_socket_connect}. Opens a channel if
     * the BufferEvent has none (closed by {@link #close()} only with CLOSE_ON_FREE, as in libevent).
     * The result arrives through the loop: {@link BevEvent#CONNECTED}, or one {@link BevEvent#ERROR}
     * event (never both) with the cause in {@link #lastError()}, also when the failure is immediate.
     * Nothing but the write timeout, if set, bounds the connect; {@link #connect(SocketAddress,
     * Duration)} takes a timeout of its own. Threads: see {@link BufferEvent}.
     *
     * @param address where to connect: an {@link java.net.InetSocketAddress} or a
     *                {@link java.net.UnixDomainSocketAddress}
     * @throws IllegalStateException    if a connect is already in progress or the channel is
     *                                  connected
     * @throws IllegalArgumentException for an address type a socket channel cannot connect to
     */
    public void connect(SocketAddress address) {
        connect(address, null);
    }

    /**
     * Connects to {@code address} as {@link #connect(SocketAddress)} does, and gives up after
     * {@code timeout} (jevent's addition: in libevent the write timeout bounds a connect, and the
     * program must clear it once connected). If the connect has not finished by then, the socket is
     * closed, as the JDK closes one whose connect failed, and the event callback gets
     * {@code WRITING|TIMEOUT}, the bits libevent reports for a connect its write timeout ended, with
     * a {@link SocketTimeoutException} in {@link #lastError()}. As after a failed connect, what was
     * enabled stays enabled, and {@code connect} may be called again. The write timeout, if set,
     * still applies too. Threads: see {@link BufferEvent}.
     *
     * @param address where to connect, as for {@link #connect(SocketAddress)}
     * @param timeout how long the connect may take, or null for no limit of its own
     * @throws IllegalStateException    if a connect is already in progress or the channel is
     *                                  connected
     * @throws IllegalArgumentException for an address type a socket channel cannot connect to, or a
     *                                  negative timeout
     */
    public void connect(SocketAddress address, Duration timeout) {
        connect(ConnectRequest.to(address, timeout));
    }

    /**
     * Resolves {@code host} and connects to its first address: libevent's
     * {@code bufferevent_socket_connect_hostname}. The lookup runs off the loop thread and its result
     * comes back through the loop, which keeps running meanwhile. A name that does not resolve gives
     * an {@link BevEvent#ERROR} event whose {@link #lastError()} is an {@link UnknownHostException}.
     * Threads: see {@link BufferEvent}.
     *
     * @param host a host name or an address literal
     * @param port the port, 0 to 65535
     * @throws IllegalStateException    if a connect is already in progress or the channel is
     *                                  connected
     * @throws IllegalArgumentException for a port out of range
     */
    public void connectHostname(String host, int port) {
        connectHostname(host, port, null);
    }

    /**
     * Resolves {@code host} and connects to its first address as
     * {@link #connectHostname(String, int)} does, and gives up after {@code timeout}, which bounds
     * the lookup and the connect together; expiry is reported as for
     * {@link #connect(SocketAddress, Duration)}: {@code WRITING|TIMEOUT} with a
     * {@link SocketTimeoutException}. A lookup still under way then is left to finish, no longer
     * keeps the loop running, and its answer is ignored. Threads: see {@link BufferEvent}.
     *
     * @param host    a host name or an address literal
     * @param port    the port, 0 to 65535
     * @param timeout how long the lookup and the connect may take together, or null for no limit
     * @throws IllegalStateException    if a connect is already in progress or the channel is
     *                                  connected
     * @throws IllegalArgumentException for a port out of range or a negative timeout
     */
    public void connectHostname(String host, int port, Duration timeout) {
        connect(ConnectRequest.toHost(host, port, timeout));
    }

    /**
     * Resolves {@code host} with {@code resolver} and connects to its addresses:
     * {@code bufferevent_socket_connect_hostname(bev, evdns_base, family, host, port)}. A lookup
     * that fails gives one {@link BevEvent#ERROR} event, with the resolver's error code in
     * {@link #dnsError()} ({@code bufferevent_socket_get_dns_error}) and the cause in
     * {@link #lastError()}. Beyond libevent, which tries only the first address, a connect that
     * fails moves on to the next address; ERROR comes when the last one has failed, with its cause.
     * Nothing but the write timeout, if set, bounds each connect; {@link
     * #connectHostname(HostnameResolver, ProtocolFamily, String, int, Duration)} takes a timeout of
     * its own. Threads: see {@link BufferEvent}.
     *
     * @param resolver the resolver, such as jevent-dns's {@code DnsResolver}
     * @param family   {@code StandardProtocolFamily.INET} or {@code INET6}, or null for both
     * @param host     a host name or a literal IP address
     * @param port     the TCP port, 0 to 65535
     * @throws IllegalArgumentException if {@code port} is out of range
     * @throws IllegalStateException    if a connect is already in progress or the channel is
     *                                  connected
     */
    public void connectHostname(HostnameResolver resolver, ProtocolFamily family, String host, int port) {
        connectHostname(resolver, family, host, port, null);
    }

    /**
     * Resolves {@code host} with {@code resolver} and connects to its addresses as
     * {@link #connectHostname(HostnameResolver, ProtocolFamily, String, int)} does, and gives up
     * after {@code timeout}, which bounds the lookup and the connects together (jevent's addition,
     * as for {@link #connect(SocketAddress, Duration)}). Expiry is reported as there: one
     * {@code WRITING|TIMEOUT} event with a {@link SocketTimeoutException} in {@link #lastError()},
     * the socket of a connect under way closed, and {@code connect} may be called again. A lookup
     * still under way then is left to finish, no longer keeps the loop running, and its answer is
     * ignored. Threads: see {@link BufferEvent}.
     *
     * @param resolver the resolver, such as jevent-dns's {@code DnsResolver}
     * @param family   {@code StandardProtocolFamily.INET} or {@code INET6}, or null for both
     * @param host     a host name or a literal IP address
     * @param port     the TCP port, 0 to 65535
     * @param timeout  how long the lookup and the connects may take together, or null for no limit
     * @throws IllegalArgumentException if {@code port} is out of range or {@code timeout} negative
     * @throws IllegalStateException    if a connect is already in progress or the channel is
     *                                  connected
     */
    public void connectHostname(HostnameResolver resolver, ProtocolFamily family, String host, int port,
            Duration timeout) {
        connect(ConnectRequest.toHost(resolver, family, host, port, timeout));
    }

    /** Every overload's way in: a TLS socket's come here too. */
    void connect(ConnectRequest request) {
        Guard.enter(this);
        try {
            checkUsable();
            checkNotConnecting();
            connector.start(request);
        } finally {
            Guard.exit(this);
        }
    }

    /**
     * The error code of the last failed lookup of {@link #connectHostname(HostnameResolver,
     * ProtocolFamily, String, int)}: libevent's {@code bufferevent_socket_get_dns_error}.
     *
     * @return 0 when the last lookup succeeded or none was made, else the resolver's code
     */
    public int dnsError() {
        return connector.dnsError();
    }

    private void checkNotConnecting() {
        if (connecting) {
            throw new IllegalStateException("a connect is already in progress; wait for CONNECTED or ERROR,"
                    + " or reuse() this BufferEvent for another connection");
        }
        if (channel != null && channel.isConnected()) {
            throw new IllegalStateException("the channel is already connected to " + remoteAddress()
                    + "; use reuse(null) first to connect again");
        }
    }

    /** Opens a channel if there is none, and starts connecting it; connector's part. */
    void startConnect(SocketAddress address) {
        if (channel != null && !channel.isOpen()) {
            // The JDK closes a socket whose connect failed; libevent would simply connect again,
            // so a new attempt gets a new socket.
            detach(false);
        }
        if (channel == null) {
            try {
                attach(SocketChannel.open(address instanceof UnixDomainSocketAddress
                        ? StandardProtocolFamily.UNIX
                        : ((InetSocketAddress) address).getAddress() instanceof Inet6Address
                                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET));
            } catch (IOException e) {
                failConnect(e);
                return;
            } catch (ClassCastException e) {
                throw new IllegalArgumentException("cannot connect a socket to a " + address.getClass().getSimpleName()
                        + ": use an InetSocketAddress or a UnixDomainSocketAddress");
            }
        }
        lastError = null;
        connecting = true;
        try {
            channel.connect(address);
        } catch (IOException e) {
            failConnect(e);
            return;
        } catch (UnresolvedAddressException e) {
            failConnect(new UnknownHostException("unresolved address " + address
                    + "; use connectHostname(host, port) to resolve it through the loop"));
            return;
        } catch (UnsupportedAddressTypeException e) {
            connecting = false;
            throw new IllegalArgumentException("a socket channel cannot connect to " + address, e);
        }
        // Connected or not yet, the write event settles it: finishConnect() on writability.
        loop.add(writeEvent, writeTimeoutNanos);
    }

    /**
     * An immediate failure is reported like a later one: one ERROR event from the loop (libevent
     * defers it the same way), never a throw and never CONNECTED. As in libevent, what the user
     * enabled stays enabled, ready for the next connect.
     */
    private void failConnect(IOException cause) {
        connecting = false;
        lastError = cause;
        if (!connector.tryNext()) {
            callbacks.runEvent(BevEvent.ERROR, true);
        }
    }

    /** After a failed connect, to the next address of a lookup; connector's part. */
    void connectAgain(SocketAddress next) {
        if (channel != null) {
            // A failed connect leaves a socket that cannot connect again; the next gets a new one.
            detach(false);
        }
        startConnect(next);
    }

    /** The connect timeout passed while the channel was connecting: it is given up; connector's part. */
    void abandonConnect() {
        if (channel != null) {
            loop.del(writeEvent);
            // A socket whose connect is pending cannot connect again; the next connect() opens a
            // new one, as after a refused connect.
            loop.closeChannel(channel);
        }
    }

    /**
     * Gives this BufferEvent a new channel, or none, for a new connection (libevent's
     * {@code bufferevent_setfd}, made safe): the old channel is closed if the BufferEvent owns it
     * (CLOSE_ON_FREE); both buffers are emptied, even though the BufferEvent keeps them frozen
     * (libevent leaves stale bytes there, and {@code evbuffer_drain} on the output fails silently);
     * callbacks scheduled for the old connection are dropped, a connect or lookup in progress is
     * abandoned, and what the user had enabled is enabled again, with the timeouts restarted.
     * Callbacks, options, watermarks and timeout settings stay.
     *
     * @param newChannel a connected socket (made non-blocking), or null to leave the BufferEvent idle
     */
    public void reuse(SocketChannel newChannel) {
        Guard.enter(this);
        try {
            checkUsable();
            detach(true);
            connector.reset();
            connecting = false;
            closing = Closing.NO;
            lastError = null;
            callbacks.dropDeferred();
            inputPort.clear();
            outputPort.clear();
            flow.reset();
            if (newChannel != null) {
                attach(newChannel);
                unreadInput.arm(newChannel);
                flow.start(flow.enabled);
            }
        } finally {
            Guard.exit(this);
        }
    }

    private void attach(SocketChannel ch) {
        if (!ch.isOpen()) {
            throw new IllegalArgumentException("the channel is closed: " + ch);
        }
        try {
            ch.configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the channel non-blocking: " + ch, e);
        }
        channel = ch;
        // A stream needs the socket connected; one that connects later is read on readiness.
        // With a stream the events name the channel but do not watch it: they are timers.
        boolean completes = ch.isConnected() && loop.completesIo();
        readEvent = loop.newOwnedEvent(ch, completes ? Ev.PERSIST : Ev.READ | Ev.PERSIST, (ev, res) -> onReadable(res));
        writeEvent = loop.newOwnedEvent(ch, completes ? Ev.PERSIST : Ev.WRITE | Ev.PERSIST,
                (ev, res) -> onWritable(res));
        stream = completes ? loop.openStream(ch, readEvent, writeEvent) : null;
        direct = stream == null ? loop.directIo(ch) : null;
        loop.setPriority(readEvent, priority);
        loop.setPriority(writeEvent, priority);
    }

    private void detach(boolean closeOwned) {
        if (channel == null) {
            return;
        }
        loop.free(readEvent);
        loop.free(writeEvent);
        unreadInput.disarm();
        if (flushEvent != null) {
            loop.del(flushEvent);
        }
        boolean closeChannel = closeOwned && closeOnFree;
        if (direct != null) {
            direct.close();
            direct = null;
        }
        if (stream != null) {
            // What the stream already took for sending still goes, as the kernel's socket buffer
            // would send it after a close; the stream closes the channel after that.
            stream.close(closeChannel ? channel : null);
            stream = null;
        } else if (closeChannel) {
            loop.closeChannel(channel);
        }
        channel = null;
        readEvent = null;
        writeEvent = null;
    }

    private String remoteAddress() {
        try {
            return String.valueOf(channel.getRemoteAddress());
        } catch (IOException e) {
            return "?";
        }
    }

    // ------------------------------------------------------------------ reading, loop thread

    /** libevent's {@code bufferevent_readcb}. */
    private void onReadable(int res) {
        Guard.enter(this);
        try {
            // Another thread's disable() does not wait for the loop, so the event may fire once more.
            if (closed || channel == null
                    || closing == Closing.NO && !flow.reading()) {
                return;
            }
            if (res == Ev.TIMEOUT) {
                if (closing != Closing.NO) {
                    finishClose();
                    return;
                }
                flow.disable(Ev.READ);
                callbacks.runEvent(BevEvent.READING | BevEvent.TIMEOUT, false);
                return;
            }
            if (closing == Closing.LINGERING) {
                discardUntilEof();
                return;
            }
            int howMuch = (int) allowedRead(maxSingleRead);
            if (howMuch <= 0 || !flow.reading()) {
                // A rate limit ran dry (and paused reading until its next tick).
                return;
            }
            if (flow.readHigh != 0) {
                long room = flow.readHigh - inputPort.length();
                if (room <= 0) {
                    flow.suspendRead(Flow.SUSPEND_WATERMARK);
                    return;
                }
                howMuch = (int) Math.min(room, howMuch);
            }
            int n;
            try {
                n = inputPort.read(source(), howMuch);
            } catch (IOException e) {
                lastError = e;
                flow.disable(Ev.READ);
                callbacks.runEvent(BevEvent.READING | BevEvent.ERROR, false);
                return;
            }
            if (n < 0) {
                flow.disable(Ev.READ);
                callbacks.runEvent(BevEvent.READING | BevEvent.EOF, false);
            } else if (n > 0) {
                countRead(n);
                chargeRead(n);
                inReadCallback = true;
                boolean returned = false;
                try {
                    triggerRead();
                    returned = true;
                } finally {
                    inReadCallback = false;
                    if (!returned && mayWriteNow() && outputPort.length() > 0) {
                        // The callback threw after queueing output: it still goes out, as if the
                        // callback had returned, while the loop reports the exception.
                        loop.activate(flushEvent(), Ev.WRITE);
                    }
                }
                // The echo case: what the callback queued goes out now, with one write.
                if (mayWriteNow() && outputPort.length() > 0) {
                    writeNow(false, false);
                }
            }
        } finally {
            Guard.exit(this);
        }
    }

    /** What reads go through: the stream if there is one, else the descriptor or the channel. */
    private ScatteringByteChannel source() {
        return stream != null ? stream : direct != null ? direct : channel;
    }

    /** What writes go through: the stream if there is one, else the descriptor or the channel. */
    private GatheringByteChannel sink() {
        return stream != null ? stream : direct != null ? direct : channel;
    }

    /** The direct reads and writes of this connection, or null; for tests. */
    DirectChannel directChannel() {
        return direct;
    }

    // ------------------------------------------------------------------ writing, loop thread

    /**
     * libevent's {@code bufferevent_socket_outbuf_cb}: data was added; write it in this iteration,
     * not after the next poll. Added by the read callback, it is written as soon as that returns;
     * added from anywhere else, by a flush event queued behind the running callbacks.
     */
    @Override
    void outputAdded() {
        if (!inReadCallback && mayWriteNow()) {
            loop.activate(flushEvent(), Ev.WRITE);
        }
    }

    private LoopEvent flushEvent() {
        LoopEvent ev = flushEvent;
        if (ev == null) {
            ev = loop.newOwnedEvent(null, 0, (e, res) -> onFlush());
            loop.setPriority(ev, priority);
            flushEvent = ev;
        }
        return ev;
    }

    private void onFlush() {
        Guard.enter(this);
        try {
            if (mayWriteNow()) {
                writeNow(false, false);
            }
        } finally {
            Guard.exit(this);
        }
    }

    /**
     * Whether output may be written at once: open, connected, writing enabled and not suspended,
     * and no write watch already waiting for the kernel to take more (libevent would have its write
     * event pending then, and nothing to do until it fires).
     */
    private boolean mayWriteNow() {
        return !closed && channel != null && !connecting && flow.writing() && !waitingForKernel();
    }

    /** Whether output waits for the kernel to take more: writability, or a send in flight, to finish. */
    private boolean waitingForKernel() {
        return stream != null ? stream.sending() : writeEvent.isPending();
    }

    /** libevent's {@code bufferevent_writecb}. */
    private void onWritable(int res) {
        Guard.enter(this);
        try {
            if (closed || channel == null || !connecting && (flow.enabled & Ev.WRITE) == 0) {
                return;
            }
            if (res == Ev.TIMEOUT) {
                loop.del(writeEvent);
                if (connecting) {
                    connecting = false;
                    connector.ended();
                    flow.disable(Ev.READ);
                }
                writeFailed(BevEvent.TIMEOUT);
                return;
            }
            boolean connected = false;
            if (connecting) {
                try {
                    if (!channel.finishConnect()) {
                        return;
                    }
                } catch (IOException e) {
                    connecting = false;
                    lastError = e;
                    loop.del(writeEvent);
                    if (!connector.tryNext()) {
                        callbacks.runEvent(BevEvent.ERROR, false);
                    }
                    return;
                }
                connecting = false;
                connector.ended();
                connected = true;
                if ((flow.enabled & Ev.READ) != 0 && flow.readSuspended == 0) {
                    loop.add(readEvent, readTimeoutNanos);
                }
                unreadInput.arm(channel);
                callbacks.runEvent(BevEvent.CONNECTED, false);
                if (closed || channel == null) {
                    return;
                }
                if ((flow.enabled & Ev.WRITE) == 0 || flow.writeSuspended != 0) {
                    loop.del(writeEvent);
                    return;
                }
            }
            writeNow(true, connected);
        } finally {
            Guard.exit(this);
        }
    }

    /**
     * One gathering write of what is queued, then: stop watching writability when all is sent,
     * keep watching (with the write timeout) when the kernel took only part, and run the write
     * callback when the output drained to its low watermark, if this wrote something or, as
     * libevent's {@code bufferevent_writecb} does, if the channel reported writability for a reason
     * other than a finished connect (writing enabled with nothing to write).
     *
     * @param writable       called for the channel's writability, not to write what was just added
     * @param justConnected  the writability is a connect that finished
     * @return whether any bytes were written
     */
    private boolean writeNow(boolean writable, boolean justConnected) {
        if (flow.writeSuspended != 0) {
            return false;
        }
        long written = 0;
        long allowed = allowedWrite(maxSingleWrite);
        // A stream's sends were charged when it took them: what it reports sent costs nothing now.
        long paid = stream != null ? stream.sentUnreported() : 0;
        long charged = 0;
        if (allowed <= 0 && paid == 0 || flow.writeSuspended != 0) {
            return false;
        }
        if (outputPort.length() > 0) {
            try {
                written = outputPort.write(sink(), Math.max(0, allowed) + paid);
                charged = stream != null ? stream.takeStaged() : written;
                countWritten(written);
            } catch (IOException e) {
                lastError = e;
                writeFailed(BevEvent.ERROR);
                return false;
            }
        }
        if (outputPort.length() == 0) {
            if (writeEvent.isPending()) {
                loop.del(writeEvent);
            }
            if (closing == Closing.FLUSHING) {
                shutDownOutput();
                return written > 0;
            }
        } else if (!writeEvent.isPending()) {
            loop.add(writeEvent, writeTimeoutNanos);
        }
        // After the watch is set: spending the last tokens pauses writing, which removes it.
        chargeWrite(charged);
        if (closed) {
            return written > 0;
        }
        if (written > 0 || writable && !justConnected) {
            triggerWrite();
        }
        return written > 0;
    }

    private void writeFailed(int why) {
        flow.disable(Ev.WRITE);
        if (closing != Closing.NO) {
            closeAndTell(BevEvent.WRITING | why);
            return;
        }
        callbacks.runEvent(BevEvent.WRITING | why, false);
    }

    // ------------------------------------------------------------------ closing after flush

    @Override
    void startClosingAfterFlush() {
        if (closing != Closing.NO) {
            return;
        }
        closing = Closing.FLUSHING;
        flow.userEnabled &= ~Ev.READ;
        flow.disable(Ev.READ);
        if (channel == null) {
            closeAndTell(BevEvent.FLUSHED_AND_CLOSED);
            return;
        }
        flow.enabled |= Ev.WRITE;
        if (connecting) {
            return;
        }
        if (outputPort.length() == 0) {
            shutDownOutput();
        } else if (!writeEvent.isPending()) {
            loop.activate(flushEvent(), Ev.WRITE);
        }
    }

    /**
     * Everything was sent: send FIN, then read and discard until the peer closes too (or
     * {@link #LINGER} passes). Closing at once with unread input would make the kernel answer with
     * RST, which can destroy the data the peer has not read yet.
     */
    private void shutDownOutput() {
        closing = Closing.LINGERING;
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            finishClose();
            return;
        }
        inputPort.clear();
        loop.add(readEvent, LINGER.toNanos());
        if (stream != null) {
            stream.setReading(true);
        }
    }

    private void discardUntilEof() {
        try {
            while (true) {
                int n = inputPort.read(source(), maxSingleRead);
                inputPort.clear();
                if (n > 0) {
                    countRead(n);
                }
                if (n < 0) {
                    finishClose();
                    return;
                }
                if (n == 0) {
                    return;
                }
            }
        } catch (IOException e) {
            finishClose();
        }
    }

    private void finishClose() {
        closeAndTell(BevEvent.FLUSHED_AND_CLOSED);
    }

    /** Closes, then tells the event callback that was set before (closing forgets it). */
    private void closeAndTell(int events) {
        BevEventCallback onEvent = eventCallback();
        close();
        if (onEvent != null) {
            onEvent.onEvent(this, events);
        }
    }

    // ------------------------------------------------------------------ the variant's part

    @Override
    void readEnabledByUser() {
        unreadInput.readEnabled();
    }

    @Override
    void enableIo(int what) {
        if (channel == null) {
            return;
        }
        if ((what & Ev.READ) != 0 && !connecting) {
            loop.add(readEvent, readTimeoutNanos);
            if (stream != null) {
                stream.setReading(true);
            }
        }
        if ((what & Ev.WRITE) != 0 && !connecting) {
            loop.add(writeEvent, writeTimeoutNanos);
            if (stream != null && !stream.sending()) {
                // A socket with nothing in flight is writable: report it as its watch would.
                loop.activateLater(writeEvent, Ev.WRITE);
            }
        }
    }

    @Override
    void disableIo(int what) {
        if (channel == null) {
            return;
        }
        if ((what & Ev.READ) != 0) {
            loop.del(readEvent);
            if (stream != null) {
                stream.setReading(false);
            }
        }
        // A connect in progress keeps its write event: disabling writing must not lose the result.
        if ((what & Ev.WRITE) != 0 && !connecting) {
            loop.del(writeEvent);
            if (flushEvent != null) {
                loop.del(flushEvent);
            }
        }
    }

    @Override
    void adjustTimeouts() {
        if (channel == null) {
            return;
        }
        adjust(readEvent, readTimeoutNanos);
        adjust(writeEvent, writeTimeoutNanos);
    }

    private void adjust(LoopEvent ev, long timeoutNanos) {
        if (ev.isPending()) {
            if (timeoutNanos >= 0) {
                loop.add(ev, timeoutNanos);
            } else {
                loop.removeTimer(ev);
            }
        }
    }

    @Override
    void applyPriority(int p) {
        connector.setPriority(p);
        if (flushEvent != null) {
            loop.setPriority(flushEvent, p);
        }
        if (channel != null) {
            loop.setPriority(readEvent, p);
            loop.setPriority(writeEvent, p);
        }
    }

    @Override
    boolean flushIo(int what, BevFlush mode) {
        if ((what & Ev.WRITE) == 0 || channel == null || connecting) {
            return false;
        }
        boolean wrote;
        if (stream == null) {
            wrote = writeNow(false, false);
        } else if (!loop.inLoopThread()) {
            // A stream is the loop's: the loop writes, as soon as it can.
            loop.activate(flushEvent(), Ev.WRITE);
            return false;
        } else {
            wrote = flushPastStream();
        }
        if (mode == BevFlush.FINISHED && outputPort.length() == 0 && closing == Closing.NO) {
            try {
                channel.shutdownOutput();
            } catch (IOException e) {
                lastError = e;
                writeFailed(BevEvent.ERROR);
            }
        }
        return wrote;
    }

    /**
     * A flush over a stream writes what it can to the socket at once, as a flush over readiness
     * does, so that a close right after it loses nothing the kernel would have taken: with no send
     * in flight the output goes straight to the channel; with one, it goes after it, by the loop.
     */
    private boolean flushPastStream() {
        stream.writeThrough(true);
        try {
            return writeNow(false, false);
        } finally {
            stream.writeThrough(false);
        }
    }

    @Override
    void closeIo() {
        if (channel != null) {
            FlightEvents.connectionClosed(channel, bytesRead(), bytesWritten(), closeOnFree);
        }
        if (flushEvent != null) {
            loop.free(flushEvent);
        }
        connector.close();
        detach(true);
    }

    @Override
    public String toString() {
        return "SocketBufferEvent[" + (channel == null ? "no channel" : channel) + ", enabled "
                + Ev.toString(flow.enabled) + (closed ? ", closed]" : "]");
    }
}
