package io.jevent.buffer;

import io.jevent.EventBase;
import io.jevent.buffer.internal.BufferState;
import io.jevent.buffer.internal.ChangeListener;
import java.util.concurrent.locks.Lock;

/**
 * The callbacks of one buffer and the changes not reported to them yet: libevent's callback list
 * with its {@code n_add_for_cb} and {@code n_del_for_cb} counters. Guarded by the buffer's lock,
 * which the methods called from EvBuffer take; the others run with it held.
 *
 * <p>Entries form a doubly linked list, newest first as in libevent. A removed entry keeps its
 * {@code next} link, so a run that is standing on it when a callback removes it (or removes the
 * entry after it) still finds the way on; removed entries are skipped.
 */
final class Callbacks implements ChangeListener {
    private final EvBuffer buffer;
    private CallbackEntry first;
    private long added;
    private long deleted;
    /** Set by {@code deferCallbacks}: changes then run the callbacks later, from that loop. */
    private Deferral deferral;

    Callbacks(EvBuffer buffer) {
        this.buffer = buffer;
    }

    CallbackEntry add(EvBufferCallback cb) {
        Lock l = buffer.state.lock();
        try {
            buffer.state.checkOpen();
            CallbackEntry e = new CallbackEntry(buffer, cb);
            e.next = first;
            if (first != null) {
                first.prev = e;
            }
            first = e;
            return e;
        } finally {
            BufferState.release(l);
        }
    }

    boolean remove(CallbackEntry e) {
        Lock l = buffer.state.lock();
        try {
            buffer.state.checkOpen();
            if (e.removed) {
                return false;
            }
            e.removed = true;
            if (e.prev == null) {
                first = e.next;
            } else {
                e.prev.next = e.next;
            }
            if (e.next != null) {
                e.next.prev = e.prev;
            }
            return true;
        } finally {
            BufferState.release(l);
        }
    }

    void removeAll() {
        for (CallbackEntry e = first; e != null; e = e.next) {
            e.removed = true;
        }
        first = null;
    }

    /** Records a change and runs the callbacks now, or asks the loop to run them. */
    @Override
    public void changed(long length, long add, long del) {
        if (first == null) {
            added = 0;
            deleted = 0;
            return;
        }
        added += add;
        deleted += del;
        if (deferral != null) {
            deferral.schedule();
        } else {
            run(length);
        }
    }

    /** From now on, runs the callbacks from {@code base}'s loop ({@code evbuffer_defer_callbacks}). */
    void deferTo(EventBase base) {
        BufferState state = buffer.state;
        Deferral old;
        Lock l = state.lock();
        try {
            state.checkOpen();
            old = deferral;
            if (old != null && old.base() == base) {
                return;
            }
            deferral = new Deferral(base, this);
            if (old != null) {
                old.cancel();
            }
        } finally {
            BufferState.release(l);
        }
    }

    /**
     * A deferred run, on {@code from}'s loop thread. A cancelled deferral may still run once (its
     * event is owned, so cancelling does not wait): only the current one reports.
     */
    void runDeferred(Deferral from) {
        BufferState state = buffer.state;
        Lock l = state.lock();
        try {
            if (!state.isClosed() && from == deferral) {
                run(state.chain().length());
            }
        } finally {
            BufferState.release(l);
        }
    }

    /** The buffer is closed: forget every entry and cancel a pending deferred run. */
    void close() {
        Lock l = buffer.state.lock();
        try {
            removeAll();
            if (deferral != null) {
                deferral.cancel();
                deferral = null;
            }
        } finally {
            BufferState.release(l);
        }
    }

    /** Runs the enabled entries with the changes summed since the last run, and clears the sums. */
    void run(long length) {
        long a = added;
        long d = deleted;
        if (a == 0 && d == 0) {
            return;
        }
        added = 0;
        deleted = 0;
        long original = length + d - a;
        for (CallbackEntry e = first; e != null; e = e.next) {
            if (!e.removed && e.enabled) {
                e.callback.onChange(buffer, original, a, d);
            }
        }
    }
}
