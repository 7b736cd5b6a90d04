package io.jevent.bufferevent;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.buffer.EvBuffer;
import io.jevent.buffer.internal.BufferPort;
import io.jevent.internal.Durations;
import io.jevent.internal.EventLoop;
import io.jevent.internal.Loops;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;

/**
 * A channel with an input and an output buffer, and callbacks for "data arrived", "output drained"
 * and "something happened": libevent's {@code struct bufferevent} ({@code event2/bufferevent.h}).
 *
 * <pre>{@code
 * BufferEvent bev = BufferEvent.socket(base, acceptedChannel, BevOption.CLOSE_ON_FREE);
 * bev.setCallbacks(
 *         b -> b.output().addBuffer(b.input()),            // echo what arrived
 *         null,
 *         (b, events) -> {
 *             if ((events & (BevEvent.EOF | BevEvent.ERROR)) != 0) {
 *                 b.close();
 *             }
 *         });
 * bev.enable(Ev.READ | Ev.WRITE);
 * }</pre>
 *
 * <p>How reading, writing, watermarks and events work, and who may change the buffers, is in the
 * package documentation.
 *
 * <p><b>Threads:</b> callbacks run on the loop thread of the base. Without
 * {@link BevOption#THREADSAFE}, a BufferEvent belongs to that thread (or to any one thread while no
 * loop runs), and a call from another thread while the loop runs throws. With it, every method may
 * be called from any thread; calls and callbacks are serialized by one lock, which also guards both
 * buffers and is held while callbacks run unless {@link BevOption#UNLOCK_CALLBACKS} is given. No call
 * made under that lock waits for the loop thread, so calls from other threads never deadlock with
 * the loop.
 *
 * <p><b>Ownership:</b> the BufferEvent owns its two buffers. It owns its channel only with
 * {@link BevOption#CLOSE_ON_FREE}; without it, {@link #close()} leaves the channel open and the caller
 * must close it.
 */
