package io.jevent.buffer;

import io.jevent.Ev;
import io.jevent.Event;
import io.jevent.EventBase;
import io.jevent.EventCallback;

/**
 * Runs a buffer's callbacks from an event loop instead of inside the call that changed it:
 * libevent's {@code evbuffer_defer_callbacks}. Each change activates one user event of the loop;
 * activating an event that is already active runs its callback once, so any number of changes
 * before the loop gets to it make one run, which reports them summed.
 */
final class Deferral implements EventCallback {
    private final BufferCore buffer;
    private final Event event;

    Deferral(BufferCore buffer, EventBase base) {
        this.buffer = buffer;
        this.event = base.newTimer(this);
    }

    EventBase base() {
        return event.base();
    }

    /** Asks the loop for a run; nothing happens once the loop's base is closed. Any thread. */
    void schedule() {
        if (!event.isClosed()) {
            event.activate(Ev.TIMEOUT);
        }
    }

    /**
     * Cancels a pending run for good. From a thread other than the loop's this waits for the loop,
     * so the caller must not hold the buffer's lock, which a running deferred callback may want.
     */
    void cancel() {
        event.close();
    }

    @Override
    public void onEvent(Event ev, int what) {
        buffer.runDeferredCallbacks();
    }
}
