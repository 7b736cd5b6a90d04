package io.jevent.bufferevent;

import io.jevent.internal.LoopEvent;

/**
 * A BufferEvent's callbacks that run later, from the loop (libevent's {@code readcb_pending},
 * {@code writecb_pending}, {@code eventcb_pending} and their deferred callback): with
 * {@link BufferEvent.Option#DEFER_CALLBACKS}, and for events that must not run inside the call that
 * caused them, such as an immediately failed connect. Requests made before the loop gets to them
 * coalesce: one read callback, one write callback, the event bits ORed together. Loop thread, or
 * under the BufferEvent's lock.
 */
final class DeferredCallbacks {
    private final BufferEvent bev;
    private final LoopEvent event;
    private boolean readPending;
    private boolean writePending;
    private int eventsPending;

    DeferredCallbacks(BufferEvent bev) {
        this.bev = bev;
        this.event = bev.loop.newOwnedEvent(null, 0, (ev, res) -> run());
    }

    void read() {
        readPending = true;
        schedule();
    }

    void write() {
        writePending = true;
        schedule();
    }

    void event(int events) {
        eventsPending |= events;
        schedule();
    }

    /** Runs in the next loop iteration, after the loop has polled again, as libevent's do. */
    private void schedule() {
        bev.loop.activateLater(event, 0);
    }

    /** Forgets what was scheduled: the connection it was for is gone. */
    void drop() {
        readPending = false;
        writePending = false;
        eventsPending = 0;
        bev.loop.del(event);
    }

    void free() {
        bev.loop.free(event);
    }

    /**
     * libevent's {@code bufferevent_run_deferred_callbacks_locked}: CONNECTED first (it happened
     * before any data), then read, write, and the rest of the events.
     */
    private void run() {
        boolean unlocked = bev.unlockCallbacks;
        if (!unlocked) {
            bev.enter();
        }
        try {
            if (bev.closed) {
                return;
            }
            BevEventCallback onEvent = bev.eventCallback();
            if ((eventsPending & BevEvent.CONNECTED) != 0 && onEvent != null) {
                eventsPending &= ~BevEvent.CONNECTED;
                onEvent.onEvent(bev, BevEvent.CONNECTED);
            }
            BevDataCallback onRead = bev.readCallback();
            if (readPending && onRead != null && !bev.closed) {
                readPending = false;
                onRead.onData(bev);
            }
            BevDataCallback onWrite = bev.writeCallback();
            if (writePending && onWrite != null && !bev.closed) {
                writePending = false;
                onWrite.onData(bev);
            }
            onEvent = bev.eventCallback();
            if (eventsPending != 0 && onEvent != null && !bev.closed) {
                int events = eventsPending;
                eventsPending = 0;
                onEvent.onEvent(bev, events);
            }
        } finally {
            if (!unlocked) {
                bev.exit();
            }
        }
    }
}
