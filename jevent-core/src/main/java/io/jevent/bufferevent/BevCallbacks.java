package io.jevent.bufferevent;

import io.jevent.internal.LoopEvent;

/**
 * A BufferEvent's three callbacks and how they run: at once, inside the operation that caused
 * them, or later from the loop (libevent's {@code bufferevent_run_readcb_} and its siblings, and
 * their deferred callback with {@code readcb_pending}, {@code writecb_pending} and
 * {@code eventcb_pending}). Deferred requests made before the loop gets to them coalesce: one read
 * callback, one write callback, the event bits ORed together. Guarded by the BufferEvent: loop
 * thread, or its lock.
 */
final class BevCallbacks {
    private final BufferEvent bev;
    // Volatile, so that the getters may answer any thread without the lock: they change rarely.
    private volatile BevDataCallback read;
    private volatile BevDataCallback write;
    private volatile BevEventCallback event;
    /** Made when first needed: most BufferEvents never defer a callback. */
    private LoopEvent deferred;
    private boolean readPending;
    private boolean writePending;
    private int eventsPending;

    BevCallbacks(BufferEvent bev) {
        this.bev = bev;
    }

    void set(BevDataCallback read, BevDataCallback write, BevEventCallback event) {
        this.read = read;
        this.write = write;
        this.event = event;
    }

    BevDataCallback read() {
        return read;
    }

    BevDataCallback write() {
        return write;
    }

    BevEventCallback event() {
        return event;
    }

    /** libevent's {@code bufferevent_run_readcb_}. */
    void runRead(boolean defer) {
        BevDataCallback cb = read;
        if (cb == null) {
            return;
        }
        if (defer || bev.deferCallbacks) {
            readPending = true;
            schedule();
        } else {
            cb.onData(bev);
        }
    }

    /** libevent's {@code bufferevent_run_writecb_}. */
    void runWrite(boolean defer) {
        BevDataCallback cb = write;
        if (cb == null) {
            return;
        }
        if (defer || bev.deferCallbacks) {
            writePending = true;
            schedule();
        } else {
            cb.onData(bev);
        }
    }

    /** libevent's {@code bufferevent_run_eventcb_}. */
    void runEvent(int events, boolean defer) {
        BevEventCallback cb = event;
        if (cb == null) {
            return;
        }
        if (defer || bev.deferCallbacks) {
            eventsPending |= events;
            schedule();
        } else {
            cb.onEvent(bev, events);
        }
    }

    /**
     * Runs once the callbacks active now have run, in this loop iteration, as libevent's
     * {@code event_deferred_cb_schedule_} does (it falls back to the next iteration only after 32
     * deferrals in one, which jevent's coalescing makes unnecessary: a BufferEvent has one).
     */
    private void schedule() {
        LoopEvent ev = deferred;
        if (ev == null) {
            ev = bev.loop.newOwnedEvent(null, 0, (e, res) -> runDeferred());
            deferred = ev;
        }
        bev.loop.activate(ev, 0);
    }

    /** Forgets what was scheduled: the connection it was for is gone. */
    void dropDeferred() {
        readPending = false;
        writePending = false;
        eventsPending = 0;
        if (deferred != null) {
            bev.loop.del(deferred);
        }
    }

    /** The BufferEvent is closed: no callback runs any more. */
    void close() {
        set(null, null, null);
        if (deferred != null) {
            bev.loop.free(deferred);
        }
    }

    /**
     * libevent's {@code bufferevent_run_deferred_callbacks_locked} (or {@code _unlocked} with
     * {@code UNLOCK_CALLBACKS}, which takes the lock only to take the requests): CONNECTED first,
     * since it happened before any data, then read, write, and the rest of the events.
     */
    private void runDeferred() {
        Guard.enter(bev);
        try {
            boolean r = readPending;
            boolean w = writePending;
            int events = eventsPending;
            readPending = false;
            writePending = false;
            eventsPending = 0;
            if (bev.unlockCallbacks) {
                Guard.exit(bev);
                try {
                    callDeferred(r, w, events);
                } finally {
                    Guard.enter(bev);
                }
            } else {
                callDeferred(r, w, events);
            }
        } finally {
            Guard.exit(bev);
        }
    }

    private void callDeferred(boolean r, boolean w, int events) {
        if (bev.closed) {
            return;
        }
        BevEventCallback onEvent = event;
        if ((events & BevEvent.CONNECTED) != 0 && onEvent != null) {
            events &= ~BevEvent.CONNECTED;
            onEvent.onEvent(bev, BevEvent.CONNECTED);
        }
        BevDataCallback onRead = read;
        if (r && onRead != null && !bev.closed) {
            onRead.onData(bev);
        }
        BevDataCallback onWrite = write;
        if (w && onWrite != null && !bev.closed) {
            onWrite.onData(bev);
        }
        onEvent = event;
        if (events != 0 && onEvent != null && !bev.closed) {
            onEvent.onEvent(bev, events);
        }
    }
}
