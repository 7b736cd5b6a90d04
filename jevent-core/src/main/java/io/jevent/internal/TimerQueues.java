package io.jevent.internal;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Every pending timeout of one loop: a min-heap of {@link TimerList}s, one list per distinct
 * duration.
 *
 * <p>Why not one heap of events, as libevent's default? Real programs use few distinct durations
 * (an idle timeout, a connect timeout) for many events, and re-arm them constantly. With one list
 * per duration, re-arming an idle timeout unlinks the event and appends it at the tail: no heap
 * work, no allocation. The heap only orders the lists, by the deadline of their heads. Durations
 * used once cost what a plain heap entry would.
 *
 * <p>Ties are broken by a sequence number given at each insertion, so events with equal deadlines
 * expire in the order they were added, whatever their durations.
 */
final class TimerQueues {
    private static final TimerList[] EMPTY = new TimerList[0];

    private TimerList[] heap = new TimerList[16];
    private int heapSize;

    // Open-addressing table from duration to list, linear probing, power-of-two capacity.
    private TimerList[] table = new TimerList[16];
    private int tableCount;

    private long nextSeq;
    /** Events in the lists; read by other threads for the metrics, so possibly stale there. */
    private int size;

    /**
     * Adds an event whose {@code deadline} is already set, to the list of {@code duration}.
     * The event must not be in any list.
     */
    void insert(LoopEvent ev, long duration) {
        TimerList list = listFor(duration);
        ev.timerSeq = nextSeq++;
        size++;
        // Walk back from the tail: nearly always the event goes last. It does not when a
        // persistent event is re-armed at its previous deadline plus its interval.
        LoopEvent after = list.tail;
        while (after != null && after.deadline > ev.deadline) {
            after = after.timerPrev;
        }
        ev.timerList = list;
        ev.timerPrev = after;
        if (after == null) {
            ev.timerNext = list.head;
            list.head = ev;
        } else {
            ev.timerNext = after.timerNext;
            after.timerNext = ev;
        }
        if (ev.timerNext == null) {
            list.tail = ev;
        } else {
            ev.timerNext.timerPrev = ev;
        }
        if (list.head == ev) {
            if (list.heapIndex < 0) {
                list.keyDeadline = ev.deadline;
                list.keySeq = ev.timerSeq;
                push(list);
            } else if (before(ev.deadline, ev.timerSeq, list.keyDeadline, list.keySeq)) {
                list.keyDeadline = ev.deadline;
                list.keySeq = ev.timerSeq;
                siftUp(list.heapIndex);
            }
        }
    }

    /** Unlinks an event from its list. The heap is left alone (see {@link TimerList#keyDeadline}). */
    void remove(LoopEvent ev) {
        size--;
        TimerList list = ev.timerList;
        if (ev.timerPrev == null) {
            list.head = ev.timerNext;
        } else {
            ev.timerPrev.timerNext = ev.timerNext;
        }
        if (ev.timerNext == null) {
            list.tail = ev.timerPrev;
        } else {
            ev.timerNext.timerPrev = ev.timerPrev;
        }
        ev.timerList = null;
        ev.timerPrev = null;
        ev.timerNext = null;
    }

    /**
     * The earliest pending deadline, or {@link Long#MAX_VALUE} when no timer is pending. Settles
     * stale heap keys and drops empty lists on the way.
     */
    long nextDeadline() {
        LoopEvent first = first();
        return first == null ? Long.MAX_VALUE : first.deadline;
    }

    /** The event with the earliest deadline (ties: the earliest added), or null. */
    LoopEvent first() {
        while (heapSize > 0) {
            TimerList top = heap[0];
            LoopEvent head = top.head;
            if (head == null) {
                removeTop();
                forget(top);
            } else if (top.keyDeadline != head.deadline || top.keySeq != head.timerSeq) {
                top.keyDeadline = head.deadline;
                top.keySeq = head.timerSeq;
                siftDown(0);
            } else {
                return head;
            }
        }
        return null;
    }

