package io.jevent.internal;

/**
 * The pending events that share one timeout duration, in deadline order.
 *
 * <p>Events added with the same duration expire in the order they were added (their deadline is
 * "now + duration" and now never goes back), so this list is a FIFO and adding or removing an event
 * costs O(1). This is libevent's common-timeout queue, made automatic: every duration gets one.
 * Only the list's head stands in the {@link TimerQueues} heap.
 */
final class TimerList {
    final long duration;
    LoopEvent head;
    LoopEvent tail;

    /** Position in the heap, or -1. */
    int heapIndex = -1;
    /**
     * The heap key: the deadline and sequence number of the head when the key was last set. Removing
     * the head does not touch the heap, so the key may be earlier than the current head's; it is
     * never later. A stale key only makes the loop look at this list too early, which is cheap.
     */
    long keyDeadline;
    long keySeq;

    TimerList(long duration) {
        this.duration = duration;
    }

    boolean isEmpty() {
        return head == null;
    }
}