public abstract sealed class BufferEvent implements AutoCloseable
        permits SocketBufferEvent, PairBufferEvent, FilterBufferEvent, TlsBufferEvent {
    /** libevent's default is 16 KiB; a Java read costs more per call, so jevent reads more at once. */
    public static final int DEFAULT_MAX_SINGLE_READ = 64 * 1024;
    /** One gathering write takes what the kernel accepts, up to this much. */
    public static final int DEFAULT_MAX_SINGLE_WRITE = 1024 * 1024;

    final EventBase base;
    final EventLoop loop;
    final EvBuffer input = new EvBuffer();
    final EvBuffer output = new EvBuffer();
    /** How this BufferEvent fills its input and empties its output, past the freezes it holds. */
    final BufferPort inputPort;
    final BufferPort outputPort;
    final boolean closeOnFree;
    final boolean deferCallbacks;
    final boolean unlockCallbacks;
    /** Present with {@link BevOption#THREADSAFE}: guards all state and both buffers (see {@link Guard}). */
    final ReentrantLock lock;

    private static final VarHandle BYTES_READ;
    private static final VarHandle BYTES_WRITTEN;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            BYTES_READ = l.findVarHandle(BufferEvent.class, "bytesRead", long.class);
            BYTES_WRITTEN = l.findVarHandle(BufferEvent.class, "bytesWritten", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * What moved through the channel. Written by whoever does the I/O, which holds the BufferEvent
     * (the loop thread, or a thread under the lock), with an opaque store: a plain store that other
     * threads never see torn or going backwards, with no fence on the I/O path.
     */
    private long bytesRead;
    private long bytesWritten;

    final BevCallbacks callbacks = new BevCallbacks(this);
    final Flow flow = new Flow(this);
    long readTimeoutNanos = -1;
    long writeTimeoutNanos = -1;
    volatile int maxSingleRead = DEFAULT_MAX_SINGLE_READ;
    volatile int maxSingleWrite = DEFAULT_MAX_SINGLE_WRITE;
    volatile int priority;
    volatile IOException lastError;
    volatile boolean closed;
    /** Null until a rate limit or group is set: an unlimited BufferEvent pays one null check. */
    RateLimiter limiter;

    BufferEvent(EventBase base, BevOption... options) {
        this(base, null, ", or use reuse() to empty it", options);
    }

    /**
     * @param sharedLock with {@link BevOption#THREADSAFE}, the lock of another BufferEvent to share
     *                   (a pair's two ends, a filter and its underlying), or null for a new one
     * @param emptyHint  the end of the message a user meets at a frozen end
     */
    BufferEvent(EventBase base, ReentrantLock sharedLock, String emptyHint, BevOption... options) {
        this.base = Objects.requireNonNull(base, "base");
        this.loop = Loops.of(base);
        this.closeOnFree = has(options, BevOption.CLOSE_ON_FREE);
        this.deferCallbacks = has(options, BevOption.DEFER_CALLBACKS);
        this.unlockCallbacks = has(options, BevOption.UNLOCK_CALLBACKS);
        if (unlockCallbacks && !deferCallbacks) {
            throw new IllegalArgumentException("UNLOCK_CALLBACKS needs DEFER_CALLBACKS, as in libevent: only"
                    + " deferred callbacks can run outside the lock");
        }
        this.lock = !has(options, BevOption.THREADSAFE) ? null
                : sharedLock != null ? sharedLock : new ReentrantLock();
        if (lock != null) {
            input.enableLocking(lock);
            output.enableLocking(lock);
        }
        this.inputPort = BufferPort.holdEnd(input, "its BufferEvent, which alone adds what it reads: read"
                + " from input() instead" + emptyHint, flow);
        this.outputPort = BufferPort.holdStart(output, "its BufferEvent, which alone removes what it has sent:"
                + " add to output() instead" + emptyHint, flow);
        this.priority = base.priorities() / 2;
    }

    /**
     * Creates a socket BufferEvent: libevent's {@code bufferevent_socket_new}. Any thread.
     *
     * <p>Two defaults come from libevent and surprise Java programmers:
     * <ul>
     * <li>Writing is enabled, reading is not: call {@code enable(Ev.READ)}, or the read callback
     *     never runs. With debug logging on for {@code io.jevent}, a BufferEvent whose reading was
     *     never enabled logs one line naming that call when input waits for it.</li>
     * <li>Without {@link BevOption#CLOSE_ON_FREE}, {@link #close()} leaves the channel open: closing
     *     it is then the caller's job, and forgetting it leaks the connection. Pass CLOSE_ON_FREE
     *     for a connection the BufferEvent alone uses.</li>
     * </ul>
     *
     * @param base    the base whose loop runs the BufferEvent's I/O and callbacks
     * @param channel a connected socket (made non-blocking if it is not), or null to
     *                {@linkplain SocketBufferEvent#connect connect} later
     * @param options libevent's {@code BEV_OPT_*} flags; none is needed
     * @return the new BufferEvent
     * @throws IllegalArgumentException if the channel is closed, or for UNLOCK_CALLBACKS without
     *                                  DEFER_CALLBACKS
     */
    public static SocketBufferEvent socket(EventBase base, SocketChannel channel, BevOption... options) {
        return new SocketBufferEvent(base, channel, options);
    }

    /**
     * Creates two BufferEvents linked to each other, without a channel: what one writes appears in
     * the other's input. libevent's {@code bufferevent_pair_new}; see {@link PairBufferEvent} for
     * when data moves. As in libevent, both always defer their callbacks
     * ({@link BevOption#DEFER_CALLBACKS} is implied), both have writing enabled and reading not, and
     * with {@link BevOption#THREADSAFE} the two share one lock. Any thread.
     *
     * @param base    the base whose loop runs the callbacks of both
     * @param options options of both ends
     * @return the two ends, each the other's {@link PairBufferEvent#partner()}
     * @throws NullPointerException if {@code base} or an option is null
     */
    public static PairBufferEvent[] pair(EventBase base, BevOption... options) {
        return PairBufferEvent.create(base, options);
    }

    /**
     * Puts a filter over {@code underlying}: libevent's {@code bufferevent_filter_new}. What the
     * underlying reads passes through {@code inputFilter} into the new BufferEvent's input; what is
     * written to the new BufferEvent passes through {@code outputFilter} into the underlying's
     * output. The filter takes over the underlying's callbacks and enables its reading and writing;
     * see {@link FilterBufferEvent}. With {@link BevOption#CLOSE_ON_FREE}, closing the filter closes
     * the underlying too. Threads: the filter belongs to the underlying's loop; with
     * {@link BevOption#THREADSAFE} it shares the underlying's lock, which the underlying must
     * therefore have.
     *
     * @param underlying    the BufferEvent to read from and write to; it must not be closed
     * @param inputFilter   how input is transformed, or null to pass it unchanged
     * @param outputFilter  how output is transformed, or null to pass it unchanged
     * @param options       options of the filter
     * @return the filter
     * @throws IllegalArgumentException for THREADSAFE over an underlying without it, or an
     *                                  underlying that is closed
     */
    public static FilterBufferEvent filter(BufferEvent underlying, BevFilter inputFilter, BevFilter outputFilter,
            BevOption... options) {
        return new FilterBufferEvent(underlying, inputFilter, outputFilter, options);
    }

    /**
     * Creates a TLS BufferEvent over a socket: libevent's {@code bufferevent_openssl_socket_new}.
     * It makes a socket BufferEvent of its own for {@code channel} and speaks TLS over it through
     * {@code engine}; the user reads and writes plaintext. With {@link TlsState#CONNECTING} or
     * {@link TlsState#ACCEPTING} the handshake starts from the loop (configure the engine before
     * this call: SNI, ALPN, protocols, client authentication), and {@link BevEvent#CONNECTED} is
     * reported when it is done. With a null channel, {@link TlsBufferEvent#connect} connects and
     * then handshakes. See {@link TlsBufferEvent}. Any thread.
     *
     * @param base    the base whose loop runs the BufferEvent
     * @param channel a connected socket (made non-blocking if it is not), or null to connect later
     * @param engine  a new engine, such as {@code sslContext.createSSLEngine(host, port)} for a client
     * @param state   whether this side is the client, the server, or already open
     * @param options libevent's {@code BEV_OPT_*} flags; {@link BevOption#CLOSE_ON_FREE} closes the
     *                channel with the BufferEvent
     * @return the new BufferEvent
     * @throws IllegalArgumentException if the channel is closed, for UNLOCK_CALLBACKS without
     *                                  DEFER_CALLBACKS, or for an engine whose handshake began
     *                                  (unless {@code state} is OPEN)
     */
    public static TlsBufferEvent tlsSocket(EventBase base, SocketChannel channel, SSLEngine engine, TlsState state,
            BevOption... options) {
        return TlsBufferEvent.overSocket(base, channel, engine, state, options);
    }

    /**
     * Puts TLS over {@code underlying}: libevent's {@code bufferevent_openssl_filter_new}. What the
     * underlying reads is unwrapped into the new BufferEvent's input; what is written to it is
     * wrapped into the underlying's output. It takes over the underlying's callbacks and enables
     * its reading and writing, as {@link #filter} does; with {@link BevOption#CLOSE_ON_FREE},
     * closing it closes the underlying too. See {@link TlsBufferEvent}. Threads: it belongs to the
     * underlying's loop and, with {@link BevOption#THREADSAFE}, shares the underlying's lock,
     * which the underlying must therefore have.
     *
     * @param underlying the BufferEvent that carries the ciphertext; it must not be closed
     * @param engine     a new engine
     * @param state      whether this side is the client, the server, or already open
     * @param options    options of the TLS BufferEvent
     * @return the new BufferEvent
     * @throws IllegalArgumentException for THREADSAFE over an underlying without it, an underlying
     *                                  that is closed, UNLOCK_CALLBACKS without DEFER_CALLBACKS, or
     *                                  an engine whose handshake began (unless {@code state} is OPEN)
     */
    public static TlsBufferEvent tlsFilter(BufferEvent underlying, SSLEngine engine, TlsState state,
            BevOption... options) {
        return TlsBufferEvent.overFilter(underlying, engine, state, options);
    }

    /**
     * Sets the three callbacks, null for none: libevent's {@code bufferevent_setcb}. Threads: see the
     * class.
     *
     * @param read  runs when input reaches the read low watermark; null for none
     * @param write runs when output drains to the write low watermark; null for none
     * @param event runs on connect, end of stream, errors and timeouts; null for none
     */
    public void setCallbacks(BevDataCallback read, BevDataCallback write, BevEventCallback event) {
        Guard.enter(this);
        try {
            checkUsable();
            callbacks.set(read, write, event);
        } finally {
            Guard.exit(this);
        }
    }

    /**
     * The read callback, or null: one third of libevent's {@code bufferevent_getcb}. Any thread.
     *
     * @return the callback
     */
    public BevDataCallback readCallback() {
        return callbacks.read();
    }

    /**
     * The write callback. Any thread.
     *
     * @return the callback, or null
     */
    public BevDataCallback writeCallback() {
        return callbacks.write();
    }

    /**
     * The event callback. Any thread.
     *
     * @return the callback, or null
     */
    public BevEventCallback eventCallback() {
        return callbacks.event();
    }

    /**
     * Enables reading and/or writing: libevent's {@code bufferevent_enable}. Enabling writing with an
     * empty output makes the write callback run once the channel is writable, as in libevent.
     * Threads: see the class.
     *
     * @param what {@link Ev#READ} and/or {@link Ev#WRITE}
     */
    public void enable(int what) {
        checkIoFlags(what, "enable");
        Guard.enter(this);
        try {
            checkUsable();
            flow.enable(what);
            if ((what & Ev.READ) != 0) {
                readEnabledByUser();
            }
        } finally {
            Guard.exit(this);
        }
    }

    /**
     * Disables reading and/or writing: libevent's {@code bufferevent_disable}. Data already in the
     * buffers stays there. Threads: see the class.
     *
     * @param what {@link Ev#READ} and/or {@link Ev#WRITE}
     */
    public void disable(int what) {
        checkIoFlags(what, "disable");
        Guard.enter(this);
        try {
            checkUsable();
            flow.userEnabled &= ~what;
            flow.disable(what);
        } finally {
            Guard.exit(this);
        }
    }

    /**
     * What is enabled: libevent's {@code bufferevent_get_enabled}. Any thread.
     *
     * @return {@link Ev#READ} and/or {@link Ev#WRITE}, or 0
     */
    public int enabled() {
        return flow.enabled;
    }

    /**
     * The input buffer, to read from: libevent's {@code bufferevent_get_input}. Any thread.
     *
     * @return the input, the same object for the BufferEvent's life
     */
    public EvBuffer input() {
        return input;
    }

    /**
     * The output buffer, to add to: libevent's {@code bufferevent_get_output}. Any thread.
     *
     * @return the output, the same object for the BufferEvent's life
     */
    public EvBuffer output() {
        return output;
    }

    /**
     * Queues a copy of {@code data} for writing: libevent's {@code bufferevent_write}. Threads: see
     * the class.
     *
     * @param data the bytes to send; the BufferEvent keeps no reference to the array
     */
    public void write(byte[] data) {
        write(data, 0, data.length);
    }

    /**
     * Queues a copy of {@code len} bytes of {@code data} from {@code off}. Threads: see the class.
     *
     * @param data the array holding the bytes; the BufferEvent keeps no reference to it
     * @param off  the index in {@code data} of the first byte to send
     * @param len  how many bytes to send
     */
    public void write(byte[] data, int off, int len) {
        checkCaller();
        output.add(data, off, len);
    }

    /**
     * Queues a copy of the remaining bytes of {@code data} and consumes them. Threads: see the class.
     *
     * @param data the bytes between its position and its limit are queued
     */
    public void write(ByteBuffer data) {
        checkCaller();
        output.add(data);
    }

    /**
     * Moves all of {@code src} to the output: libevent's {@code bufferevent_write_buffer}. Threads: see
     * the class.
     *
     * @param src the buffer to empty into the output
     */
    public void writeBuffer(EvBuffer src) {
        checkCaller();
        output.addBuffer(src);
    }

    /**
     * Removes up to {@code dst.length} bytes of input into {@code dst}: {@code bufferevent_read}.
     * Threads: see the class.
     *
     * @param dst receives the bytes from index 0
     * @return the number of bytes removed
     */
    public int read(byte[] dst) {
        return read(dst, 0, dst.length);
    }

    /**
     * Removes up to {@code len} bytes of input into {@code dst} from {@code off}. Threads: see the class.
     *
     * @param dst receives the bytes
     * @param off the index in {@code dst} of the first byte
     * @param len the most bytes to remove
     * @return the number of bytes removed
     */
    public int read(byte[] dst, int off, int len) {
        checkCaller();
        return input.remove(dst, off, len);
    }

    /**
     * Removes as much input as fits into {@code dst}. Threads: see the class.
     *
     * @param dst receives the bytes from its position on
     * @return the number of bytes removed
     */
    public int read(ByteBuffer dst) {
        checkCaller();
        return input.remove(dst);
    }

    /**
     * Moves all input to {@code dst}: libevent's {@code bufferevent_read_buffer}. Threads: see the
     * class.
     *
     * @param dst the buffer the input moves to
     */
    public void readBuffer(EvBuffer dst) {
        checkCaller();
        dst.addBuffer(input);
    }

    /**
     * Sets the watermarks of one or both directions: libevent's {@code bufferevent_setwatermark}.
     * Read low: the read callback waits for this much input. Read high: reading pauses at this much
     * input (0: no limit). Write low: the write callback runs when the output drains to this. Write
     * high: unused by sockets (filters use it). Threads: see the class.
     *
     * @param what {@link Ev#READ} and/or {@link Ev#WRITE}
     * @param low  the low watermark in bytes, 0 for none
     * @param high the high watermark in bytes, 0 for none
     * @throws IllegalArgumentException for a negative watermark, or a low above a non-zero high
     */
    public void setWatermark(int what, long low, long high) {
        checkIoFlags(what, "setWatermark");
        Flow.checkWatermarks(low, high);
        Guard.enter(this);
        try {
            checkUsable();
            flow.setWatermark(what, low, high, inputPort.length());
        } finally {
            Guard.exit(this);
        }
    }

    /**
     * A low watermark: half of libevent's {@code bufferevent_getwatermark}. Threads: see the class.
     *
     * @param what {@link Ev#READ} or {@link Ev#WRITE}
     * @return the watermark of {@link Ev#READ} or {@link Ev#WRITE}, 0 for none
     */
    public long lowWatermark(int what) {
        return watermark(what, true);
    }

    /**
     * A high watermark: the other half of {@code bufferevent_getwatermark}. Threads: see the class.
     *
     * @param what {@link Ev#READ} or {@link Ev#WRITE}
     * @return the watermark of {@link Ev#READ} or {@link Ev#WRITE}, 0 for none
     */
    public long highWatermark(int what) {
        return watermark(what, false);
    }

    private long watermark(int what, boolean low) {
        if (what != Ev.READ && what != Ev.WRITE) {
            throw new IllegalArgumentException("ask for one direction, Ev.READ or Ev.WRITE, not " + Ev.toString(what));
        }
        Guard.enter(this);
        try {
            return flow.watermark(what, low);
        } finally {
            Guard.exit(this);
        }
    }

    /**
     * Caps one read, 64 KiB by default: {@code bufferevent_set_max_single_read}. Threads: see the
     * class.
     *
     * @param bytes the most bytes one read takes from the channel, at least 1
     * @throws IllegalArgumentException if {@code bytes} is less than 1
     */
    public void setMaxSingleRead(int bytes) {
        setMaxSingle(bytes, true);
    }

    /**
     * Caps one write, 1 MiB by default: {@code bufferevent_set_max_single_write}. Threads: see the
     * class.
     *
     * @param bytes the most bytes one write gives the channel, at least 1
     * @throws IllegalArgumentException if {@code bytes} is less than 1
     */
    public void setMaxSingleWrite(int bytes) {
        setMaxSingle(bytes, false);
    }

    private void setMaxSingle(int bytes, boolean read) {
        if (bytes < 1) {
            throw new IllegalArgumentException("max single " + (read ? "read" : "write")
                    + " must be at least 1 byte: " + bytes);
        }
        Guard.enter(this);
        try {
            checkUsable();
            if (read) {
                maxSingleRead = bytes;
            } else {
                maxSingleWrite = bytes;
            }
        } finally {
            Guard.exit(this);
        }
    }

    /**
     * libevent's {@code bufferevent_get_max_single_read}. Any thread.
     *
     * @return the cap in bytes
     */
    public int maxSingleRead() {
        return maxSingleRead;
    }

    /**
     * libevent's {@code bufferevent_get_max_single_write}. Any thread.
     *
     * @return the cap in bytes
     */
    public int maxSingleWrite() {
        return maxSingleWrite;
    }

    /**
     * Sets the read and write timeouts; null for none: libevent's {@code bufferevent_set_timeouts}.
     * A timeout counts only while its direction is enabled and waiting for I/O (reading: always
     * while enabled and not paused by the watermark; writing: while output is waiting for the
     * channel, or a connect is in progress) and restarts at each successful read or write. When it
     * elapses, that direction is disabled and the event callback gets {@code READING|TIMEOUT} or
     * {@code WRITING|TIMEOUT}. Threads: see the class.
     *
     * @param read  how long reading may wait for input, or null for no limit
     * @param write how long writing (or a connect) may wait for the channel, or null for no limit
     * @throws IllegalArgumentException if a timeout is negative
     */
    public void setTimeouts(Duration read, Duration write) {
        long r = Durations.nanosOrNone(read, "read timeout");
        long w = Durations.nanosOrNone(write, "write timeout");
        Guard.enter(this);
        try {
            checkUsable();
            readTimeoutNanos = r;
            writeTimeoutNanos = w;
            adjustTimeouts();
        } finally {
            Guard.exit(this);
        }
    }

    /**
     * Sets the priority of all the BufferEvent's events at once, also while they are active:
     * libevent's {@code bufferevent_priority_set}. Threads: see the class.
     *
     * @param priority the new priority, 0 the most urgent
     * @throws IllegalArgumentException if {@code priority} is outside {@code 0..base.priorities()-1}
     */
    public void setPriority(int priority) {
        if (priority < 0 || priority >= base.priorities()) {
            throw new IllegalArgumentException("priority " + priority + " is out of range: the base has "
                    + base.priorities() + " priorities, 0 (most urgent) to " + (base.priorities() - 1));
        }
        Guard.enter(this);
        try {
            checkUsable();
            this.priority = priority;
            applyPriority(priority);
        } finally {
            Guard.exit(this);
        }
    }

    /**
     * libevent's {@code bufferevent_get_priority}. Any thread.
     *
     * @return the priority of the BufferEvent's events
     */
    public int priority() {
        return priority;
    }

    /**
     * Pushes buffered data now: libevent's {@code bufferevent_flush}. Unlike libevent's socket
     * flush, which does nothing, a socket BufferEvent writes what the channel takes at once, and
     * {@link BevFlush#FINISHED} then shuts its output down. Threads: see the class.
     *
     * @param what {@link Ev#WRITE} (a socket has nothing to flush for {@link Ev#READ})
     * @param mode {@link BevFlush#NORMAL} or {@link BevFlush#FLUSH} to write what the channel takes,
     *             {@link BevFlush#FINISHED} to also shut the output down once all is sent
     * @return true if any bytes were written
     */
    public boolean flush(int what, BevFlush mode) {
        checkIoFlags(what, "flush");
        Objects.requireNonNull(mode, "mode");
        Guard.enter(this);
        try {
            checkUsable();
            return flushIo(what, mode);
        } finally {
            Guard.exit(this);
        }
    }

    /**
     * Runs the read and/or write callback as if data had arrived or drained: libevent's
     * {@code bufferevent_trigger}. The watermarks apply unless {@link BevTrigger#IGNORE_WATERMARKS} is
     * given. Threads: see the class.
     *
     * @param what    {@link Ev#READ} and/or {@link Ev#WRITE}
     * @param options {@link BevTrigger#IGNORE_WATERMARKS} and/or {@link BevTrigger#DEFER_CALLBACKS},
     *                or none
     */
    public void trigger(int what, BevTrigger... options) {
        checkIoFlags(what, "trigger");
        boolean ignoreWatermarks = has(options, BevTrigger.IGNORE_WATERMARKS);
        boolean defer = has(options, BevTrigger.DEFER_CALLBACKS);
        Guard.enter(this);
        try {
            checkUsable();
            if ((what & Ev.READ) != 0 && (ignoreWatermarks || input.length() >= flow.readLow)) {
                callbacks.runRead(defer);
            }
            if ((what & Ev.WRITE) != 0 && (ignoreWatermarks || output.length() <= flow.writeLow)) {
                callbacks.runWrite(defer);
            }
        } finally {
            Guard.exit(this);
        }
    }

    /**
     * Runs the event callback with {@code events}: libevent's {@code bufferevent_trigger_event}.
     * Threads: see the class.
     *
     * @param events {@link BevEvent} bits
     * @param options {@link BevTrigger#DEFER_CALLBACKS} to run it later, from the loop
     */
    public void triggerEvent(int events, BevTrigger... options) {
        boolean defer = has(options, BevTrigger.DEFER_CALLBACKS);
        Guard.enter(this);
        try {
            checkUsable();
            callbacks.runEvent(events, defer);
        } finally {
            Guard.exit(this);
        }
    }

    /**
     * The lock of a BufferEvent layered over {@code underlying} (a filter, TLS): with THREADSAFE it
     * shares the underlying's, which must therefore exist; {@code kind} names the layer in the message.
     */
    static ReentrantLock layeredLock(BufferEvent underlying, String kind, BevOption... options) {
        if (has(options, BevOption.THREADSAFE) && underlying.lock == null) {
            throw new IllegalArgumentException("a THREADSAFE " + kind + " shares its underlying's lock: create the"
                    + " underlying with BevOption.THREADSAFE too");
        }
        return underlying.lock;
    }

    static <T> boolean has(T[] options, T wanted) {
        for (T t : options) {
            if (Objects.requireNonNull(t, "option") == wanted) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ rate limits

    /**
     * Limits this BufferEvent with a token bucket of its own, or removes the limit (null):
     * libevent's {@code bufferevent_set_rate_limit}. A direction whose bucket is empty pauses until
     * a later tick refills it; setting a new limit keeps what the bucket holds, up to the new
     * bursts. Threads: see the class.
     *
     * @param cfg the limit, or null for none
     * @throws UnsupportedOperationException for a pair or a filter (a TLS filter too), which have no
     *                                       channel to limit (libevent ignores the call): limit the
     *                                       socket below. A TLS socket passes the call to its socket
     */
    public void setRateLimit(RateLimit cfg) {
        BufferEvent target = rateLimitTarget();
        if (target != this) {
            target.setRateLimit(cfg);
            return;
        }
        Guard.enter(this);
        try {
            checkUsable();
            checkRateLimitable();
            if (cfg != null || limiter != null) {
                limiter().configure(cfg);
            }
        } finally {
            Guard.exit(this);
        }
    }

    /**
     * The limit set by {@link #setRateLimit}. Any thread.
     *
     * @return the limit, or null
     */
    public RateLimit rateLimit() {
        BufferEvent target = rateLimitTarget();
        if (target != this) {
            return target.rateLimit();
        }
        Guard.enter(this);
        try {
            return limiter == null ? null : limiter.cfg;
        } finally {
            Guard.exit(this);
        }
    }

    /**
     * Puts this BufferEvent in {@code group}, leaving any group it was in, or in none (null):
     * libevent's {@code bufferevent_add_to_rate_limit_group} and
     * {@code bufferevent_remove_from_rate_limit_group}. Threads: see the class.
     *
     * @param group a group of this BufferEvent's base, or null
     * @throws UnsupportedOperationException for a pair or a filter (a TLS socket passes the call to
     *                                       its socket)
     * @throws IllegalArgumentException      if the group belongs to another base
     * @throws IllegalStateException         if the group is closed
     */
    public void setRateLimitGroup(RateLimitGroup group) {
        BufferEvent target = rateLimitTarget();
        if (target != this) {
            target.setRateLimitGroup(group);
            return;
        }
        Guard.enter(this);
        try {
            checkUsable();
            checkRateLimitable();
            RateLimiter l = limiter;
            if (l == null && group == null || l != null && l.group == group) {
                return;
            }
            l = limiter();
            if (l.group != null) {
                RateLimitGroup old = l.group;
                l.group = null;
                old.remove(this, true);
            }
            if (group != null) {
                group.add(this);
                l.group = group;
            }
        } finally {
            Guard.exit(this);
        }
    }

    /**
     * The group set by {@link #setRateLimitGroup}. Any thread.
     *
     * @return the group, or null
     */
    public RateLimitGroup rateLimitGroup() {
        BufferEvent target = rateLimitTarget();
        if (target != this) {
            return target.rateLimitGroup();
        }
        Guard.enter(this);
        try {
            return limiter == null ? null : limiter.group;
        } finally {
            Guard.exit(this);
        }
    }

    /**
     * What this BufferEvent's own read bucket holds now, possibly below zero: libevent's
     * {@code bufferevent_get_read_limit}. Threads: see the class.
     *
     * @return bytes, or {@link Long#MAX_VALUE} without a limit of its own
     */
    public long readLimit() {
        return limit(true);
    }

    /**
     * What this BufferEvent's own write bucket holds now: libevent's
     * {@code bufferevent_get_write_limit}. Threads: see the class.
     *
     * @return bytes, or {@link Long#MAX_VALUE} without a limit of its own
     */
    public long writeLimit() {
        return limit(false);
    }

    private long limit(boolean read) {
        BufferEvent target = rateLimitTarget();
        if (target != this) {
            return target.limit(read);
        }
        Guard.enter(this);
        try {
            RateLimiter l = limiter;
            if (l == null || l.cfg == null) {
                return Long.MAX_VALUE;
            }
            l.updateBucket();
            return read ? l.bucket.read : l.bucket.write;
        } finally {
            Guard.exit(this);
        }
    }

    /**
     * Takes {@code n} bytes from the own read bucket (a negative {@code n} adds), pausing or
     * resuming reading as the level crosses zero: libevent's {@code bufferevent_decrement_read_limit}.
     * Threads: see the class.
     *
     * @param n bytes
     * @throws IllegalStateException without a limit set by {@link #setRateLimit}
     */
    public void decrementReadLimit(long n) {
        decrementLimit(n, true);
    }

    /**
     * As {@link #decrementReadLimit}, for writing: {@code bufferevent_decrement_write_limit}.
     * Threads: see the class.
     *
     * @param n bytes
     * @throws IllegalStateException without a limit set by {@link #setRateLimit}
     */
    public void decrementWriteLimit(long n) {
        decrementLimit(n, false);
    }

    private void decrementLimit(long n, boolean read) {
        BufferEvent target = rateLimitTarget();
        if (target != this) {
            target.decrementLimit(n, read);
            return;
        }
        Guard.enter(this);
        try {
            checkUsable();
            if (limiter == null || limiter.cfg == null) {
                throw new IllegalStateException("this BufferEvent has no rate limit to decrement: call"
                        + " setRateLimit(...) first");
            }
            if (read) {
                limiter.decrementRead(n);
            } else {
                limiter.decrementWrite(n);
            }
        } finally {
            Guard.exit(this);
        }
    }

    /**
     * The most the next read may take, given the max single read, the own bucket and the group's
     * share: libevent's {@code bufferevent_get_max_to_read}. Threads: see the class.
     *
     * @return bytes, 0 while reading is paused by a limit
     */
    public long maxToRead() {
        BufferEvent target = rateLimitTarget();
        if (target != this) {
            return target.maxToRead();
        }
        Guard.enter(this);
        try {
            return allowedRead(maxSingleRead);
        } finally {
            Guard.exit(this);
        }
    }

    /**
     * The most the next write may take: libevent's {@code bufferevent_get_max_to_write}. Threads:
     * see the class.
     *
     * @return bytes, 0 while writing is paused by a limit
     */
    public long maxToWrite() {
        BufferEvent target = rateLimitTarget();
        if (target != this) {
            return target.maxToWrite();
        }
        Guard.enter(this);
        try {
            return allowedWrite(maxSingleWrite);
        } finally {
            Guard.exit(this);
        }
    }

    private RateLimiter limiter() {
        RateLimiter l = limiter;
        if (l == null) {
            l = new RateLimiter(this);
            limiter = l;
        }
        return l;
    }

    /** For a kind's I/O, guard held: the most one read may take, at most {@code cap}. */
    final long allowedRead(long cap) {
        RateLimiter l = limiter;
        return l == null ? cap : l.maxToRead(cap);
    }

    /** For a kind's I/O, guard held: the most one write may take, at most {@code cap}. */
    final long allowedWrite(long cap) {
        RateLimiter l = limiter;
        return l == null ? cap : l.maxToWrite(cap);
    }

    /** For a kind's I/O, guard held: {@code n} bytes were read from the network. */
    final void chargeRead(long n) {
        RateLimiter l = limiter;
        if (l != null && n > 0) {
            l.read(n);
        }
    }

    /** For a kind's I/O, guard held: {@code n} bytes were written to the network. */
    final void chargeWrite(long n) {
        RateLimiter l = limiter;
        if (l != null && n > 0) {
            l.written(n);
        }
    }

    /**
     * The base: libevent's {@code bufferevent_get_base}. Any thread.
     *
     * @return the base whose loop runs this BufferEvent
     */
    public EventBase base() {
        return base;
    }

    /**
     * The options this BufferEvent was created with. Any thread.
     *
     * @return a new set
     */
    public Set<BevOption> options() {
        Set<BevOption> set = EnumSet.noneOf(BevOption.class);
        if (closeOnFree) {
            set.add(BevOption.CLOSE_ON_FREE);
        }
        if (lock != null) {
            set.add(BevOption.THREADSAFE);
        }
        if (deferCallbacks) {
            set.add(BevOption.DEFER_CALLBACKS);
        }
        if (unlockCallbacks) {
            set.add(BevOption.UNLOCK_CALLBACKS);
        }
        return set;
    }

    /**
     * The cause of the last {@link BevEvent#ERROR} event: the Java form of libevent's
     * {@code EVUTIL_SOCKET_ERROR()} in the event callback (and of
     * {@code bufferevent_socket_get_dns_error} for a name that does not resolve). Any thread.
     *
     * @return the cause, or null
     */
    public IOException lastError() {
        return lastError;
    }

    /**
     * How many bytes this BufferEvent has read from its channel since it was created (jevent's
     * addition), over every channel it had; what was read and then discarded while closing after a
     * flush counts too. Any thread: the value is read without a lock and may trail the loop by a
     * read.
     *
     * @return the bytes read
     */
    public long bytesRead() {
        return (long) BYTES_READ.getOpaque(this);
    }

    /**
     * How many bytes this BufferEvent has written to its channel since it was created (jevent's
     * addition): bytes the kernel took, not bytes queued in the output. Any thread, as
     * {@link #bytesRead()}.
     *
     * @return the bytes written
     */
    public long bytesWritten() {
        return (long) BYTES_WRITTEN.getOpaque(this);
    }

    /** Counts {@code n} bytes read; by the thread doing the I/O, which holds the BufferEvent. */
    final void countRead(long n) {
        BYTES_READ.setOpaque(this, bytesRead + n);
    }

    /** Counts {@code n} bytes written; as {@link #countRead}. */
    final void countWritten(long n) {
        BYTES_WRITTEN.setOpaque(this, bytesWritten + n);
    }

    /**
     * Whether {@link #close()} was called. Any thread.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Takes the BufferEvent's lock, to make several calls one step: libevent's
     * {@code bufferevent_lock}. Does nothing without {@link BevOption#THREADSAFE}. Any thread.
     */
    public void lock() {
        if (lock != null) {
            lock.lock();
        }
    }

    /** Releases the lock taken by {@link #lock()}: libevent's {@code bufferevent_unlock}. Any thread. */
    public void unlock() {
        if (lock != null) {
            lock.unlock();
        }
    }

    /** A call from outside whose buffer does the work: checks the thread, and that this is open. */
    final void checkCaller() {
        Guard.checkThreadUnlessLocked(this);
        checkUsable();
    }

    /**
     * Frees the BufferEvent: libevent's {@code bufferevent_free}. Its events stop, pending callbacks
     * are dropped, unsent output is discarded (see {@link #closeAfterFlush()}), both buffers are
     * released, and with {@link BevOption#CLOSE_ON_FREE} the channel is closed; without it the channel
     * stays open and is the caller's to close. Closing twice does nothing. Threads: see the class;
     * from another thread it does not wait for the loop, whose callbacks then find the BufferEvent
     * closed.
     */
    @Override
    public void close() {
        Guard.enter(this);
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (limiter != null) {
                limiter.close();
            }
            callbacks.close();
            closeIo();
            inputPort.release();
            outputPort.release();
            input.close();
            output.close();
        } finally {
            Guard.exit(this);
        }
    }

    /**
     * Stops reading, writes everything queued, shuts the connection down gracefully and closes the
     * BufferEvent (jevent's addition: libevent users do this by hand in the write callback). The
     * event callback then gets {@link BevEvent#FLUSHED_AND_CLOSED}, or {@code WRITING|ERROR} if the
     * data could not be sent (the BufferEvent is closed either way). Input that arrives meanwhile is
     * discarded. Threads: see the class.
     */
    public void closeAfterFlush() {
        Guard.enter(this);
        try {
            if (!closed) {
                startClosingAfterFlush();
            }
        } finally {
            Guard.exit(this);
        }
    }

    /** The read callback if the input reached the read low watermark (libevent's trigger). */
    void triggerRead() {
        if (inputPort.length() >= flow.readLow) {
            callbacks.runRead(false);
        }
    }

    /** The write callback if the output drained to the write low watermark. */
    void triggerWrite() {
        if (outputPort.length() <= flow.writeLow) {
            callbacks.runWrite(false);
        }
    }

    void checkUsable() {
        if (closed) {
            throw new IllegalStateException("this BufferEvent is closed; create a new one");
        }
    }

    private static void checkIoFlags(int what, String operation) {
        if (what == 0 || (what & ~(Ev.READ | Ev.WRITE)) != 0) {
            throw new IllegalArgumentException(operation + "() takes Ev.READ and/or Ev.WRITE, got "
                    + Ev.toString(what));
        }
    }

    /** The user enabled reading; a variant that warns about unread input stops watching for it. */
    void readEnabledByUser() {
    }

    /** Starts the I/O of {@code what} (libevent's {@code be_ops->enable}). */
    abstract void enableIo(int what);

    /** Stops the I/O of {@code what} (libevent's {@code be_ops->disable}). */
    abstract void disableIo(int what);

    /** Applies changed timeouts to pending I/O (libevent's {@code be_ops->adj_timeouts}). */
    abstract void adjustTimeouts();

    /** Moves the variant's events to another priority, all of them or none. */
    abstract void applyPriority(int priority);

    /** libevent's {@code be_ops->flush}. */
    abstract boolean flushIo(int what, BevFlush mode);

    /** Bytes were added to the output (libevent's {@code bufferevent_socket_outbuf_cb}). */
    abstract void outputAdded();

    /**
     * The BufferEvent whose bytes this one's rate limit counts: itself, or the socket below a TLS
     * socket, which the rate-limit calls are passed to.
     */
    BufferEvent rateLimitTarget() {
        return this;
    }

    /** Throws, naming the fix, if this kind cannot be rate-limited; nothing if it can. */
    void checkRateLimitable() {
    }

    /** Begins {@link #closeAfterFlush()}. */
    abstract void startClosingAfterFlush();

    /** Stops all I/O and releases the channel if owned (libevent's {@code be_ops->destruct}). */
    abstract void closeIo();
}
