package io.jevent;

import io.jevent.internal.Durations;
import io.jevent.internal.EventLoop;
import io.jevent.internal.LoopEvent;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.Optional;

/**
 * One thing to wait for, and the callback to run when it happens: libevent's {@code struct event}.
 *
 * <p>Create events with {@link EventBase#newEvent}, {@link EventBase#newTimer} or
 * {@link EventBase#newSignal}. An event is <em>initialized</em> when created, <em>pending</em> after
 * {@link #add()}, <em>active</em> when what it waits for happened and its callback is about to run.
 * A non-persistent event stops being pending just before its callback runs (add it again from the
 * callback to keep waiting); a {@link Ev#PERSIST} event stays pending until {@link #del()}.
 *
 * <p><b>Ownership:</b> the event does not own its channel; closing the event never closes the channel,
 * and a channel should be closed only after its events are closed. {@link #close()} is
 * {@code event_free}.
 *
 * <p><b>Threads:</b> {@link #add}, {@link #del}, {@link #activate}, {@link #removeTimer},
 * {@link #setPriority} and {@link #close} may be called from any thread. From the loop thread they
 * take effect at once; from another thread the loop applies them in its next iteration, waking up if
 * it sleeps, and {@code del()}, {@code removeTimer()}, {@code setPriority()} and {@code close()} wait
 * until it has: once {@code del()} returns, the callback is not running and will not run. The
 * getters may be called from any thread; from another thread their answer may already be stale.
 */
public final class Event implements AutoCloseable {
    private final EventBase base;
    private final LoopEvent ev;

    private Event(EventBase base, LoopEvent ev) {
        this.base = base;
        this.ev = ev;
        ev.setHandle(this);
    }

    /** The public handle of an engine event of {@code base}, created on first use. */
    static Event of(EventBase base, LoopEvent ev) {
        Object handle = ev.handle();
        return handle != null ? (Event) handle : new Event(base, ev);
    }

    /**
     * Makes the event pending without a timeout: libevent's {@code event_add(ev, NULL)}. Adding an
     * event that is already pending leaves it, and any timeout it has, unchanged.
     *
     * @throws IllegalStateException if the event or its base is closed, or the channel is closed or
     *                               in blocking mode
     * @throws IllegalArgumentException for a signal the JVM reserves for itself
     */
    public void add() {
        loop().add(ev, -1);
    }

    /**
     * Makes the event pending with a timeout: libevent's {@code event_add(ev, tv)}. Re-adding a
     * pending event replaces its timeout. For a persistent event the timeout is also the interval it
     * re-arms with after each callback, which makes a periodic timer. A zero timeout fires in the
     * next loop iteration.
     *
     * @param timeout how long to wait, from now
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws IllegalStateException    as {@link #add()}
     */
    public void add(Duration timeout) {
        loop().add(ev, Durations.nanos(timeout, "timeout"));
    }

    /**
     * Makes the event non-pending and non-active: libevent's {@code event_del}. Deleting an event that
     * is not pending does nothing. A persistent event forgets the interval it was added with.
     */
    public void del() {
        loop().del(ev);
    }

    /**
     * Removes the timeout but keeps waiting for I/O or the signal: libevent's
     * {@code event_remove_timer}.
     */
    public void removeTimer() {
        loop().removeTimer(ev);
    }

    /**
     * Makes the event active as if {@code what} had happened, whether or not it is pending:
     * libevent's {@code event_active(ev, what, 0)}. Activating an event that is already active ORs
     * {@code what} into the flags its callback gets; the callback still runs once. This is also how
     * a "user event" (a timer never added) is triggered, from any thread.
     *
     * @param what the flags to pass to the callback, usually one of {@link Ev#READ},
     *             {@link Ev#WRITE}, {@link Ev#TIMEOUT}
     */
    public void activate(int what) {
        loop().activate(ev, what);
    }

    /**
     * Which of {@code what} the event is pending or active for: libevent's {@code event_pending}.
     * {@code pending(Ev.TIMEOUT | Ev.READ | Ev.WRITE | Ev.SIGNAL)} answers everything at once.
     *
     * @param what the flags to ask about: {@link Ev#TIMEOUT}, {@link Ev#READ}, {@link Ev#WRITE},
     *             {@link Ev#SIGNAL}, in any combination
     * @return the subset of {@code what}, 0 if none
     */
    public int pending(int what) {
        return loop().pending(ev, what);
    }

    /**
     * How long until the event's timeout fires: the timeout part of libevent's {@code event_pending}.
     *
     * @return the remaining time ({@link Duration#ZERO} if already due), or empty if no timeout is
     *         pending
     */
    public Optional<Duration> remainingTimeout() {
        long nanos = loop().remainingTimeout(ev);
        return nanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(nanos));
    }

    /**
     * Sets the active queue the callback runs in: libevent's {@code event_priority_set}. Lower
     * numbers are more urgent; new events get {@code base.priorities() / 2}.
     *
     * @param priority the new priority, 0 the most urgent
     * @throws IllegalArgumentException if {@code priority} is outside {@code 0..base.priorities()-1}
     * @throws IllegalStateException    if the event is active
     */
    public void setPriority(int priority) {
        loop().setPriority(ev, priority);
    }

    /**
     * The event's priority: libevent's {@code event_get_priority}.
     *
     * @return the active queue the callback runs in, 0 the most urgent
     */
    public int priority() {
        return ev.priority();
    }

    /**
     * The base this event belongs to: libevent's {@code event_get_base}.
     *
     * @return the base the event was created on
     */
    public EventBase base() {
        return base;
    }

    /**
     * The channel watched, or null for a timer, user event or signal: {@code event_get_fd}.
     *
     * @return the channel given at creation, or null
     */
    public SelectableChannel channel() {
        return ev.channel();
    }

    /**
     * The signal name, such as {@code "INT"}, for a signal event; null otherwise.
     *
     * @return the signal's name without {@code "SIG"}, or null if this is not a signal event
     */
    public String signal() {
        return ev.signal();
    }

    /**
     * The flags the event was created with: libevent's {@code event_get_events}.
     *
     * @return the {@link Ev} flags given at creation (a signal event has {@link Ev#SIGNAL} and
     *         {@link Ev#PERSIST})
     */
    public int events() {
        return ev.events();
    }

    /**
     * Whether {@link #close()} was called, or the base was closed.
     *
     * @return true once the event is closed, directly or with its base
     */
    public boolean isClosed() {
        return ev.isFreed() || loop().isClosed();
    }

    /**
     * Deletes the event and makes it unusable: libevent's {@code event_free}. From another thread
     * this waits until the callback is not running. Closing twice does nothing. The channel is not
     * closed.
     */
    @Override
    public void close() {
        loop().free(ev);
    }

    private EventLoop loop() {
        return ev.loop();
    }

    @Override
    public String toString() {
        return ev.toString();
    }
}