    boolean isEmpty() {
        return first() == null;
    }

    /** Visits every pending timer event, list by list. */
    void forEach(Consumer<LoopEvent> action) {
        for (TimerList list : table) {
            if (list != null) {
                for (LoopEvent ev = list.head; ev != null; ) {
                    LoopEvent next = ev.timerNext;
                    action.accept(ev);
                    ev = next;
                }
            }
        }
    }

    /** Forgets everything; the loop is being closed. */
    void clear() {
        heap = EMPTY;
        heapSize = 0;
        table = new TimerList[1];
        tableCount = 0;
        size = 0;
    }

    /** How many events wait for a timeout. */
    int size() {
        return size;
    }

    // ---- the table ----

    private TimerList listFor(long duration) {
        int mask = table.length - 1;
        int i = slot(duration, mask);
        TimerList list;
        while ((list = table[i]) != null) {
            if (list.duration == duration) {
                return list;
            }
            i = (i + 1) & mask;
        }
        list = new TimerList(duration);
        table[i] = list;
        if (++tableCount * 2 > table.length) {
            rehash(table.length * 2);
        }
        return list;
    }

    private void forget(TimerList list) {
        int mask = table.length - 1;
        int i = slot(list.duration, mask);
        while (table[i] != list) {
            i = (i + 1) & mask;
        }
        table[i] = null;
        tableCount--;
        // Backward-shift deletion keeps every probe chain unbroken without tombstones.
        int gap = i;
        for (int j = (i + 1) & mask; table[j] != null; j = (j + 1) & mask) {
            int home = slot(table[j].duration, mask);
            boolean movable = gap <= j ? (home <= gap || home > j) : (home <= gap && home > j);
            if (movable) {
                table[gap] = table[j];
                table[j] = null;
                gap = j;
            }
        }
    }

    private void rehash(int capacity) {
        TimerList[] old = table;
        table = new TimerList[capacity];
        int mask = capacity - 1;
        for (TimerList list : old) {
            if (list != null) {
                int i = slot(list.duration, mask);
                while (table[i] != null) {
                    i = (i + 1) & mask;
                }
                table[i] = list;
            }
        }
    }

    private static int slot(long duration, int mask) {
        long h = duration * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    // ---- the heap ----

    private static boolean before(long deadlineA, long seqA, long deadlineB, long seqB) {
        return deadlineA < deadlineB || (deadlineA == deadlineB && seqA < seqB);
    }

    private static boolean before(TimerList a, TimerList b) {
        return before(a.keyDeadline, a.keySeq, b.keyDeadline, b.keySeq);
    }

    private void push(TimerList list) {
        if (heapSize == heap.length) {
            heap = Arrays.copyOf(heap, Math.max(16, heapSize * 2));
        }
        heap[heapSize] = list;
        list.heapIndex = heapSize;
        heapSize++;
        siftUp(heapSize - 1);
    }

    private void removeTop() {
        TimerList top = heap[0];
        top.heapIndex = -1;
        heapSize--;
        TimerList last = heap[heapSize];
        heap[heapSize] = null;
        if (heapSize > 0) {
            heap[0] = last;
            last.heapIndex = 0;
            siftDown(0);
        }
    }

    private void siftUp(int i) {
        TimerList moving = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            TimerList p = heap[parent];
            if (!before(moving, p)) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = moving;
        moving.heapIndex = i;
    }

    private void siftDown(int i) {
        TimerList moving = heap[i];
        int half = heapSize >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < heapSize && before(heap[right], heap[child])) {
                child = right;
            }
            if (!before(heap[child], moving)) {
                break;
            }
            heap[i] = heap[child];
            heap[i].heapIndex = i;
            i = child;
        }
        heap[i] = moving;
        moving.heapIndex = i;
    }
}
