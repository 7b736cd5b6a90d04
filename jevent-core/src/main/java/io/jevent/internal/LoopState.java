package io.jevent.internal;

import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.SelectableChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.function.Consumer;

/**
 * The events of one loop and the structures that hold them: the active queues, the timers, the
 * per-channel and per-signal watches, the counts. Every method here changes or reads that state
 * directly and belongs to the loop thread (or to whoever holds the loop's lock while no loop runs);
 * {@link EventLoop} decides who may call, this class decides what happens. The rules are libevent's
 * {@code event_add_nolock_}, {@code event_del_nolock_} and {@code event_active_nolock_}.
 */
final class LoopState {
    final LoopConfig config;
    final Backend backend;
    final ActiveQueues active;
    final TimerQueues timers = new TimerQueues();
    private final EventLoop loop;
    private final ArrayList<Watch> pendingUpdates = new ArrayList<>();
    final HashMap<String, Watch> signalWatches = new HashMap<>();

    /** The priority whose callbacks run now, or -1 (libevent's {@code event_running_priority}). */
    int runningPriority = -1;
    /** Set to make the loop poll again before running more callbacks ({@code event_continue}). */
    boolean continueRequested;
    /** Whether the loop runs; the time is cached only then. */
    boolean running;

    private long cachedNow;
    boolean timeCached;

    private int added;
    private int addedMax;
    private int activeMax;
    private int virtual;
    private int virtualMax;

    /** Whether the calling thread runs the loop now; a native backend's direct I/O is made only there. */
    boolean inLoopThread() {
        return loop.inLoopThread();
    }

    LoopState(EventLoop loop, LoopConfig config) {
        this.loop = loop;
        this.config = config;
        this.active = new ActiveQueues(config.priorities());
        this.backend = switch (config.backend()) {
            case LoopConfig.EPOLL -> NativeBackends.newEpoll(this);
            case LoopConfig.IO_URING -> NativeBackends.newIoUring(this);
            default -> new NioBackend(this);
        };
    }

    /** Applies a change to this state now, or hands it to the thread that runs the loop. */
    void onLoopState(Runnable change) {
        loop.onLoopState(change);
    }

    /** The cached time of this iteration if there is one, else the clock (libevent's gettime). */
    long now() {
        return timeCached ? cachedNow : clock();
    }

    void addNow(LoopEvent ev, long timeout, boolean absolute) {
        if (ev.isFreed() || loop.isClosed()) {
            return;
        }
        boolean wasPending = ev.isPending();
        if ((ev.events & (EventFlags.READ | EventFlags.WRITE | EventFlags.CLOSED | EventFlags.SIGNAL)) != 0
                && (ev.flags & (LoopEvent.INSERTED | LoopEvent.ACTIVE | LoopEvent.ACTIVE_LATER)) == 0) {
            if (ev.signal != null) {
                insertSignal(ev);
            } else {
                insertIo(ev);
            }
            ev.flags |= LoopEvent.INSERTED;
        }
        if (timeout >= 0) {
            if ((ev.events & EventFlags.PERSIST) != 0 && ev.signal == null && !absolute) {
                ev.interval = timeout;
            }
            if ((ev.flags & LoopEvent.TIMEOUT) != 0) {
                timers.remove(ev);
                ev.flags &= ~LoopEvent.TIMEOUT;
            }
            // Re-arming an event whose timeout fired but whose callback has not run yet cancels
            // that callback, as in libevent.
            if ((ev.flags & LoopEvent.ACTIVE) != 0 && (ev.res & EventFlags.TIMEOUT) != 0) {
                ev.signalAborted = true;
                active.remove(ev);
            }
            long duration;
            if (absolute) {
                ev.deadline = timeout;
                duration = ev.interval;
            } else {
                ev.deadline = now() + timeout;
                duration = timeout;
            }
            timers.insert(ev, duration);
            ev.flags |= LoopEvent.TIMEOUT;
        }
        pendingChanged(ev, wasPending);
    }

    void insertIo(LoopEvent ev) {
        Watch w = backend.find(ev.channel);
        if (w == null) {
            w = Watch.forChannel(ev.channel);
            backend.attach(w);
        }
        w.add(ev);
        queueUpdate(w);
    }

    void insertSignal(LoopEvent ev) {
        Watch w = signalWatches.get(ev.signal);
        if (w == null) {
            SignalHub.get().subscribe(ev.signal, loop);
            w = Watch.forSignal(ev.signal);
            signalWatches.put(ev.signal, w);
        }
        w.add(ev);
    }

    void userDel(LoopEvent ev) {
        delNow(ev);
        // Unlike libevent, a deleted event forgets its interval: add() without a timeout after del()
        // must not bring back a timeout the caller no longer asked for.
        ev.interval = -1;
    }

