package io.jevent.bufferevent;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.buffer.CallbackEntry;
import io.jevent.buffer.EvBuffer;
import io.jevent.buffer.internal.EvBufferAccess;
import io.jevent.internal.Durations;
import io.jevent.internal.EventLoop;
import io.jevent.internal.FlagNames;
import io.jevent.internal.Loops;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A channel with an input and an output buffer, and callbacks for "data arrived", "output drained"
 * and "something happened": libevent's {@code struct bufferevent} ({@code event2/bufferevent.h}).
 *
 * <pre>{@code
 * BufferEvent bev = BufferEvent.socket(base, acceptedChannel, BufferEvent.Option.CLOSE_ON_FREE);
 * bev.setCallbacks(
 *         b -> b.output().addBuffer(b.input()),            // echo what arrived
 *         null,
 *         (b, events) -> {
 *             if ((events & (BufferEvent.EOF | BufferEvent.ERROR)) != 0) {
 *                 b.close();
 *             }
 *         });
 * bev.enable(Ev.READ | Ev.WRITE);
 * }</pre>
 *
 * <p><b>Reading:</b> while {@link Ev#READ} is enabled, data is read into {@link #input()}; the read
 * callback runs when the input holds at least the read low watermark (default 0: any data). Reading
 * pauses while the input holds the read high watermark or more (default 0: no limit) and resumes by
 * itself once the user drains it below. <b>Writing:</b> data added to {@link #output()} is written as
 * soon as possible; the write callback runs when the output has drained to the write low watermark
 * or less (default 0: everything was sent). End of stream, errors and timeouts disable the direction
 * they happened in and reach the event callback with libevent's bits: {@code READING|EOF},
 * {@code READING|ERROR}, {@code WRITING|ERROR}, {@code READING|TIMEOUT}, {@code WRITING|TIMEOUT},
 * {@code CONNECTED}, or {@code ERROR} for a failed connect. {@link #lastError()} holds the cause of
 * an ERROR. Bytes accepted for writing are either written or followed by an ERROR event, unless the
 * user closes the BufferEvent first ({@link #closeAfterFlush()} avoids that).
 *
 * <p><b>Threads:</b> callbacks run on the loop thread of the base. Without
 * {@link Option#THREADSAFE}, a BufferEvent belongs to that thread (or to any one thread while no
 * loop runs), and a call from another thread while the loop runs throws. With it, every method may
 * be called from any thread; calls and callbacks are serialized by a lock, held while callbacks run
 * unless {@link Option#UNLOCK_CALLBACKS} is given.
 *
 * <p><b>Ownership:</b> the BufferEvent owns its two buffers. It owns its channel only with
 * {@link Option#CLOSE_ON_FREE}; then {@link #close()} closes the channel too.
 *
 * <p>The variants are sealed: a socket today ({@link #socket}); pairs, filters (TLS among them)
 * and rate limits keep this same contract.
 */
public abstract sealed class BufferEvent implements AutoCloseable permits SocketBufferEvent {
    /** {@code BEV_EVENT_READING}: the event happened while reading. */
    public static final int READING = 0x01;
    /** {@code BEV_EVENT_WRITING}: the event happened while writing. */
    public static final int WRITING = 0x02;
    /** {@code BEV_EVENT_EOF}: the peer closed the connection (end of stream). */
    public static final int EOF = 0x10;
    /** {@code BEV_EVENT_ERROR}: an I/O error; {@link #lastError()} has the cause. */
    public static final int ERROR = 0x20;
    /** {@code BEV_EVENT_TIMEOUT}: the read or write timeout elapsed. */
    public static final int TIMEOUT = 0x40;
    /** {@code BEV_EVENT_CONNECTED}: a connect requested with {@code connect()} finished. */
    public static final int CONNECTED = 0x80;
    /**
     * jevent's addition: {@link #closeAfterFlush()} finished: everything queued was written, the
     * connection was shut down gracefully and the BufferEvent is closed.
     */
    public static final int CLOSED = 0x100;

    /**
     * Renders event bits for messages and logs: {@code eventsToString(READING | EOF)} is
     * {@code "READING|EOF"}. Any thread.
     */
    public static String eventsToString(int events) {
        return FlagNames.join(events, EVENT_BITS, EVENT_NAMES);
    }

    private static final int[] EVENT_BITS = {READING, WRITING, EOF, ERROR, TIMEOUT, CONNECTED, CLOSED};
    private static final String[] EVENT_NAMES = {"READING", "WRITING", "EOF", "ERROR", "TIMEOUT", "CONNECTED",
        "CLOSED"};

    /** Options: libevent's {@code BEV_OPT_*}. */
    public enum Option {
        /** {@code BEV_OPT_CLOSE_ON_FREE}: {@link #close()} closes the channel too. */
        CLOSE_ON_FREE,
        /** {@code BEV_OPT_THREADSAFE}: any thread may call any method; a lock serializes them. */
        THREADSAFE,
        /**
         * {@code BEV_OPT_DEFER_CALLBACKS}: callbacks do not run inside the operation that triggered
         * them but from the loop, in the next iteration, coalesced: a CONNECTED event first, then
         * one read callback, one write callback, then the other event bits ORed together.
         */
        DEFER_CALLBACKS,
        /**
         * {@code BEV_OPT_UNLOCK_CALLBACKS}: deferred callbacks run without the lock. Needs
         * {@link #DEFER_CALLBACKS}, as in libevent.
         */
        UNLOCK_CALLBACKS
    }

    /** How hard {@link #flush} pushes: libevent's {@code enum bufferevent_flush_mode}. */
    public enum FlushMode {
        /** {@code BEV_NORMAL}: write what can be written now. */
        NORMAL,
        /** {@code BEV_FLUSH}: the same for a socket; filters pass their buffered data on. */
        FLUSH,
        /** {@code BEV_FINISHED}: write what can be written, and shut the output down once all is sent. */
        FINISHED
    }

    /** The read or write callback: libevent's {@code bufferevent_data_cb}. */
    @FunctionalInterface
    public interface DataCallback {
        /** Runs on the loop thread. */
        void onData(BufferEvent bev);
    }

    /** The event callback: libevent's {@code bufferevent_event_cb}. */
    @FunctionalInterface
    public interface EventCallback {
        /**
         * Runs on the loop thread.
         *
         * @param events a combination of {@link #READING}, {@link #WRITING}, {@link #EOF},
         *               {@link #ERROR}, {@link #TIMEOUT}, {@link #CONNECTED}, {@link #CLOSED}
         */
        void onEvent(BufferEvent bev, int events);
    }

    /** libevent's default is 16 KiB; a Java read costs more per call, so jevent reads more at once. */
    public static final int DEFAULT_MAX_SINGLE_READ = 64 * 1024;
    /** One gathering write takes what the kernel accepts, up to this much. */
    public static final int DEFAULT_MAX_SINGLE_WRITE = 1024 * 1024;

    // Suspension reasons, libevent's BEV_SUSPEND_*: reading or writing stops while any is set.
    static final int SUSPEND_WATERMARK = 0x01;
    static final int SUSPEND_LOOKUP = 0x08;

    static final EvBufferAccess BUFFERS = EvBufferAccess.get();

    final EventBase base;
    final EventLoop loop;
    final EvBuffer input = new EvBuffer();
    final EvBuffer output = new EvBuffer();
    final boolean closeOnFree;
    final boolean deferCallbacks;
    final boolean unlockCallbacks;
    /** Present with {@link Option#THREADSAFE}; guards all state and both buffers. */
    final ReentrantLock lock;

    private DataCallback readCallback;
    private DataCallback writeCallback;
    private EventCallback eventCallback;

    /** What is enabled now (libevent's {@code enabled}); EOF, errors and timeouts clear bits. */
    int enabled = Ev.WRITE;
    /** What the user last enabled; {@code reuse} restores it for a new connection. */
    int userEnabled = Ev.WRITE;
    int readSuspended;
    int writeSuspended;

    long readLow;
    long readHigh;
    long writeLow;
    long writeHigh;
    private CallbackEntry readWatermarkEntry;

    long readTimeoutNanos = -1;
    long writeTimeoutNanos = -1;
    int maxSingleRead = DEFAULT_MAX_SINGLE_READ;
    int maxSingleWrite = DEFAULT_MAX_SINGLE_WRITE;
    int priority;

    IOException lastError;
    boolean closed;

    /** Made when first needed: most BufferEvents never defer a callback. */
    private DeferredCallbacks deferred;

    BufferEvent(EventBase base, Option... options) {
        this.base = Objects.requireNonNull(base, "base");
        this.loop = Loops.of(base);
        Set<Option> set = optionSet(options);
        this.closeOnFree = set.contains(Option.CLOSE_ON_FREE);
        this.deferCallbacks = set.contains(Option.DEFER_CALLBACKS);
        this.unlockCallbacks = set.contains(Option.UNLOCK_CALLBACKS);
        if (unlockCallbacks && !deferCallbacks) {
            throw new IllegalArgumentException("UNLOCK_CALLBACKS needs DEFER_CALLBACKS, as in libevent: only"
                    + " deferred callbacks can run outside the lock");
        }
        this.lock = set.contains(Option.THREADSAFE) ? new ReentrantLock() : null;
        if (lock != null) {
            input.enableLocking(lock);
            output.enableLocking(lock);
        }
        input.freeze(false);
        output.freeze(true);
        BUFFERS.setOwnerHint(input, false, "its BufferEvent, which alone adds what it reads: "
                + "read from input() instead, or use reuse() to empty it");
        BUFFERS.setOwnerHint(output, true, "its BufferEvent, which alone removes what it has sent: "
                + "add to output() instead, or use reuse() to empty it");
        this.priority = base.priorities() / 2;
    }

    /**
     * Creates a socket BufferEvent: libevent's {@code bufferevent_socket_new}. Writing is enabled,
     * reading is not (call {@code enable(Ev.READ)}), as in libevent.
     *
     * @param channel a connected socket (made non-blocking if it is not), or null to
     *                {@linkplain SocketBufferEvent#connect connect} later
     * @throws IllegalArgumentException if the channel is closed, or for UNLOCK_CALLBACKS without
     *                                  DEFER_CALLBACKS
     */
    public static SocketBufferEvent socket(EventBase base, SocketChannel channel, Option... options) {
        return new SocketBufferEvent(base, channel, options);
    }

    // ------------------------------------------------------------------ callbacks

    /**
     * Sets the three callbacks; null means none: libevent's {@code bufferevent_setcb}. Any thread
     * allowed by the threading rule.
     */
    public void setCallbacks(DataCallback read, DataCallback write, EventCallback event) {
        lock();
        try {
            checkUsable();
            readCallback = read;
            writeCallback = write;
            eventCallback = event;
        } finally {
            unlock();
        }
    }

    /** The read callback, or null: one third of libevent's {@code bufferevent_getcb}. */
    public DataCallback readCallback() {
        return readCallback;
    }

    /** The write callback, or null. */
    public DataCallback writeCallback() {
        return writeCallback;
    }

    /** The event callback, or null. */
    public EventCallback eventCallback() {
        return eventCallback;
    }

    // ------------------------------------------------------------------ enabling

    /**
     * Enables reading and/or writing: libevent's {@code bufferevent_enable}. Enabling writing with an
     * empty output makes the write callback run once the channel is writable, as in libevent.
     *
     * @param what {@link Ev#READ} and/or {@link Ev#WRITE}
     */
    public void enable(int what) {
        checkIoFlags(what, "enable");
        lock();
        try {
            checkUsable();
            userEnabled |= what;
            enabled |= what;
            startIo(what);
        } finally {
            unlock();
        }
    }

    /** Starts the I/O of {@code what}, except a direction that is suspended (libevent's enable). */
    void startIo(int what) {
        int effective = what;
        if (readSuspended != 0) {
            effective &= ~Ev.READ;
        }
        if (writeSuspended != 0) {
            effective &= ~Ev.WRITE;
        }
        if (effective != 0) {
            enableIo(effective);
        }
    }

    /**
     * Disables reading and/or writing: libevent's {@code bufferevent_disable}. Data already in the
     * buffers stays there.
     */
    public void disable(int what) {
        checkIoFlags(what, "disable");
        lock();
        try {
            checkUsable();
            userEnabled &= ~what;
            disableInternally(what);
        } finally {
            unlock();
        }
    }

    /** What is enabled: libevent's {@code bufferevent_get_enabled}. */
    public int enabled() {
        return enabled;
    }

    void disableInternally(int what) {
        enabled &= ~what;
        disableIo(what);
    }

    // ------------------------------------------------------------------ data

    /** The input buffer: read from it, drain it. libevent's {@code bufferevent_get_input}. */
    public EvBuffer input() {
        return input;
    }

    /** The output buffer: add to it. libevent's {@code bufferevent_get_output}. */
    public EvBuffer output() {
        return output;
    }

    /** Queues bytes for writing: libevent's {@code bufferevent_write}. */
    public void write(byte[] data) {
        write(data, 0, data.length);
    }

    /** Queues {@code len} bytes of {@code data} from {@code off} for writing. */
    public void write(byte[] data, int off, int len) {
        lock();
        try {
            checkUsable();
            output.add(data, off, len);
        } finally {
            unlock();
        }
    }

    /** Queues the remaining bytes of {@code data} for writing (copied; {@code data} is consumed). */
    public void write(ByteBuffer data) {
        lock();
        try {
            checkUsable();
            output.add(data);
        } finally {
            unlock();
        }
    }

    /**
     * Moves all of {@code src} to the output, without copying: libevent's
     * {@code bufferevent_write_buffer}.
     */
    public void writeBuffer(EvBuffer src) {
        lock();
        try {
            checkUsable();
            output.addBuffer(src);
        } finally {
            unlock();
        }
    }

    /** Removes up to {@code dst.length} bytes of input into {@code dst}: {@code bufferevent_read}. */
    public int read(byte[] dst) {
        return read(dst, 0, dst.length);
    }

    /** Removes up to {@code len} bytes of input into {@code dst} from {@code off}. */
    public int read(byte[] dst, int off, int len) {
        lock();
        try {
            checkUsable();
            return input.remove(dst, off, len);
        } finally {
            unlock();
        }
    }

    /** Removes as much input as fits into {@code dst}. */
    public int read(ByteBuffer dst) {
        lock();
        try {
            checkUsable();
            return input.remove(dst);
        } finally {
            unlock();
        }
    }

    /** Moves all input to {@code dst}, without copying: libevent's {@code bufferevent_read_buffer}. */
    public void readBuffer(EvBuffer dst) {
        lock();
        try {
            checkUsable();
            dst.addBuffer(input);
        } finally {
            unlock();
        }
    }

    // ------------------------------------------------------------------ watermarks and limits

    /**
     * Sets the watermarks of one or both directions: libevent's {@code bufferevent_setwatermark}.
     * Read low: the read callback waits for this much input. Read high: reading pauses at this much
     * input (0: no limit). Write low: the write callback runs when the output drains to this. Write
     * high: unused by sockets (filters use it).
     *
     * @param what {@link Ev#READ} and/or {@link Ev#WRITE}
     * @throws IllegalArgumentException for a negative watermark, or a low above a non-zero high
     */
    public void setWatermark(int what, long low, long high) {
        checkIoFlags(what, "setWatermark");
        if (low < 0 || high < 0) {
            throw new IllegalArgumentException("watermarks cannot be negative: low " + low + ", high " + high
                    + "; use 0 for \"no watermark\"");
        }
        if (high != 0 && low > high) {
            throw new IllegalArgumentException("low watermark " + low + " is above high watermark " + high
                    + ": the read callback would never run");
        }
        lock();
        try {
            checkUsable();
            if ((what & Ev.WRITE) != 0) {
                writeLow = low;
                writeHigh = high;
            }
            if ((what & Ev.READ) != 0) {
                readLow = low;
                readHigh = high;
                applyReadHighWatermark();
            }
        } finally {
            unlock();
        }
    }

    /** The low watermark of {@link Ev#READ} or {@link Ev#WRITE}: half of {@code bufferevent_getwatermark}. */
    public long lowWatermark(int what) {
        return watermark(what, true);
    }

    /** The high watermark of {@link Ev#READ} or {@link Ev#WRITE}. */
    public long highWatermark(int what) {
        return watermark(what, false);
    }

    private long watermark(int what, boolean low) {
        if (what == Ev.READ) {
            return low ? readLow : readHigh;
        }
        if (what == Ev.WRITE) {
            return low ? writeLow : writeHigh;
        }
        throw new IllegalArgumentException("ask for one direction, Ev.READ or Ev.WRITE, not " + Ev.toString(what));
    }

    private void applyReadHighWatermark() {
        if (readHigh != 0) {
            if (readWatermarkEntry == null) {
                // Immediate even when callbacks are deferred: reading must stop before the next read.
                readWatermarkEntry = BUFFERS.addImmediateCallback(input, (buf, orig, added, deleted) -> {
                    if (buf.length() >= readHigh) {
                        suspendRead(SUSPEND_WATERMARK);
                    } else {
                        unsuspendRead(SUSPEND_WATERMARK);
                    }
                });
            }
            readWatermarkEntry.enable();
            if (input.length() >= readHigh) {
                suspendRead(SUSPEND_WATERMARK);
            } else {
                unsuspendRead(SUSPEND_WATERMARK);
            }
        } else {
            if (readWatermarkEntry != null) {
                readWatermarkEntry.disable();
            }
            unsuspendRead(SUSPEND_WATERMARK);
        }
    }

    /** Caps one read: libevent's {@code bufferevent_set_max_single_read}. Default 64 KiB. */
    public void setMaxSingleRead(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("max single read must be at least 1 byte: " + bytes);
        }
        maxSingleRead = bytes;
    }

    /** Caps one write: libevent's {@code bufferevent_set_max_single_write}. Default 1 MiB. */
    public void setMaxSingleWrite(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("max single write must be at least 1 byte: " + bytes);
        }
        maxSingleWrite = bytes;
    }

    /** libevent's {@code bufferevent_get_max_single_read}. */
    public int maxSingleRead() {
        return maxSingleRead;
    }

    /** libevent's {@code bufferevent_get_max_single_write}. */
    public int maxSingleWrite() {
        return maxSingleWrite;
    }

    void suspendRead(int reason) {
        if (readSuspended == 0) {
            disableIo(Ev.READ);
        }
        readSuspended |= reason;
    }

    void unsuspendRead(int reason) {
        readSuspended &= ~reason;
        if (readSuspended == 0 && (enabled & Ev.READ) != 0) {
            enableIo(Ev.READ);
        }
    }

    void suspendWrite(int reason) {
        if (writeSuspended == 0) {
            disableIo(Ev.WRITE);
        }
        writeSuspended |= reason;
    }

    void unsuspendWrite(int reason) {
        writeSuspended &= ~reason;
        if (writeSuspended == 0 && (enabled & Ev.WRITE) != 0) {
            enableIo(Ev.WRITE);
        }
    }

    // ------------------------------------------------------------------ timeouts, priority, flush

    /**
     * Sets the read and write timeouts; null for none: libevent's {@code bufferevent_set_timeouts}.
     * A timeout counts only while its direction is enabled and waiting for I/O (reading: always
     * while enabled and not paused by the watermark; writing: while output is waiting for the
     * channel, or a connect is in progress) and restarts at each successful read or write. When it
     * elapses, that direction is disabled and the event callback gets {@code READING|TIMEOUT} or
     * {@code WRITING|TIMEOUT}.
     */
    public void setTimeouts(Duration read, Duration write) {
        long r = Durations.nanosOrNone(read, "read timeout");
        long w = Durations.nanosOrNone(write, "write timeout");
        lock();
        try {
            checkUsable();
            readTimeoutNanos = r;
            writeTimeoutNanos = w;
            adjustTimeouts();
        } finally {
            unlock();
        }
    }

    /** Sets the priority of the BufferEvent's events: libevent's {@code bufferevent_priority_set}. */
    public void setPriority(int priority) {
        lock();
        try {
            checkUsable();
            applyPriority(priority);
            this.priority = priority;
        } finally {
            unlock();
        }
    }

    /** libevent's {@code bufferevent_get_priority}. */
    public int priority() {
        return priority;
    }

    /**
     * Pushes buffered data now: libevent's {@code bufferevent_flush}.
     *
     * @param what {@link Ev#WRITE} (a socket has nothing to flush for {@link Ev#READ})
     * @return true if any bytes were written
     */
    public boolean flush(int what, FlushMode mode) {
        checkIoFlags(what, "flush");
        Objects.requireNonNull(mode, "mode");
        lock();
        try {
            checkUsable();
            return flushIo(what, mode);
        } finally {
            unlock();
        }
    }

    /**
     * Runs the read and/or write callback as if data had arrived or drained: libevent's
     * {@code bufferevent_trigger}. Watermarks apply unless {@code ignoreWatermarks}.
     */
    public void trigger(int what, boolean ignoreWatermarks, boolean deferred) {
        checkIoFlags(what, "trigger");
        lock();
        try {
            checkUsable();
            if ((what & Ev.READ) != 0 && (ignoreWatermarks || input.length() >= readLow)) {
                runRead(deferred);
            }
            if ((what & Ev.WRITE) != 0 && (ignoreWatermarks || output.length() <= writeLow)) {
                runWrite(deferred);
            }
        } finally {
            unlock();
        }
    }

    /** Runs the event callback with {@code events}: libevent's {@code bufferevent_trigger_event}. */
    public void triggerEvent(int events, boolean deferred) {
        lock();
        try {
            checkUsable();
            runEvent(events, deferred);
        } finally {
            unlock();
        }
    }

    // ------------------------------------------------------------------ state

    /** The base: libevent's {@code bufferevent_get_base}. */
    public EventBase base() {
        return base;
    }

    /** The options this BufferEvent was created with. */
    public Set<Option> options() {
        Set<Option> set = EnumSet.noneOf(Option.class);
        if (closeOnFree) {
            set.add(Option.CLOSE_ON_FREE);
        }
        if (lock != null) {
            set.add(Option.THREADSAFE);
        }
        if (deferCallbacks) {
            set.add(Option.DEFER_CALLBACKS);
        }
        if (unlockCallbacks) {
            set.add(Option.UNLOCK_CALLBACKS);
        }
        return set;
    }

    /**
     * The cause of the last {@link #ERROR} event, or null: the Java form of libevent's
     * {@code EVUTIL_SOCKET_ERROR()} in the event callback (and of
     * {@code bufferevent_socket_get_dns_error} for a name that does not resolve).
     */
    public IOException lastError() {
        return lastError;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Takes the BufferEvent's lock, for grouping calls from several threads: libevent's
     * {@code bufferevent_lock}. Does nothing without {@link Option#THREADSAFE}.
     */
    public void lock() {
        if (lock != null) {
            lock.lock();
        } else if (!loop.inLoopThread() && loopRunsElsewhere()) {
            throw new IllegalStateException("this BufferEvent belongs to the loop thread of its base, which is"
                    + " running; call it from a callback or base.execute(...), or create it with"
                    + " BufferEvent.Option.THREADSAFE");
        }
    }

    /** Releases the lock taken by {@link #lock()}: libevent's {@code bufferevent_unlock}. */
    public void unlock() {
        if (lock != null) {
            lock.unlock();
        }
    }

    private boolean loopRunsElsewhere() {
        return loop.isRunning();
    }

    /**
     * Frees the BufferEvent: libevent's {@code bufferevent_free}. Its events stop, pending callbacks
     * are dropped, unsent output is discarded (see {@link #closeAfterFlush()}), both buffers are
     * released, and with {@link Option#CLOSE_ON_FREE} the channel is closed. Closing twice does
     * nothing.
     */
    @Override
    public void close() {
        lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            readCallback = null;
            writeCallback = null;
            eventCallback = null;
        } finally {
            unlock();
        }
        // Without the lock: from another thread, freeing an event waits for its running callback,
        // which takes the lock, sees the BufferEvent closed and returns.
        if (deferred != null) {
            deferred.free();
        }
        closeIo();
        input.close();
        output.close();
    }

    /**
     * Stops reading, writes everything queued, shuts the connection down gracefully and closes the
     * BufferEvent (jevent's addition: libevent users do this by hand in the write callback). The
     * event callback then gets {@link #CLOSED}, or {@code WRITING|ERROR} if the data could not be
     * sent (the BufferEvent is closed either way). Input that arrives meanwhile is discarded.
     */
    public void closeAfterFlush() {
        lock();
        try {
            if (closed) {
                return;
            }
            startClosingAfterFlush();
        } finally {
            unlock();
        }
    }

    // ------------------------------------------------------------------ running callbacks

    /** libevent's {@code bufferevent_run_readcb_}. */
    void runRead(boolean defer) {
        if (readCallback == null) {
            return;
        }
        if (defer || deferCallbacks) {
            deferred().read();
        } else {
            readCallback.onData(this);
        }
    }

    /** libevent's {@code bufferevent_run_writecb_}. */
    void runWrite(boolean defer) {
        if (writeCallback == null) {
            return;
        }
        if (defer || deferCallbacks) {
            deferred().write();
        } else {
            writeCallback.onData(this);
        }
    }

    /** libevent's {@code bufferevent_run_eventcb_}. */
    void runEvent(int events, boolean defer) {
        if (eventCallback == null) {
            return;
        }
        if (defer || deferCallbacks) {
            deferred().event(events);
        } else {
            eventCallback.onEvent(this, events);
        }
    }

    /** The read callback if the input reached the read low watermark (libevent's trigger). */
    void triggerRead() {
        if (input.length() >= readLow) {
            runRead(false);
        }
    }

    /** The write callback if the output drained to the write low watermark. */
    void triggerWrite() {
        if (output.length() <= writeLow) {
            runWrite(false);
        }
    }

    private DeferredCallbacks deferred() {
        DeferredCallbacks d = deferred;
        return d != null ? d : (deferred = new DeferredCallbacks(this));
    }

    /** Forgets callbacks scheduled for a connection that is gone. */
    void dropPendingCallbacks() {
        if (deferred != null) {
            deferred.drop();
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

    private static Set<Option> optionSet(Option[] options) {
        Set<Option> set = EnumSet.noneOf(Option.class);
        for (Option o : options) {
            set.add(Objects.requireNonNull(o, "option"));
        }
        return set;
    }

    // ------------------------------------------------------------------ what each variant does

    /** Starts the I/O of {@code what} (libevent's {@code be_ops->enable}). */
    abstract void enableIo(int what);

    /** Stops the I/O of {@code what} (libevent's {@code be_ops->disable}). */
    abstract void disableIo(int what);

    /** Applies changed timeouts to pending I/O (libevent's {@code be_ops->adj_timeouts}). */
    abstract void adjustTimeouts();

    /** Moves the variant's events to another priority. */
    abstract void applyPriority(int priority);

    /** libevent's {@code be_ops->flush}. */
    abstract boolean flushIo(int what, FlushMode mode);

    /** Begins {@link #closeAfterFlush()}. */
    abstract void startClosingAfterFlush();

    /** Stops all I/O and releases the channel if owned (libevent's {@code be_ops->destruct}). */
    abstract void closeIo();
}
