package io.jevent.internal;

import java.nio.channels.SelectableChannel;

/**
 * The state of one event inside its {@link EventLoop}: libevent's {@code struct event}.
 *
 * <p>The event is intrusive: it carries its own links for the active queue, the timer list and the
 * per-channel watch list, so that adding, activating and deleting it never allocates. Only the loop
 * thread touches these fields while the loop runs (see {@link EventLoop} for the threading rule).
 */
public final class LoopEvent {
    // Membership flags, libevent's EVLIST_*.
    static final int TIMEOUT = 0x01;
    static final int INSERTED = 0x02;
    static final int ACTIVE = 0x08;
    static final int ACTIVE_LATER = 0x20;
    static final int FREED = 0x40;

    final EventLoop loop;
    final SelectableChannel channel;
    final String signal;
    final int events;
    /**
     * libevent's {@code EV_FINALIZE}: deleting, freeing or re-prioritising the event from another
     * thread does not wait for the loop. Events of jevent's own objects are made so, since those
     * objects change their events while holding their own lock, which their callbacks also take.
     */
    final boolean finalizable;
    LoopCallback callback;
    private Object handle;

    int flags;
    int res;
    int priority;

    /** Deliveries still to report for a signal event (libevent's ev_ncalls). */
    int ncalls;
    /** Set by del() to stop a signal callback that runs once per delivery. */
    boolean signalAborted;

    // Timer state: the absolute deadline on the loop's clock, the interval a persistent event
    // re-arms with (-1: none), and the links of the list of events sharing one duration.
    long deadline;
    long interval = -1;
    /** Insertion order, which breaks ties between equal deadlines of different durations. */
    long timerSeq;
    TimerList timerList;
    LoopEvent timerPrev;
    LoopEvent timerNext;

    LoopEvent activePrev;
    LoopEvent activeNext;

    Watch watch;
    LoopEvent watchPrev;
    LoopEvent watchNext;

    LoopEvent(EventLoop loop, SelectableChannel channel, String signal, int events, boolean finalizable,
            LoopCallback callback) {
        this.loop = loop;
        this.channel = channel;
        this.signal = signal;
        this.events = events;
        this.finalizable = finalizable;
        this.callback = callback;
        this.priority = loop.defaultPriority();
    }

    /** The loop this event belongs to. */
    public EventLoop loop() {
        return loop;
    }

    /** The channel watched, or null for timers, user events and signals. */
    public SelectableChannel channel() {
        return channel;
    }

    /** The signal name (without "SIG"), or null. */
    public String signal() {
        return signal;
    }

    /** The watch mask given at creation: {@code READ}, {@code WRITE}, {@code PERSIST}, ... */
    public int events() {
        return events;
    }

    /** The active queue this event runs in; lower runs first. */
    public int priority() {
        return priority;
    }

    /** Whether the event was freed, by {@code close()} or by closing its loop. */
    public boolean isFreed() {
        return (flags & FREED) != 0;
    }

    /** Whether the event is waiting in an active queue (now or in the next iteration). */
    public boolean isActive() {
        return (flags & (ACTIVE | ACTIVE_LATER)) != 0;
    }

    /** Whether the event is pending: watched for I/O or a signal, or waiting for its timeout. */
    public boolean isPending() {
        return (flags & (INSERTED | TIMEOUT)) != 0;
    }

    /**
     * The public object that stands for this event, or null while it has none: jevent's own layers
     * never need one, and the public layer makes it on first use. The engine never looks at it.
     */
    public Object handle() {
        return handle;
    }

    /** Binds the public handle; called once, by the public layer. */
    public void setHandle(Object handle) {
        this.handle = handle;
    }

    /**
     * libevent's {@code event_pending}: which of {@code what} this event is pending or active for.
     * Any thread; from another thread the answer may be stale.
     */
    public int pending(int what) {
        int state = flags;
        int result = 0;
        if ((state & INSERTED) != 0) {
            result |= events & (EventFlags.READ | EventFlags.WRITE | EventFlags.CLOSED | EventFlags.SIGNAL);
        }
        if ((state & (ACTIVE | ACTIVE_LATER)) != 0) {
            result |= res;
        }
        if ((state & TIMEOUT) != 0) {
            result |= EventFlags.TIMEOUT;
        }
        return result & what & (EventFlags.TIMEOUT | EventFlags.READ | EventFlags.WRITE | EventFlags.CLOSED
                | EventFlags.SIGNAL);
    }

    /** One line about the event, for messages and dumps. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Event@")
                .append(Integer.toHexString(System.identityHashCode(this)))
                .append('[').append(EventFlags.toString(events));
        if (channel != null) {
            sb.append(" on ").append(channel);
        }
        if (signal != null) {
            sb.append(" SIG").append(signal);
        }
        if (isFreed()) {
            sb.append(", closed");
        } else {
            int p = pending(EventFlags.TIMEOUT | EventFlags.READ | EventFlags.WRITE | EventFlags.CLOSED
                    | EventFlags.SIGNAL);
            sb.append(", pending ").append(p == 0 ? "nothing" : EventFlags.toString(p));
        }
        return sb.append(", priority ").append(priority).append(']').toString();
    }
}
