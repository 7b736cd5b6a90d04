package io.jevent.buffer;

/**
 * The callbacks of one buffer and the changes not reported to them yet: libevent's callback list
 * with its {@code n_add_for_cb} and {@code n_del_for_cb} counters. Guarded by the buffer.
 *
 * <p>Entries form a doubly linked list, newest first as in libevent. A removed entry keeps its
 * {@code next} link, so a run that is standing on it when a callback removes it (or removes the
 * entry after it) still finds the way on; removed entries are skipped.
 */
final class Callbacks {
    private CallbackEntry first;
    private long added;
    private long deleted;

    CallbackEntry add(EvBuffer buffer, EvBufferCallback cb, boolean immediate) {
        CallbackEntry e = new CallbackEntry(buffer, cb, immediate);
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

    /**
     * Records a change and runs the callbacks that should see it now. With {@code deferring}, only
     * immediate entries run and the counts keep accumulating for the deferred run.
     *
     * @return true when a deferred run should be scheduled
     */
    boolean changed(EvBuffer buffer, long length, long add, long del, boolean deferring) {
        if (first == null) {
            added = 0;
            deleted = 0;
            return false;
        }
        added += add;
        deleted += del;
        if (added == 0 && deleted == 0) {
            return false;
        }
        run(buffer, length, deferring, false);
        return deferring;
    }

    /**
     * Runs the matching enabled entries with the accumulated counts. The counts are cleared unless
     * this is the immediate half of deferred mode, whose counts the deferred run still reports.
     */
    void run(EvBuffer buffer, long length, boolean immediateOnly, boolean deferredRun) {
        if (added == 0 && deleted == 0) {
            return;
        }
        long a = added;
        long d = deleted;
        long original = length + d - a;
        if (!immediateOnly) {
            added = 0;
            deleted = 0;
        }
        for (CallbackEntry e = first; e != null; e = e.next) {
            if (!e.removed && e.enabled && (immediateOnly ? e.immediate : !deferredRun || !e.immediate)) {
                e.callback.onChange(buffer, original, a, d);
            }
        }
    }
}
