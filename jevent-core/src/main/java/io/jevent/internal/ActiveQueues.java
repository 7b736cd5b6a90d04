package io.jevent.internal;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The events waiting for their callback: one FIFO per priority, plus the "active later" FIFO of
 * events that must wait for the next loop iteration (libevent's {@code active_later_queue}, used
 * for deferred callbacks). Intrusive: an event carries its own links, nothing is allocated.
 */
final class ActiveQueues {
    private final LoopEvent[] heads;
    private final LoopEvent[] tails;
    private LoopEvent laterHead;
    private LoopEvent laterTail;
    /** Active plus active-later events: libevent's {@code event_count_active}. */
    private int count;

    ActiveQueues(int priorities) {
        heads = new LoopEvent[priorities];
        tails = new LoopEvent[priorities];
    }

    int priorities() {
        return heads.length;
    }

    int count() {
        return count;
    }

    LoopEvent head(int priority) {
        return heads[priority];
    }

    void insert(LoopEvent ev) {
        ev.flags |= LoopEvent.ACTIVE;
        int p = ev.priority;
        ev.activeNext = null;
        ev.activePrev = tails[p];
        if (tails[p] == null) {
            heads[p] = ev;
        } else {
            tails[p].activeNext = ev;
        }
        tails[p] = ev;
        count++;
    }

    void remove(LoopEvent ev) {
        ev.flags &= ~LoopEvent.ACTIVE;
        int p = ev.priority;
        if (ev.activePrev == null) {
            heads[p] = ev.activeNext;
        } else {
            ev.activePrev.activeNext = ev.activeNext;
        }
        if (ev.activeNext == null) {
            tails[p] = ev.activePrev;
        } else {
            ev.activeNext.activePrev = ev.activePrev;
        }
        ev.activePrev = null;
        ev.activeNext = null;
        count--;
    }

    void insertLater(LoopEvent ev) {
        ev.flags |= LoopEvent.ACTIVE_LATER;
        ev.activeNext = null;
        ev.activePrev = laterTail;
        if (laterTail == null) {
            laterHead = ev;
        } else {
            laterTail.activeNext = ev;
        }
        laterTail = ev;
        count++;
    }

    void removeLater(LoopEvent ev) {
        ev.flags &= ~LoopEvent.ACTIVE_LATER;
        if (ev.activePrev == null) {
            laterHead = ev.activeNext;
        } else {
            ev.activePrev.activeNext = ev.activeNext;
        }
        if (ev.activeNext == null) {
            laterTail = ev.activePrev;
        } else {
            ev.activeNext.activePrev = ev.activePrev;
        }
        ev.activePrev = null;
        ev.activeNext = null;
        count--;
    }

    /** Moves every active-later event to the tail of its priority's queue. */
    void makeLaterActive() {
        LoopEvent ev;
        while ((ev = laterHead) != null) {
            removeLater(ev);
            insert(ev);
        }
    }

    /** Visits the active events, most urgent priority first, then the active-later ones. */
    void forEach(Consumer<LoopEvent> action) {
        for (LoopEvent head : heads) {
            for (LoopEvent ev = head; ev != null; ev = ev.activeNext) {
                action.accept(ev);
            }
        }
        for (LoopEvent ev = laterHead; ev != null; ev = ev.activeNext) {
            action.accept(ev);
        }
    }

    /** Forgets every queued event; the loop is being closed. */
    void clear() {
        Arrays.fill(heads, null);
        Arrays.fill(tails, null);
        laterHead = null;
        laterTail = null;
        count = 0;
    }
}