    void delNow(LoopEvent ev) {
        boolean wasPending = ev.isPending();
        if (ev.signal != null) {
            ev.signalAborted = true;
        }
        if ((ev.flags & LoopEvent.TIMEOUT) != 0) {
            timers.remove(ev);
            ev.flags &= ~LoopEvent.TIMEOUT;
        }
        if ((ev.flags & LoopEvent.ACTIVE) != 0) {
            active.remove(ev);
        } else if ((ev.flags & LoopEvent.ACTIVE_LATER) != 0) {
            active.removeLater(ev);
        }
        if ((ev.flags & LoopEvent.INSERTED) != 0) {
            ev.flags &= ~LoopEvent.INSERTED;
            Watch w = ev.watch;
            w.remove(ev);
            ev.watch = null;
            if (ev.signal != null) {
                if (w.isEmpty()) {
                    signalWatches.remove(ev.signal);
                    SignalHub.get().unsubscribe(ev.signal, loop);
                }
            } else {
                queueUpdate(w);
            }
        }
        pendingChanged(ev, wasPending);
    }

    void freeNow(LoopEvent ev) {
        if (!loop.isClosed()) {
            delNow(ev);
        }
        ev.flags |= LoopEvent.FREED;
    }

    void removeTimerNow(LoopEvent ev) {
        if ((ev.flags & LoopEvent.TIMEOUT) != 0) {
            boolean wasPending = ev.isPending();
            timers.remove(ev);
            ev.flags &= ~LoopEvent.TIMEOUT;
            pendingChanged(ev, wasPending);
        }
        ev.interval = -1;
    }

    /**
     * libevent refuses to re-prioritise an active event; an owned one moves to the new priority's
     * queue instead, so that an object can change all its events at once, never only some.
     */
    void setPriorityNow(LoopEvent ev, int priority) {
        if ((ev.flags & LoopEvent.ACTIVE) != 0 && ev.finalizable) {
            active.remove(ev);
            ev.priority = priority;
            active.insert(ev);
            return;
        }
        if (ev.isActive() && !ev.finalizable) {
            throw new IllegalStateException("cannot change the priority of an active event: "
                    + ev + "; set it before add() or activate(), or once its callback has run");
        }
        ev.priority = priority;
    }

    void activateNow(LoopEvent ev, int res, int ncalls) {
        if (ev.isFreed()) {
            return;
        }
        switch (ev.flags & (LoopEvent.ACTIVE | LoopEvent.ACTIVE_LATER)) {
            case LoopEvent.ACTIVE:
                ev.res |= res;
                // libevent sums the deliveries of one poll before activating; adding them here
                // keeps "once per delivery" when they arrive across polls too.
                ev.ncalls += ncalls;
                return;
            case LoopEvent.ACTIVE_LATER:
                ev.res |= res;
                active.removeLater(ev);
                break;
            default:
                ev.res = res;
                break;
        }
        if (ev.priority < runningPriority) {
            continueRequested = true;
        }
        ev.ncalls = ncalls;
        active.insert(ev);
        if (active.count() > activeMax) {
            activeMax = active.count();
        }
    }

    void activateLaterNow(LoopEvent ev, int res) {
        if (ev.isFreed()) {
            return;
        }
        if (ev.isActive()) {
            ev.res |= res;
            return;
        }
        ev.res = res;
        active.insertLater(ev);
        if (active.count() > activeMax) {
            activeMax = active.count();
        }
    }

    void pendingChanged(LoopEvent ev, boolean wasPending) {
        boolean isPending = ev.isPending();
        if (wasPending != isPending) {
            if (isPending) {
                if (++added > addedMax) {
                    addedMax = added;
                }
            } else {
                added--;
            }
        }
    }

    void processTimeouts() {
        LoopEvent ev = timers.first();
        if (ev == null) {
            return;
        }
        long now = now();
        while (ev != null && ev.deadline <= now) {
            delNow(ev);
            activateNow(ev, EventFlags.TIMEOUT, 1);
            ev = timers.first();
        }
    }

    /** Called by the backend, on the loop thread, for each ready channel. */
    void channelReady(Watch watch, int ready) {
        for (LoopEvent ev = watch.first(); ev != null; ev = ev.watchNext) {
            int res = ev.events & ready;
            if (res != 0) {
                activateNow(ev, res, 1);
            }
        }
    }

    void deliverSignal(String signal) {
        Watch w = signalWatches.get(signal);
        if (w != null) {
            for (LoopEvent ev = w.first(); ev != null; ev = ev.watchNext) {
                activateNow(ev, EventFlags.SIGNAL, 1);
            }
        }
    }

    void queueUpdate(Watch w) {
        if (!w.updateQueued) {
            w.updateQueued = true;
            pendingUpdates.add(w);
        }
    }

    void flushUpdates() {
        ArrayList<Watch> updates = pendingUpdates;
        for (int i = 0, n = updates.size(); i < n; i++) {
            Watch w = updates.get(i);
            w.updateQueued = false;
            backend.update(w);
        }
        updates.clear();
    }

