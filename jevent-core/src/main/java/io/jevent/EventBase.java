package io.jevent;

import io.jevent.internal.Durations;
import io.jevent.internal.EventLoop;
import io.jevent.internal.LoopCallback;
import io.jevent.internal.LoopConfig;
import io.jevent.internal.Loops;
import io.jevent.internal.Watching;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * An event loop: libevent's {@code struct event_base}. It waits for I/O readiness on channels, for
 * timeouts and for signals, and runs the callbacks of the events that became active, one at a time,
 * on the thread that called {@link #dispatch()} or {@link #loop(int)}.
 *
 * <pre>{@code
 * try (EventBase base = new EventBase()) {
 *     Event tick = base.newEvent(null, Ev.PERSIST, (ev, what) -> System.out.println("tick"));
 *     tick.add(Duration.ofSeconds(1));
 *     Event stop = base.newSignal("INT", (ev, what) -> base.loopExit());
 *     stop.add();
 *     base.dispatch();
 * }
 * }</pre>
 *
 * <p><b>Loop iteration</b>, as libevent's {@code event_base_loop}: compute how long to wait (zero if
 * callbacks are active, else until the next timeout); exit with {@link LoopResult#NO_EVENTS} if no
 * event is pending or active; poll for I/O; activate the events whose timeout passed; run the active
 * callbacks of the most urgent non-empty priority only; repeat. So every callback of a more urgent
 * priority runs before any less urgent one, and a busy urgent priority can starve the others.
 *
 * <p><b>Threads:</b> one thread at a time runs the loop. {@link #loopExit}, {@link #loopBreak},
 * {@link #loopContinue}, {@link #execute}, {@link #once}, {@link #close} and the factory methods may
 * be called from any thread, as may the event operations (see {@link Event}); calls from another
 * thread wake the loop only if it sleeps, and several calls cause one wake-up. There is no global
 * lock: the loop thread changes its state alone, other threads hand it work.
 *
 * <p><b>Ownership:</b> the base owns its events, not their channels. {@link #close()} frees every
 * event (pending ones are dropped without running) and leaves every channel open.
 */
public final class EventBase implements AutoCloseable, Executor {
    /** {@code EVLOOP_ONCE}: wait until some events are active, run them, return. */
    public static final int LOOP_ONCE = EventLoop.LOOP_ONCE;
    /** {@code EVLOOP_NONBLOCK}: do not wait; run what is ready now, return. */
    public static final int LOOP_NONBLOCK = EventLoop.LOOP_NONBLOCK;
    /** {@code EVLOOP_NO_EXIT_ON_EMPTY}: keep running with no events, until asked to stop. */
    public static final int LOOP_NO_EXIT_ON_EMPTY = EventLoop.LOOP_NO_EXIT_ON_EMPTY;

    /** {@code EVENT_BASE_COUNT_ACTIVE}: events whose callback waits to run. */
    public static final int COUNT_ACTIVE = EventLoop.COUNT_ACTIVE;
    /** {@code EVENT_BASE_COUNT_VIRTUAL}: conditions that keep the loop running without an event. */
    public static final int COUNT_VIRTUAL = EventLoop.COUNT_VIRTUAL;
    /** {@code EVENT_BASE_COUNT_ADDED}: pending events (each counted once). */
    public static final int COUNT_ADDED = EventLoop.COUNT_ADDED;

    static {
        Loops.setAccessor(base -> ((EventBase) base).loop);
    }

    private final EventLoop loop;
    /** The backend the loop runs: never AUTO. */
    private final BackendKind backend;
    /** The registered MXBean, or null; guarded by this. */
    private LoopMBean mbean;

    /**
     * A base with one priority and the system clock: libevent's {@code event_base_new}. Its backend
     * is the one the system property {@code jevent.backend} names, else {@link BackendKind#AUTO}.
     *
     * @throws IllegalArgumentException      if {@code jevent.backend} names no backend
     * @throws UnsupportedOperationException if {@code jevent.backend} names a backend this version
     *                                       does not have (see {@link BackendKind})
     */
    public EventBase() {
        this(new Builder());
    }

    private EventBase(Builder b) {
        this.backend = b.resolveBackend();
        b.checkFeatures(backend);
        this.loop = new EventLoop(b.config(backend.methodName()));
    }

    /**
     * Configures a base: libevent's {@code event_config}.
     *
     * @return a builder with libevent's defaults: one priority, cached time, the system clock
     */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ running

    /**
     * Runs until no events are left or the loop is asked to stop: libevent's
     * {@code event_base_dispatch}, the same as {@code loop(0)}.
     *
     * <p>An exception thrown by a callback does not end the loop: it is logged through
     * {@code System.getLogger("io.jevent")} at ERROR, with the event and the stack (at most 10 per
     * 10 s, then a count), and the loop goes on with the next callback; the event or BufferEvent
     * whose callback threw is left as the callback left it. The builder can send such exceptions to
     * a {@linkplain Builder#callbackErrorHandler handler} instead, or
     * {@linkplain Builder#rethrowCallbackErrors() rethrow} them. {@link Error}s always end the loop.
     *
     * @return why the loop returned: {@link LoopResult#EXITED} after {@link #loopExit} or
     *         {@link #loopBreak}, {@link LoopResult#NO_EVENTS} when nothing was left,
     *         {@link LoopResult#ERROR} when the backend failed
     * @throws IllegalStateException if a loop already runs on this base, or the base is closed
     * @throws RuntimeException      whatever a callback threw, only if the builder chose
     *                               {@link Builder#rethrowCallbackErrors()} (or the handler
     *                               rethrew); the base stays usable
     */
    public LoopResult dispatch() {
        return loop(0);
    }

    /**
     * Runs the loop: libevent's {@code event_base_loop}. Resets {@link #gotExit()} and
     * {@link #gotBreak()}. If the loop thread is interrupted, the loop stops as after
     * {@link #loopBreak()} and the thread stays interrupted, so that executors and test timeouts can
     * stop a loop.
     *
     * @param flags 0, or a combination of {@link #LOOP_ONCE}, {@link #LOOP_NONBLOCK},
     *              {@link #LOOP_NO_EXIT_ON_EMPTY}
     * @return why it returned
     * @throws IllegalStateException as {@link #dispatch()}
     */
    public LoopResult loop(int flags) {
        int r = loop.run(flags);
        return r == EventLoop.EXITED ? LoopResult.EXITED
                : r == EventLoop.NO_EVENTS ? LoopResult.NO_EVENTS : LoopResult.ERROR;
    }

    /**
     * The failure behind the last {@link LoopResult#ERROR}, or null. Any thread.
     *
     * @return the exception the backend threw in the loop that ended with
     *         {@link LoopResult#ERROR}, or null if the last loop did not end that way
     */
    public IOException loopError() {
        return loop.lastError();
    }

    /**
     * Stops the loop once the callbacks that are active now have run: libevent's
     * {@code event_base_loopexit(base, NULL)}. If no loop runs, the next one stops after its first
     * round. Any thread.
     */
    public void loopExit() {
        loop.loopExit(-1);
    }

    /**
     * Stops the loop after {@code delay}, once that round's active callbacks have run: libevent's
     * {@code event_base_loopexit(base, tv)}. Any thread.
     *
     * @param delay how long from now; {@link Duration#ZERO} for the next round
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public void loopExit(Duration delay) {
        loop.loopExit(Durations.nanos(delay, "delay"));
    }

    /**
     * Stops the loop right after the running callback; other active callbacks wait for the next
     * run: libevent's {@code event_base_loopbreak}. Has no effect when no loop runs. Any thread.
     */
    public void loopBreak() {
        loop.loopBreak();
    }

    /**
     * After the running callback, polls for new events before running more callbacks: libevent's
     * {@code event_base_loopcontinue}. Any thread.
     */
    public void loopContinue() {
        loop.loopContinue();
    }

    /**
     * Whether the last loop stopped because of {@link #loopExit}: {@code event_base_got_exit}.
     *
     * @return true if {@link #loopExit} ended the last loop; reset when a loop starts
     */
    public boolean gotExit() {
        return loop.gotExit();
    }

    /**
     * Whether the last loop stopped because of {@link #loopBreak}: {@code event_base_got_break}.
     *
     * @return true if {@link #loopBreak} ended the last loop; reset when a loop starts
     */
    public boolean gotBreak() {
        return loop.gotBreak();
    }

    /**
     * Whether the calling thread is running this base's loop right now. Any thread.
     *
     * @return true on the loop thread while {@link #loop} runs; false on any other thread, or when no
     *         loop runs
     */
    public boolean inLoopThread() {
        return loop.inLoopThread();
    }

    /**
     * Runs {@code task} on the loop thread, after the callbacks of the current round; the tasks of
     * one thread run in the order it submitted them, across any number of loop runs (jevent's
     * addition; libevent users write {@code event_base_once} with a zero timeout). If no loop runs,
     * the task waits for the next one. An accepted task always runs: tasks still waiting when the
     * base is closed run before {@link #close()} frees it, on the closing thread when no loop runs.
     * Any thread.
     *
     * @throws java.util.concurrent.RejectedExecutionException if the base is closed
     */
    @Override
    public void execute(Runnable task) {
        loop.execute(task);
    }

    // ------------------------------------------------------------------ events

    /**
     * Creates an event: libevent's {@code event_new}. The event is not pending until
     * {@link Event#add()}.
     *
     * @param channel  the channel to watch, in non-blocking mode by the time the event is added; null
     *                 for a timer or a user event
     * @param what     {@link Ev#READ} and/or {@link Ev#WRITE} (for a channel), optionally with
     *                 {@link Ev#PERSIST}; 0 or {@link Ev#PERSIST} alone for a timer
     * @param callback what to run; see {@link EventCallback}
     * @return the new event, not yet pending
     * @throws UnsupportedOperationException for {@link Ev#ET} or {@link Ev#CLOSED}
     * @throws IllegalArgumentException      for READ/WRITE without a channel, or one the channel
     *                                       cannot do, or {@link Ev#SIGNAL}
     * @throws IllegalStateException         if the base is closed
     */
    public Event newEvent(SelectableChannel channel, int what, EventCallback callback) {
        Objects.requireNonNull(callback, "callback");
        return Event.of(this, loop.newEvent(channel, what, adapt(callback)));
    }

    /**
     * Creates a timer: libevent's {@code evtimer_new}, the same as {@code newEvent(null, 0, cb)}.
     * Add it with a timeout; or never add it and {@linkplain Event#activate activate} it, which
     * makes it a "user event".
     *
     * @param callback what to run when the timer fires or is activated
     * @return the new timer, not yet pending
     */
    public Event newTimer(EventCallback callback) {
        return newEvent(null, 0, callback);
    }

    /**
     * Creates a signal event: libevent's {@code evsignal_new}. It is {@link Ev#PERSIST}; its callback
     * runs on the loop thread once per delivery of the signal, with {@link Ev#SIGNAL}. While at least
     * one event watches a signal, the JVM's own handler for it (for INT and TERM: shutdown) is
     * replaced; it comes back when the last one is deleted.
     *
     * @param name     a POSIX signal name such as {@code "INT"}, {@code "TERM"}, {@code "HUP"},
     *                 {@code "USR1"}; a {@code "SIG"} prefix and lower case are accepted
     * @param callback what to run for each delivery
     * @return the event, not yet pending
     * @throws IllegalArgumentException if the JVM does not know the signal or keeps it for itself
     *                                  (QUIT, KILL, SEGV, ...): the message lists the names this
     *                                  JVM allows. Only a JVM run with {@code -Xrs}, which also
     *                                  keeps HUP, INT and TERM, refuses those later, at
     *                                  {@link Event#add()}
     */
    public Event newSignal(String name, EventCallback callback) {
        Objects.requireNonNull(callback, "callback");
        return Event.of(this, loop.newSignal(name, adapt(callback)));
    }

    /**
     * Runs {@code callback} once, when the channel is ready for {@code what} or the timeout passes,
     * then frees the event: libevent's {@code event_base_once}. Pending once-events are dropped when
     * the base is closed. Any thread.
     *
     * @param channel  the channel, or null for a pure timeout
     * @param what     {@link Ev#READ} and/or {@link Ev#WRITE}, or {@link Ev#TIMEOUT} alone; not
     *                 {@link Ev#PERSIST} or {@link Ev#SIGNAL}
     * @param timeout  how long to wait, or null for no timeout (for {@link Ev#TIMEOUT} alone, null or
     *                 zero runs the callback in the next round, in call order)
     * @param callback what to run, once, on the loop thread
     */
    public void once(SelectableChannel channel, int what, Duration timeout, EventCallback callback) {
        Objects.requireNonNull(callback, "callback");
        long nanos = Durations.nanosOrNone(timeout, "timeout");
        loop.once(channel, what, nanos, adapt(callback));
    }

    /**
     * The engine's callback for a user's: it hands over the event's public handle, and names the
     * user's callback as its owner, for the slow-callback flight event.
     */
    private LoopCallback adapt(EventCallback callback) {
        return new LoopCallback() {
            @Override
            public void onEvent(io.jevent.internal.LoopEvent ev, int res) {
                callback.onEvent(Event.of(EventBase.this, ev), res);
            }

            @Override
            public Object owner() {
                return callback;
            }
        };
    }

    /**
     * The name of the backend the loop waits with: libevent's {@code event_base_get_method}. Any
     * thread.
     *
     * @return {@code "nio"}, {@code "epoll"} or {@code "io_uring"} (see {@link BackendKind})
     */
    public String backendName() {
        return backend.methodName();
    }

    /**
     * Whether the backend reads and writes for this base's connected socket BufferEvents
     * ({@link Builder#completionIo}, asked for and possible here). Any thread.
     *
     * @return true on io_uring with completion I/O asked for and supported by the kernel
     */
    public boolean completesIo() {
        return loop.completesIo();
    }

    /**
     * What this base's backend can do: libevent's {@code event_base_get_features}. Any thread.
     *
     * @return an unmodifiable set: {@link BackendFeature#O1} everywhere, {@link BackendFeature#ET}
     *         and {@link BackendFeature#EARLY_CLOSE} on epoll and io_uring
     */
    public Set<BackendFeature> features() {
        return backend.features();
    }

    /**
     * How many priorities this base has: libevent's {@code event_base_get_npriorities}.
     *
     * @return the number of active queues, set by {@link Builder#priorities}; at least 1
     */
    public int priorities() {
        return loop.priorities();
    }

    // ------------------------------------------------------------------ time

    /**
     * The loop's notion of now, in nanoseconds: the time cached at this iteration's poll while a
     * callback runs, else the clock: libevent's {@code event_base_gettimeofday_cached}. The clock is
     * {@link System#nanoTime()} (or the {@link ManualClock}), so only differences mean anything.
     * Any thread.
     *
     * @return the time in nanoseconds, comparable only with other values from this base
     */
    public long now() {
        return loop.now();
    }

    /**
     * Refreshes the cached time, for a callback that ran long: libevent's
     * {@code event_base_update_cache_time}. Does nothing when no loop runs. Any thread.
     */
    public void updateCachedTime() {
        loop.updateCachedTime();
    }

    // ------------------------------------------------------------------ introspection

    /**
     * Visits every pending or active event once: libevent's {@code event_base_foreach_event}. The
     * visitor runs on the loop thread (or on the caller's, when no loop runs); it must not add or
     * delete events. Any thread; from another thread it waits for the loop.
     *
     * @param visitor runs once for each event
     */
    public void forEachEvent(Consumer<Event> visitor) {
        Objects.requireNonNull(visitor, "visitor");
        List<Event> events = new ArrayList<>();
        loop.inspect(() -> loop.forEachEvent(ev -> events.add(Event.of(this, ev))));
        events.forEach(visitor);
    }

    /**
     * Writes every inserted and every active event, one per line: libevent's
     * {@code event_base_dump_events}. Any thread.
     *
     * @param out where the text goes
     * @throws UncheckedIOException if {@code out} throws an {@link IOException}
     */
    public void dump(Appendable out) {
        Objects.requireNonNull(out, "out");
        StringBuilder sb = new StringBuilder();
        loop.inspect(() -> {
            sb.append("Inserted events:\n");
            loop.forEachEvent(ev -> {
                if (ev.isPending()) {
                    sb.append("  ").append(ev.toString()).append('\n');
                }
            });
            sb.append("Active events:\n");
            loop.forEachEvent(ev -> {
                if (ev.isActive()) {
                    sb.append("  ").append(ev.toString()).append('\n');
                }
            });
        });
        try {
            out.append(sb);
        } catch (IOException e) {
            throw new UncheckedIOException("dump() could not write", e);
        }
    }

    /**
     * Counts events: libevent's {@code event_base_get_num_events}. Unlike libevent, an event that is
     * both added and active counts once in each of the two numbers, never twice in one. Any thread
     * (the answer may be stale).
     *
     * @param which a combination of {@link #COUNT_ACTIVE}, {@link #COUNT_VIRTUAL}, {@link #COUNT_ADDED}
     * @return how many events are in the states asked for, added up
     */
    public int eventCount(int which) {
        return loop.eventCount(which);
    }

    /**
     * The highest counts seen: libevent's {@code event_base_get_max_events}.
     *
     * @param which a combination of {@link #COUNT_ACTIVE}, {@link #COUNT_VIRTUAL}, {@link #COUNT_ADDED}
     * @param clear whether to reset the maxima to zero afterwards
     * @return the sum of the highest counts seen in the states asked for, since the base was created
     *         or the maxima were last cleared
     */
    public int maxEventCount(int which, boolean clear) {
        return loop.maxEventCount(which, clear);
    }

    /**
     * What the loop has done so far: iterations, callbacks, active events per iteration, registered
     * events and timers, and (with {@link Builder#collectTimings(boolean) collectTimings(true)}) time
     * in callbacks, time waiting and loop lag. jevent's addition. Any thread: reading takes no lock
     * and does not wait for the loop.
     *
     * @return a snapshot of the loop's counters
     */
    public LoopMetrics metrics() {
        return new LoopMetrics(loop);
    }

    /**
     * Publishes {@link #metrics()} over JMX, as the {@link EventBaseMXBean}
     * {@code io.jevent:type=EventBase,name=<name>} on the platform MBean server (jconsole,
     * VisualVM and {@code jcmd} see it). The bean is unregistered when the base closes. jevent's
     * addition. Any thread.
     *
     * @param name the value of the {@code name} key, unique among the bases of the JVM
     * @return the object name the bean was registered under, as text
     * @throws IllegalArgumentException if {@code name} is not a valid JMX value (quote it with
     *                                  {@code ObjectName.quote})
     * @throws IllegalStateException    if this base is closed or already registered, or another bean
     *                                  has that name
     */
    public String registerMBean(String name) {
        Objects.requireNonNull(name, "name");
        synchronized (this) {
            if (loop.isClosed()) {
                throw new IllegalStateException("this EventBase is closed; register the MBean of an open one");
            }
            if (mbean != null) {
                throw new IllegalStateException("this EventBase is already registered as " + mbean.name()
                        + "; register it once");
            }
            mbean = LoopMBean.register(loop, name);
            return mbean.name().toString();
        }
    }

    /**
     * The event whose callback is running: libevent's {@code event_base_get_running_event}. Null
     * outside a callback and on any thread but the loop's.
     *
     * @return the event being run, or null
     */
    public Event runningEvent() {
        var ev = loop.runningEvent();
        return ev == null ? null : Event.of(this, ev);
    }

    /**
     * Activates the events that watch {@code channel} for {@code what}, as if it were ready:
     * libevent's {@code event_base_active_by_fd}. With {@link Ev#TIMEOUT}, activates instead every
     * event on that channel that has a timeout pending. Any thread.
     *
     * @param channel the channel whose events to activate
     * @param what    {@link Ev#READ} and/or {@link Ev#WRITE}, or {@link Ev#TIMEOUT}
     */
    public void activateByChannel(SelectableChannel channel, int what) {
        Objects.requireNonNull(channel, "channel");
        loop.inspect(() -> loop.activateByChannel(channel, what));
    }

    // ------------------------------------------------------------------ closing

    /**
     * Frees the base: libevent's {@code event_base_free}. Pending events are dropped without running
     * and become unusable; tasks accepted by {@link #execute} run first; channels are not closed (the
     * base never owns them); signal handlers are restored. From a callback, the loop stops after it
     * and frees the base before {@code loop()} returns; from another thread while the loop runs,
     * this waits for that. Closing again does nothing, and from another thread returns once the
     * base is freed. Any thread.
     */
    @Override
    public void close() {
        loop.close();
        LoopMBean registered;
        synchronized (this) {
            registered = mbean;
            mbean = null;
        }
        if (registered != null) {
            registered.unregister();
        }
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once the base is closed
     */
    public boolean isClosed() {
        return loop.isClosed();
    }

    @Override
    public String toString() {
        return "EventBase[" + loop.priorities() + " priorities, " + loop.eventCount(COUNT_ADDED)
                + " added, " + loop.eventCount(COUNT_ACTIVE) + " active" + (isClosed() ? ", closed]" : "]");
    }

    /** The system property that turns {@link Builder#completionIo} on for bases whose builder does not say. */
    public static final String COMPLETION_IO_PROPERTY = "jevent.completionIo";

    /**
     * Configures an {@link EventBase}: libevent's {@code event_config} and the settings of
     * {@code event_base_priority_init}. Not thread-safe; build on one thread.
     */
    public static final class Builder {
        private int priorities = 1;
        private long maxDispatchNanos = -1;
        private int maxCallbacks = Integer.MAX_VALUE;
        private int limitFromPriority = 1;
        private boolean cacheTime = true;
        private ManualClock clock;
        private Consumer<? super RuntimeException> errorHandler;
        private boolean rethrow;
        private Watching watching = Watching.DEFAULT;
        private BackendKind backend;
        private EnumSet<BackendFeature> requiredFeatures = EnumSet.noneOf(BackendFeature.class);
        private Boolean completionIo;

        private Builder() {
        }

        /**
         * Lets the backend read and write for the base's socket BufferEvents where it can, instead of
         * telling them when their sockets are ready: on {@link BackendKind#IO_URING} (Linux 6.0+), a
         * connected socket's BufferEvent then receives through a multishot receive into the ring's
         * buffers and sends through the ring, with no {@code read} or {@code write} system call of
         * its own, every request of one loop iteration going to the kernel in one
         * {@code io_uring_enter}. libevent's counterpart is {@code EVENT_BASE_FLAG_STARTUP_IOCP},
         * which makes its socket bufferevents the completion-based ones of Windows.
         *
         * <p>The callbacks, their order and their flags stay those of libevent; what changes is
         * when: a read callback runs in the iteration after the kernel received the data, a write
         * callback once the kernel has taken the bytes, and {@link
         * io.jevent.bufferevent.BufferEvent#flush} called from another thread than the loop's
         * writes from the loop, not at once. Programs that count loop iterations (as libevent's
         * regression tests do) see the difference; others do not. Where the backend cannot do it
         * (NIO, epoll, a kernel before 6.0), or for a BufferEvent whose socket connects after it
         * was made, sockets are read and written on readiness as without this call. See {@link
         * EventBase#completesIo()}.
         *
         * <p>Without this call, the system property {@code jevent.completionIo} ({@code true} or
         * {@code false}) decides, else it is off. Not thread-safe, as the builder.
         *
         * @param on whether to let the backend do the reads and writes
         * @return this builder
         */
        public Builder completionIo(boolean on) {
            this.completionIo = on;
            return this;
        }

        private boolean resolveCompletionIo() {
            return completionIo != null ? completionIo : Boolean.getBoolean(COMPLETION_IO_PROPERTY);
        }

        /**
         * The backend the loop waits for I/O with: libevent's {@code event_config_avoid_method} and
         * {@code event_config_require_features}, said the other way round. Without this call, the
         * system property {@code jevent.backend} chooses, else {@link BackendKind#AUTO}, which
         * picks io_uring, else epoll, else NIO, whichever can run first.
         *
         * @param backend the backend to use
         * @return this builder
         * @throws UnsupportedOperationException for a backend that cannot run in this JVM
         *                                       ({@link BackendKind#EPOLL} or
         *                                       {@link BackendKind#IO_URING} before JDK 22 or without
         *                                       their flag; io_uring on a kernel that refuses it):
         *                                       the message says why
         */
        public Builder backend(BackendKind backend) {
            Objects.requireNonNull(backend, "backend");
            backend.resolve("EventBase.Builder.backend(" + backend + ")");
            this.backend = backend;
            return this;
        }

        private BackendKind resolveBackend() {
            return BackendKind.choose(backend);
        }

        /**
         * Refuses to build a base whose backend lacks one of {@code features}: libevent's
         * {@code event_config_require_features}. libevent then skips methods without them; jevent
         * names the backend instead (see {@link #backend}), and this call makes sure the one that
         * runs, whether chosen here, by {@code jevent.backend} or by AUTO, can do what the program
         * relies on, for example {@link Ev#ET}. Not thread-safe, as the builder.
         *
         * @param features what the backend must have; none to require nothing
         * @return this builder
         * @see EventBase#features()
         */
        public Builder requireFeatures(BackendFeature... features) {
            Objects.requireNonNull(features, "features");
            EnumSet<BackendFeature> wanted = EnumSet.noneOf(BackendFeature.class);
            for (BackendFeature f : features) {
                wanted.add(Objects.requireNonNull(f, "feature"));
            }
            this.requiredFeatures = wanted;
            return this;
        }

        void checkFeatures(BackendKind running) {
            EnumSet<BackendFeature> missing = EnumSet.copyOf(requiredFeatures);
            missing.removeAll(running.features());
            if (!missing.isEmpty()) {
                throw new UnsupportedOperationException("the " + running.methodName() + " backend lacks "
                        + missing + ", which requireFeatures asked for; epoll and io_uring have ET and"
                        + " EARLY_CLOSE (JDK 22+ on Linux: see BackendKind), no backend has FDS");
            }
        }

        /**
         * The number of priorities: libevent's {@code event_base_priority_init}. Priority 0 is the
         * most urgent; new events get {@code n / 2}.
         *
         * @param n 1 to 255
         * @return this builder
         */
        public Builder priorities(int n) {
            if (n < 1 || n > 255) {
                throw new IllegalArgumentException("priorities must be 1..255, as in libevent: " + n);
            }
            this.priorities = n;
            return this;
        }

        /**
         * Limits how long the loop runs callbacks before it polls for new events again: libevent's
         * {@code event_config_set_max_dispatch_interval}. Priorities more urgent than
         * {@code fromPriority} are never limited.
         *
         * @param maxInterval  the longest time to run callbacks, or null for no time limit
         * @param maxCallbacks the most callbacks to run, at least 1 ({@link Integer#MAX_VALUE}: no
         *                     limit)
         * @param fromPriority the first priority the limits apply to
         * @return this builder
         */
        public Builder maxDispatchInterval(Duration maxInterval, int maxCallbacks, int fromPriority) {
            if (maxCallbacks < 1) {
                throw new IllegalArgumentException("maxCallbacks must be at least 1: " + maxCallbacks);
            }
            if (fromPriority < 0) {
                throw new IllegalArgumentException("fromPriority is negative: " + fromPriority);
            }
            this.maxDispatchNanos = Durations.nanosOrNone(maxInterval, "maxInterval");
            this.maxCallbacks = maxCallbacks;
            this.limitFromPriority = fromPriority;
            return this;
        }

        /**
         * Reads the clock every time instead of once per iteration: libevent's
         * {@code EVENT_BASE_FLAG_NO_CACHE_TIME}.
         *
         * @return this builder
         */
        public Builder noCacheTime() {
            this.cacheTime = false;
            return this;
        }

        /**
         * Measures every timeout of the base on {@code clock} (for tests).
         *
         * @param clock the clock that timeouts and {@link EventBase#now()} read
         * @return this builder
         */
        public Builder clock(ManualClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Times every callback and every poll, for the times in {@link EventBase#metrics()}: time in
         * callbacks, time waiting, loop lag, slow callbacks and stalls. Off by default: it reads
         * {@link System#nanoTime()} twice per callback and twice per iteration, about 20 to 25 ns
         * each. The counts are kept either way. jevent's addition.
         *
         * @param collect whether to collect the times
         * @return this builder
         */
        public Builder collectTimings(boolean collect) {
            this.watching = new Watching(collect, watching.slowCallbackNanos(), watching.stallNanos());
            return this;
        }

        /**
         * When a callback is slow and when an iteration is a stall: counted in the metrics (with
         * {@link #collectTimings}) and committed as the flight-recorder events
         * {@code io.jevent.SlowCallback} and {@code io.jevent.LoopStall} (see
         * {@code docs/observability.md}). A stall is an iteration whose callbacks kept the loop from
         * polling for longer than {@code stall}. The defaults are 10 ms and 100 ms. jevent's addition.
         *
         * @param slowCallback a callback that runs longer is slow; zero or more
         * @param stall        an iteration whose callbacks run longer is a stall; zero or more
         * @return this builder
         * @throws IllegalArgumentException if a duration is negative
         */
        public Builder slowThresholds(Duration slowCallback, Duration stall) {
            long callbackNanos = Durations.nanos(slowCallback, "slowCallback");
            long stallNanos = Durations.nanos(stall, "stall");
            this.watching = new Watching(watching.timings(), callbackNanos, stallNanos);
            return this;
        }

        /**
         * Sends the exceptions that callbacks and tasks throw to {@code handler}, on the loop thread,
         * instead of logging them; the loop goes on with the next callback (jevent's addition:
         * libevent's callbacks cannot throw). The handler may rethrow, which ends the loop as
         * {@link #rethrowCallbackErrors()} does. {@link Error}s are never caught: they always end
         * the loop. Not thread-safe, as the builder.
         *
         * @param handler receives each exception; it runs on the loop thread (or on the thread
         *                that closes the base, for tasks run by {@link EventBase#close()})
         * @return this builder
         * @throws IllegalStateException if {@link #rethrowCallbackErrors()} was chosen: a base
         *                               either rethrows or hands exceptions to a handler
         */
        public Builder callbackErrorHandler(Consumer<? super RuntimeException> handler) {
            Objects.requireNonNull(handler, "handler");
            if (rethrow) {
                throw new IllegalStateException("rethrowCallbackErrors() was already chosen for this base;"
                        + " choose either it or callbackErrorHandler(...), not both (a handler may rethrow)");
            }
            this.errorHandler = handler;
            return this;
        }

        /**
         * Lets an exception thrown by a callback or task end {@link EventBase#dispatch()} (and
         * {@link EventBase#close()} for tasks it runs), for programs and tests that would rather fail
         * fast than go on: the event whose callback threw is left as the callback left it, the
         * callbacks still active run in the next loop, and the base stays usable. Without this option or a
         * {@linkplain #callbackErrorHandler handler}, the exception is logged and the loop goes on.
         * Not thread-safe, as the builder.
         *
         * @return this builder
         * @throws IllegalStateException if a {@linkplain #callbackErrorHandler handler} was set
         */
        public Builder rethrowCallbackErrors() {
            if (errorHandler != null) {
                throw new IllegalStateException("a callbackErrorHandler was already set for this base; choose"
                        + " either it or rethrowCallbackErrors(), not both (the handler may rethrow)");
            }
            this.rethrow = true;
            return this;
        }

        /**
         * Creates the base.
         *
         * @return a new base, ready to add events to and run
         * @throws IllegalArgumentException      if no backend was chosen and {@code jevent.backend}
         *                                       names no backend
         * @throws UnsupportedOperationException if no backend was chosen and {@code jevent.backend}
         *                                       names one this version does not have, or if the
         *                                       backend lacks a {@linkplain #requireFeatures required
         *                                       feature}
         */
        public EventBase build() {
            return new EventBase(this);
        }

        LoopConfig config(String backend) {
            return new LoopConfig(priorities, maxDispatchNanos, maxCallbacks, limitFromPriority, cacheTime,
                    clock == null ? null : clock.time,
                    rethrow ? EventLoop.RETHROW : errorHandler, watching, backend, resolveCompletionIo());
        }
    }
}
