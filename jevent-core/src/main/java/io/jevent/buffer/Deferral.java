package io.jevent.buffer;

import io.jevent.EventBase;
import io.jevent.internal.EventFlags;
import io.jevent.internal.EventLoop;
import io.jevent.internal.LoopEvent;
import io.jevent.internal.Loops;

/**
 * Runs a buffer's callbacks from an event loop instead of inside the call that changed it:
 * libevent's {@code evbuffer_defer_callbacks}. Each change activates one user event of the loop;
 * activating an event that is already active runs its callback once, so any number of changes
 * before the loop gets to it make one run, which reports them summed.
 */
final class Deferral {
    private final EventBase base;
    private final EventLoop loop;
    private final LoopEvent event;

    Deferral(EventBase base, Callbacks callbacks) {
        this.base = base;
        this.loop = Loops.of(base);
        this.event = loop.newOwnedEvent(null, 0, (ev, res) -> callbacks.runDeferred(this));
    }

    EventBase base() {
        return base;
    }

    /** Asks the loop for a run; nothing happens once the loop's base is closed. Any thread. */
    void schedule() {
        if (!event.isFreed() && !loop.isClosed()) {
            loop.activate(event, EventFlags.TIMEOUT);
        }
    }

    /**
     * Cancels a pending run for good, without waiting for the loop: the event is owned, so a run
     * already under way finishes, and one that starts later finds the buffer closed or deferred
     * elsewhere and does nothing.
     */
    void cancel() {
        loop.free(event);
    }
}