    /** libevent's {@code event_base_get_num_events}; each pending event counts once. */
    int eventCount(int which) {
        int n = 0;
        if ((which & EventLoop.COUNT_ACTIVE) != 0) {
            n += active.count();
        }
        if ((which & EventLoop.COUNT_VIRTUAL) != 0) {
            n += virtual;
        }
        if ((which & EventLoop.COUNT_ADDED) != 0) {
            n += added;
        }
        return n;
    }

    /** libevent's {@code event_base_get_max_events}. */
    int maxEventCount(int which, boolean clear) {
        int n = 0;
        if ((which & EventLoop.COUNT_ACTIVE) != 0) {
            n += activeMax;
            if (clear) {
                activeMax = 0;
            }
        }
        if ((which & EventLoop.COUNT_VIRTUAL) != 0) {
            n += virtualMax;
            if (clear) {
                virtualMax = 0;
            }
        }
        if ((which & EventLoop.COUNT_ADDED) != 0) {
            n += addedMax;
            if (clear) {
                addedMax = 0;
            }
        }
        return n;
    }

    /**
     * libevent's {@code event_base_foreach_event}: every pending or active event, once. Call
     * through {@link #inspect}.
     */
    void forEachEvent(Consumer<LoopEvent> action) {
        // Inserted events are found through the watches that hold them: a list of its own would
        // cost every event two more links, for a call that is rare.
        ArrayList<LoopEvent> all = new ArrayList<>();
        Consumer<Watch> collect = w -> {
            for (LoopEvent ev = w.first(); ev != null; ev = ev.watchNext) {
                all.add(ev);
            }
        };
        backend.forEachWatch(collect);
        signalWatches.values().forEach(collect);
        timers.forEach(ev -> {
            if ((ev.flags & LoopEvent.INSERTED) == 0) {
                all.add(ev);
            }
        });
        active.forEach(ev -> {
            if ((ev.flags & (LoopEvent.INSERTED | LoopEvent.TIMEOUT)) == 0) {
                all.add(ev);
            }
        });
        all.forEach(action);
    }

    /** libevent's {@code event_base_active_by_fd}. Call through {@link #inspect}. */
    void activateByChannel(SelectableChannel channel, int what) {
        if ((what & EventFlags.TIMEOUT) != 0) {
            ArrayList<LoopEvent> matching = new ArrayList<>();
            timers.forEach(ev -> {
                if (ev.channel == channel) {
                    matching.add(ev);
                }
            });
            matching.forEach(ev -> activateNow(ev, EventFlags.TIMEOUT, 1));
        } else {
            Watch w = backend.find(channel);
            if (w != null) {
                channelReady(w, what & (EventFlags.READ | EventFlags.WRITE));
            }
        }
    }

    /** Nanoseconds until the event's timeout, 0 if already due, -1 if it has none. */
    long remainingTimeout(LoopEvent ev) {
        if ((ev.flags & LoopEvent.TIMEOUT) == 0) {
            return -1;
        }
        return Math.max(0, ev.deadline - now());
    }

    void addVirtualNow(int delta) {
        virtual += delta;
        if (virtual > virtualMax) {
            virtualMax = virtual;
        }
    }

    boolean haveEvents() {
        return added > 0 || virtual > 0;
    }

    long timeoutNext() {
        long deadline = timers.nextDeadline();
        if (deadline == Long.MAX_VALUE) {
            return -1;
        }
        long remaining = deadline - now();
        if (remaining <= 0) {
            return 0;
        }
        // Virtual time only moves when the test advances it, and that wakes us.
        return config.clock() == null ? remaining : -1;
    }

    long clock() {
        VirtualClock c = config.clock();
        return c == null ? System.nanoTime() : c.nanoTime();
    }

    void updateTimeCache() {
        timeCached = false;
        if (config.cacheTime() && running) {
            cachedNow = clock();
            timeCached = true;
        }
    }


    /**
     * Closes a channel jevent owns; java.nio keeps a registered channel's descriptor until the
     * selector lets it go, at the next poll, or now with {@code releaseNow}.
     *
     * @return what closing threw, or null
     */
    IOException closeChannel(Channel channel, boolean releaseNow) {
        IOException failure = null;
        try {
            channel.close();
        } catch (IOException e) {
            failure = e;
        }
        if (!loop.isClosed()) {
            backend.closed(channel);
            if (releaseNow) {
                flushUpdates();
                backend.releaseIdle();
            }
        }
        return failure;
    }

    /** Forgets every event; the loop is being closed. */
    void clear() {
        for (String signal : signalWatches.keySet()) {
            SignalHub.get().unsubscribe(signal, loop);
        }
        signalWatches.clear();
        backend.close();
        timers.clear();
        active.clear();
        pendingUpdates.clear();
        added = 0;
        virtual = 0;
    }
}
