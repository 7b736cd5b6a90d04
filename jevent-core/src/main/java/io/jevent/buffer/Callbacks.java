package io.jevent.buffer;

import io.jevent.buffer.internal.ChangeListener;

/**
 * The callbacks of one buffer and the changes not reported to them yet: libevent's callback list
 * with its {@code n_add_for_cb} and {@code n_del_for_cb} counters. Guarded by the buffer's lock.
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
    Deferral deferral;

    Callbacks(EvBuffer buffer) {
        this.buffer = buffer;
    }

    CallbackEntry add(EvBufferCallback cb) {
        CallbackEntry e = new CallbackEntry(buffer, cb);
        e.next = first;
        if (first != null) {
            first.prev = e;
        }
        first = e;
        return e;
    }

    boolean remove(CallbackEntry e) {
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
