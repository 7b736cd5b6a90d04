package io.jevent.internal;

import io.jevent.internal.jfr.FlightEvents;
import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The engine behind {@code io.jevent.EventBase}: libevent's {@code event_base} and {@code event_base_loop}.
 *
 * <h2>Threading</h2>
 * While {@link #run} runs, its thread is the owner and is the only thread that touches the loop's
 * state; other threads hand it work ({@link Handoff}). Deleting, freeing and re-prioritising an
 * event from another thread also wait until the loop has done it, so that a callback never runs
 * after {@code del()} returned (libevent's guarantee), except for owned events (libevent's
 * {@code EV_FINALIZE}), whose objects change them under their own lock and must not wait.
 */
public final class EventLoop {
    public static final int LOOP_ONCE = 0x01;
    public static final int LOOP_NONBLOCK = 0x02;
    public static final int LOOP_NO_EXIT_ON_EMPTY = 0x04;

    /** {@link #run} results, libevent's return values. */
    public static final int EXITED = 0;
    public static final int NO_EVENTS = 1;
    public static final int FAILED = -1;

    public static final int COUNT_ACTIVE = 0x01;
    public static final int COUNT_VIRTUAL = 0x02;
    public static final int COUNT_ADDED = 0x04;

    private static final long LONGEST_TIMEOUT = Long.MAX_VALUE / 4;

    private final LoopConfig config;
    private final LoopState state;
    private final Handoff handoff;
    private final Runnable wakeup;
    private final CountDownLatch freed = new CountDownLatch(1);

    private volatile boolean closed;
    private volatile boolean gotTerm;
    private volatile boolean gotBreak;
    private boolean freeOnExit;

    private final Dispatcher dispatcher;
    private final CallbackErrorLog errorLog = new CallbackErrorLog();
    private IOException lastError;

    public EventLoop(LoopConfig config) {
        this.config = config;
        this.state = new LoopState(this, config);
        this.dispatcher = new Dispatcher(this, state);
        this.handoff = new Handoff(state.backend);
        this.wakeup = handoff.sleep::wakeupIfSleeping;
        if (config.clock() != null) {
            config.clock().register(wakeup);
        }
    }

    public int priorities() {
        return state.active.priorities();
    }

    int defaultPriority() {
        return state.active.priorities() / 2;
    }

    /** Whether the calling thread runs this loop right now. */
    public boolean inLoopThread() {
        return handoff.inLoopThread();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Whether some thread runs this loop right now. Any thread. */
    public boolean isRunning() {
        return handoff.isRunning();
    }

    // ------------------------------------------------------------------ creating events

    /**
     * Creates an I/O event, a timer (no channel, {@code what} without READ/WRITE) or a user event.
     * Checks what libevent's {@code event_assign} checks, and what the java.nio backend cannot do.
     */
    public LoopEvent newEvent(SelectableChannel channel, int what, LoopCallback callback) {
        return newEvent(channel, what, false, callback);
    }

    /**
     * Creates an event for one of jevent's own objects (libevent's {@code EV_FINALIZE}): deleting,
     * freeing or re-prioritising it from another thread returns without waiting for the loop, so
     * the object may do that while holding its lock. Its callback may therefore still run once
     * after such a call, and must check, under the object's lock, that it is still wanted.
     */
    public LoopEvent newOwnedEvent(SelectableChannel channel, int what, LoopCallback callback) {
        return newEvent(channel, what, true, callback);
    }

    private LoopEvent newEvent(SelectableChannel channel, int what, boolean owned, LoopCallback callback) {
        checkOpen();
        EventChecks.checkWhat(channel, what, config.nativeBackend());
        if (callback == null) {
            throw new NullPointerException("callback is null");
        }
        return new LoopEvent(this, channel, null, what, owned, callback);
    }

    /**
     * Completion-based reads and writes for a connected, non-blocking socket, on a backend that does
     * them (io_uring); null on the others, where the caller reads and writes the channel when its
     * events say it is ready. {@code readable} and {@code writable} are the caller's events (timers,
     * no channel) that the stream activates with READ and WRITE. Any thread.
     */
    public CompletionStream openStream(SocketChannel channel, LoopEvent readable, LoopEvent writable) {
        checkOpen();
        return state.backend.openStream(channel, readable, writable);
    }

    /**
     * Reads and writes straight on a connected socket's descriptor, on a native backend that does
     * them (epoll, io_uring on readiness); null on java.nio, where the caller uses the channel. Any
     * thread; see {@link DirectChannel} for when it falls back to the channel.
     */
    public DirectChannel directIo(SocketChannel channel) {
        checkOpen();
        return state.backend.directIo(channel);
    }

    /** Whether {@link #openStream} gives streams on this loop's backend. Any thread. */
    public boolean completesIo() {
        return state.backend.completesIo();
    }

    /** Applies a change to the loop's state: now on the loop's thread or with no loop running, else handed to the loop. */
    void onLoopState(Runnable change) {
        if (inLoopThread()) {
            change.run();
        } else {
            handoff.handOver(change, false);
        }
    }

    /** Creates a signal event: persistent, as libevent's {@code evsignal_new}. */
    public LoopEvent newSignal(String name, LoopCallback callback) {
        checkOpen();
        String canonical = SignalHub.canonicalName(name);
        if (callback == null) {
            throw new NullPointerException("callback is null");
        }
        return new LoopEvent(this, null, canonical, EventFlags.SIGNAL | EventFlags.PERSIST, false, callback);
    }

    // ------------------------------------------------------------------ event operations, any thread

    /**
     * libevent's {@code event_add}: makes the event pending, with an optional timeout.
     *
     * @param timeoutNanos relative timeout, or -1 for none
     */
    public void add(LoopEvent ev, long timeoutNanos) {
        checkUsable(ev, "add");
        if (timeoutNanos < -1) {
            throw new IllegalArgumentException("timeout is negative: " + timeoutNanos + " ns");
        }
        if (inLoopThread()) {
            state.addNow(ev, Math.min(timeoutNanos, LONGEST_TIMEOUT), false);
        } else {
            EventChecks.checkChannelUsable(ev);
            handoff.handOver(() -> {
                try {
                    state.addNow(ev, Math.min(timeoutNanos, LONGEST_TIMEOUT), false);
                } catch (IllegalStateException unusable) {
                    if (!inLoopThread()) {
                        throw unusable;
                    }
                    // Applied late, by the loop, after another thread closed the channel (or made
                    // it blocking): the caller has returned. Run the callback instead, whose I/O
                    // then meets the failure and reports it, as libevent's would meet EBADF.
                    state.activateNow(ev, ev.events & (EventFlags.READ | EventFlags.WRITE | EventFlags.CLOSED), 1);
                }
            }, false);
        }
    }

    /** libevent's {@code event_del}. Deleting an event that is not pending does nothing. */
    public void del(LoopEvent ev) {
        if (ev.isFreed() || closed) {
            return;
        }
        if (inLoopThread()) {
            state.userDel(ev);
        } else {
            handoff.handOver(() -> state.userDel(ev), !ev.finalizable);
        }
    }

    /** libevent's {@code event_remove_timer}: forgets the timeout, keeps the I/O or signal watch. */
    public void removeTimer(LoopEvent ev) {
        checkUsable(ev, "removeTimer");
        if (inLoopThread()) {
            state.removeTimerNow(ev);
        } else {
            handoff.handOver(() -> state.removeTimerNow(ev), !ev.finalizable);
        }
    }

    /** libevent's {@code event_active}: makes the event active as if {@code res} had happened. */
    public void activate(LoopEvent ev, int res) {
        checkUsable(ev, "activate");
        if (inLoopThread()) {
            state.activateNow(ev, res, 1);
        } else {
            handoff.handOver(() -> state.activateNow(ev, res, 1), false);
        }
    }

    /**
     * Makes the event active in the next iteration, after the loop has polled for I/O again
     * (libevent's {@code event_active_later_}, used for deferred callbacks).
     */
    public void activateLater(LoopEvent ev, int res) {
        checkUsable(ev, "activate");
        if (inLoopThread()) {
            state.activateLaterNow(ev, res);
        } else {
            handoff.handOver(() -> state.activateLaterNow(ev, res), false);
        }
    }

    /** libevent's {@code event_free}: deletes the event and makes it unusable. */
    public void free(LoopEvent ev) {
        if (ev.isFreed()) {
            return;
        }
        if (closed || inLoopThread()) {
            state.freeNow(ev);
        } else {
            handoff.handOver(() -> state.freeNow(ev), !ev.finalizable);
        }
    }

    /** libevent's {@code event_priority_set}; refused while the event is active, unless it is owned. */
    public void setPriority(LoopEvent ev, int priority) {
        checkUsable(ev, "setPriority");
        if (priority < 0 || priority >= state.active.priorities()) {
            throw new IllegalArgumentException("priority " + priority + " is out of range: this base has "
                    + state.active.priorities() + " priorities, 0 (most urgent) to " + (state.active.priorities() - 1));
        }
        if (inLoopThread()) {
            state.setPriorityNow(ev, priority);
        } else {
            handoff.handOver(() -> state.setPriorityNow(ev, priority), !ev.finalizable);
        }
    }

    private void checkUsable(LoopEvent ev, String operation) {
        if (closed) {
            throw new IllegalStateException("cannot " + operation + " an event: its EventBase is closed;"
                    + " create a new EventBase and new events");
        }
        if (ev.isFreed()) {
            throw new IllegalStateException("cannot " + operation + " a closed event: " + ev
                    + "; create a new one with base.newEvent(...)");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this EventBase is closed; create a new one");
        }
    }

    // ------------------------------------------------------------------ loop control, any thread

    /** libevent's {@code event_base_loopexit}: stop after the current round of callbacks. */
    public void loopExit(long delayNanos) {
        checkOpen();
        once(null, EventFlags.TIMEOUT, delayNanos, (ev, res) -> gotTerm = true);
    }

    /** libevent's {@code event_base_loopbreak}: stop after the running callback. */
    public void loopBreak() {
        if (inLoopThread()) {
            gotBreak = true;
        } else {
            handoff.handOver(() -> gotBreak = true, false);
        }
    }

    /** libevent's {@code event_base_loopcontinue}: poll again after the running callback. */
    public void loopContinue() {
        if (inLoopThread()) {
            state.continueRequested = true;
        } else {
            handoff.handOver(() -> state.continueRequested = true, false);
        }
    }

    public boolean gotExit() {
        return gotTerm;
    }

    public boolean gotBreak() {
        return gotBreak;
    }

    /** Runs a task on the loop thread, in submission order. */
    public void execute(Runnable task) {
        if (task == null) {
            throw new NullPointerException("task is null");
        }
        // Closing seals the inbox: a task that passes the first check as the base closes is either
        // refused by the push or run by the close.
        if (closed || !handoff.inbox.push(new UserTask(task))) {
            throw new RejectedExecutionException("the EventBase is closed; its loop will not run " + task);
        }
        handoff.sleep.wakeupIfSleeping();
    }

    /**
     * libevent's {@code event_base_once}: a non-persistent event that frees itself after its callback.
     *
     * @param timeoutNanos relative timeout, or -1 for none
     */
    public void once(SelectableChannel channel, int what, long timeoutNanos, LoopCallback callback) {
        checkOpen();
        Once.start(this, channel, what, timeoutNanos, callback);
    }

    /** Counts a condition that keeps the loop running although no event is pending. */
    public void addVirtual(int delta) {
        if (inLoopThread()) {
            state.addVirtualNow(delta);
        } else {
            handoff.handOver(() -> state.addVirtualNow(delta), false);
        }
    }

    // ------------------------------------------------------------------ time

    /** The cached time of this iteration if there is one, else the clock (libevent's gettime). */
    public long now() {
        return state.now();
    }

    /** libevent's {@code event_base_update_cache_time}: refresh the cache if the loop runs. */
    public void updateCachedTime() {
        if (inLoopThread()) {
            state.updateTimeCache();
        } else if (handoff.owner != null) {
            handoff.handOver(state::updateTimeCache, false);
        }
    }

    // ------------------------------------------------------------------ the loop

    /**
     * libevent's {@code event_base_loop}.
     *
     * @return {@link #EXITED}, {@link #NO_EVENTS} or {@link #FAILED}
     * @throws IllegalStateException if the loop already runs, or the base is closed
     */
    public int run(int flags) {
        if ((flags & ~(LOOP_ONCE | LOOP_NONBLOCK | LOOP_NO_EXIT_ON_EMPTY)) != 0) {
            throw new IllegalArgumentException("unknown loop flags 0x" + Integer.toHexString(flags)
                    + ": use EventBase.LOOP_ONCE, LOOP_NONBLOCK, LOOP_NO_EXIT_ON_EMPTY");
        }
        enter();
        int result = EXITED;
        Throwable inFlight = null;
        try {
            // Volatile stores fence; bench-style callers enter the loop once per poll, so store
            // only what a previous run left set. Since enter(), only this thread writes the flags.
            if (gotTerm) {
                gotTerm = false;
            }
            if (gotBreak) {
                gotBreak = false;
            }
            lastError = null;
            while (true) {
                state.continueRequested = false;
                if (gotTerm || gotBreak) {
                    break;
                }
                state.timeCached = false;
                drainInbox();
                if (gotTerm || gotBreak) {
                    break;
                }
                long timeout = state.active.count() == 0 && (flags & LOOP_NONBLOCK) == 0 ? state.timeoutNext() : 0;
                if ((flags & LOOP_NO_EXIT_ON_EMPTY) == 0 && !state.haveEvents() && state.active.count() == 0) {
                    result = NO_EVENTS;
                    break;
                }
                state.active.makeLaterActive();
                state.flushUpdates();
                boolean timed = config.watching().timings() || FlightEvents.loopTimingWanted();
                long pollStart = timed ? System.nanoTime() : 0;
                handoff.sleep.poll(timeout);
                state.updateTimeCache();
                dispatcher.counters.iteration();
                dispatcher.timed = timed;
                if (timed) {
                    long returned = System.nanoTime();
                    if (config.watching().timings()) {
                        dispatcher.counters.waited(returned - pollStart);
                    }
                    dispatcher.pollReturnedAt = returned;
                }
                drainInbox();
                if (Thread.currentThread().isInterrupted()) {
                    // The selector returns at once for an interrupted thread: stop as loopBreak
                    // would, and leave the interrupt for the caller to see.
                    gotBreak = true;
                }
                if (gotBreak) {
                    break;
                }
                state.processTimeouts();
                if (state.active.count() > 0) {
                    int n = dispatcher.processActive();
                    if ((flags & LOOP_ONCE) != 0 && state.active.count() == 0 && n != 0) {
                        break;
                    }
                } else if ((flags & LOOP_NONBLOCK) != 0) {
                    break;
                }
            }
        } catch (IOException e) {
            lastError = e;
            result = FAILED;
        } catch (RuntimeException | Error e) {
            inFlight = e;
            throw e;
        } finally {
            exit(inFlight);
        }
        return result;
    }

    /** The I/O failure behind the last {@link #FAILED} result, or null. */
    public IOException lastError() {
        return lastError;
    }

    private void enter() {
        handoff.lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("this EventBase is closed; create a new one to run a loop");
            }
            Thread running = handoff.owner;
            if (running != null) {
                throw new IllegalStateException("the loop already runs on thread \"" + running.getName()
                        + "\"; only one thread may run an EventBase at a time (a callback must not"
                        + " call loop() or dispatch() on its own base)");
            }
            handoff.owner = Thread.currentThread();
            state.running = true;
        } finally {
            handoff.lock.unlock();
        }
    }

    private void exit(Throwable inFlight) {
        state.timeCached = false;
        RuntimeException failure = null;
        handoff.lock.lock();
        try {
            if (!closed) {
                state.flushUpdates();
                state.backend.releaseIdle();
            }
            // Finish the work other threads handed us, so that nothing applied later, directly, can
            // overtake it. User tasks wait for the next run, in order, ahead of newer ones.
            for (Inbox.Node n = handoff.inbox.takeLoopWork(); n != null; n = n.next) {
                failure = runCollecting(n.task, failure);
            }
            if (freeOnExit) {
                // Closing, maybe by that work: the user tasks will have no next run.
                failure = runLastTasks(failure);
            }
        } finally {
            handoff.owner = null;
            state.running = false;
            if (freeOnExit) {
                freeAll();
            }
            handoff.lock.unlock();
        }
        if (failure != null) {
            if (inFlight != null) {
                inFlight.addSuppressed(failure);
            } else {
                reportFailure(failure);
            }
        }
    }

    /**
     * The base closes: seals the inbox, so that execute() refuses from now on, and runs the tasks
     * it accepted before, oldest first, as the loop's owner. None is dropped. Under the lock.
     */
    private RuntimeException runLastTasks(RuntimeException failure) {
        closed = true;
        handoff.inbox.seal();
        for (Runnable task; (task = handoff.inbox.poll()) != null; ) {
            failure = runCollecting(task, failure);
        }
        return failure;
    }

    /** Runs work for exit() or close(), which report what it threw once they let go of the lock. */
    private static RuntimeException runCollecting(Runnable work, RuntimeException failure) {
        try {
            work.run();
        } catch (RuntimeException e) {
            if (failure == null) {
                return e;
            }
            failure.addSuppressed(e);
        }
        return failure;
    }

    private void drainInbox() {
        if (!handoff.inbox.take()) {
            return;
        }
        // If a failure escapes, the tasks not yet run stay taken in the inbox, for exit().
        for (Runnable task; (task = handoff.inbox.poll()) != null; ) {
            try {
                task.run();
            } catch (RuntimeException e) {
                reportFailure(e);
            }
        }
    }

    /** How many times another thread woke the sleeping loop; for tests of the wake-up protocol. */
    public long wakeupCount() {
        return handoff.sleep.wakeups();
    }

    /** Whether the loop thread is asleep in the backend right now; for tests. */
    public boolean isSleeping() {
        return handoff.sleep.isSleeping();
    }

    /** Called by the signal hub, on a JVM signal thread, once per delivery. */
    void signalArrived(String signal) {
        if (closed) {
            return;
        }
        handoff.handOver(() -> state.deliverSignal(signal), false);
    }

    /**
     * What a base built with {@code rethrowCallbackErrors()} does with a callback's exception: lets
     * it end the loop, as jevent did before it logged them by default.
     */
    public static final Consumer<RuntimeException> RETHROW = e -> {
        throw e;
    };

    /** A task given to execute(), or run while the base closes, threw. */
    void reportFailure(RuntimeException e) {
        reportFailure(e, null, 0);
    }

    /**
     * A callback threw: hands the exception to the user's handler (which may rethrow it), or logs
     * it. The event is left as the callback left it.
     *
     * @param ev  the event whose callback threw, or null for a task
     * @param res what the callback ran for
     */
    void reportFailure(RuntimeException e, LoopEvent ev, int res) {
        Consumer<? super RuntimeException> handler = config.errorHandler();
        if (handler != null) {
            handler.accept(e);
            return;
        }
        String what = ev == null ? "A task given to EventBase.execute()"
                : "The callback of " + ev + " (run for " + EventFlags.toString(res) + ")";
        errorLog.log(e, what, state.now());
    }

    // ------------------------------------------------------------------ introspection

    /** The event whose callback runs now, on the loop thread; null elsewhere or between callbacks. */
    public LoopEvent runningEvent() {
        return inLoopThread() ? dispatcher.current() : null;
    }

    /**
     * Runs {@code action} on the loop's state: directly on the loop thread or when no loop runs,
     * else inside the loop, waiting for it.
     */
    public void inspect(Runnable action) {
        handoff.inspect(action);
    }

    /**
     * Closes a channel that jevent owns (a buffered event's, with CLOSE_ON_FREE) on the loop thread,
     * or directly when no loop runs, without waiting for the loop: java.nio keeps the descriptor of
     * a registered channel open until the selector deregisters it, at the next poll or when the
     * loop returns. A failure to close is dropped: the peer sees the connection end either way.
     */
    public void closeChannel(Channel channel) {
        if (inLoopThread()) {
            state.closeChannel(channel, false);
        } else {
            handoff.handOver(() -> state.closeChannel(channel, false), false);
        }
    }

    /**
     * Closes a channel and releases its descriptor at once (a listener's: its port must be free for
     * the next bind). From another thread this waits for the loop; do not call it holding a lock
     * that a callback takes.
     *
     * @throws IOException if closing the channel failed
     */
    public void closeChannelAndRelease(Channel channel) throws IOException {
        IOException[] failure = new IOException[1];
        inspect(() -> failure[0] = state.closeChannel(channel, true));
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    /** The loop's own counters, readable from any thread without a lock. */
    public LoopCounters counters() {
        return dispatcher.counters;
    }

    /** Whether the loop times its callbacks for the metrics (not only for a flight recording). */
    public boolean collectsTimings() {
        return config.watching().timings();
    }

    /** How many events wait for a timeout. Any thread; from another, possibly stale. */
    public int timerCount() {
        return state.timers.size();
    }

    /** libevent's {@code event_base_get_num_events}; each pending event counts once. */
    public int eventCount(int which) {
        return state.eventCount(which);
    }

    /** libevent's {@code event_base_get_max_events}. */
    public int maxEventCount(int which, boolean clear) {
        return state.maxEventCount(which, clear);
    }

    /** Every pending or active event, once. Call through {@link #inspect}. */
    public void forEachEvent(Consumer<LoopEvent> action) {
        state.forEachEvent(action);
    }

    /** libevent's {@code event_base_active_by_fd}. Call through {@link #inspect}. */
    public void activateByChannel(SelectableChannel channel, int what) {
        state.activateByChannel(channel, what);
    }

    /** libevent's {@code event_pending}. Any thread; from another, possibly stale. */
    public int pending(LoopEvent ev, int what) {
        return ev.pending(what);
    }

    /** Nanoseconds until the event's timeout, 0 if already due, -1 if it has none. */
    public long remainingTimeout(LoopEvent ev) {
        return state.remainingTimeout(ev);
    }

    // ------------------------------------------------------------------ closing

    /**
     * libevent's {@code event_base_free}. Pending events are dropped without running; channels stay
     * open. The tasks {@link #execute} accepted and did not run yet run before the base is freed, in
     * order, as the loop's (on the loop thread, or on this one if no loop runs); from now on execute()
     * refuses. From a callback, the loop stops after it and frees itself before {@code run} returns;
     * from another thread, this returns once the base is freed, also when another close is under way.
     */
    public void close() {
        if (inLoopThread()) {
            closed = true;
            freeOnExit = true;
            gotBreak = true;
            return;
        }
        Waiter waiter = null;
        RuntimeException failure = null;
        handoff.lock.lock();
        try {
            // Closed already means a close is under way, by another thread or by the loop itself:
            // this one waits below for it to free the base, as the first one does.
            if (!closed) {
                if (handoff.owner == null) {
                    // No loop runs: this thread stands in for one, to run the tasks that wait for it.
                    handoff.owner = Thread.currentThread();
                    try {
                        failure = runLastTasks(null);
                    } finally {
                        handoff.owner = null;
                        freeAll();
                    }
                } else {
                    waiter = new Waiter(() -> {
                        closed = true;
                        freeOnExit = true;
                        gotBreak = true;
                    });
                    handoff.push(waiter);
                }
            }
        } finally {
            handoff.lock.unlock();
        }
        if (failure != null) {
            reportFailure(failure);
        }
        if (waiter != null) {
            handoff.sleep.wakeupIfSleeping();
            waiter.await();
        }
        Waiter.awaitUninterruptibly(freed);
    }

    private void freeAll() {
        closed = true;
        if (config.clock() != null) {
            config.clock().unregister(wakeup);
        }
        state.clear();
        freed.countDown();
    }
}
