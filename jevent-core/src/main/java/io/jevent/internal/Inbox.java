package io.jevent.internal;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Work handed to a running loop by other threads: a multi-producer, single-consumer stack that the
 * loop drains whole, and the loop's queue of work taken from it but not yet run.
 *
 * <p>Producers push with one CAS. The loop takes everything with one atomic swap and reverses it
 * behind what it took before, so it runs a snapshot in submission order: a task that submits another
 * task does not keep the loop draining forever, the new one waits for the next iteration.
 *
 * <p>The taken queue is what keeps each thread's tasks in order when the loop stops: the user tasks
 * a stopping loop does not run stay at its head, and whatever producers push meanwhile goes behind
 * them at the next take. (Pushing them back onto the stack would interleave them with those
 * pushes.) It belongs to the consumer: the loop thread while a loop runs, else whoever holds the
 * loop's lock. Empty, it costs {@link #take} one field read.
 *
 * <p>Closing the base seals the stack: a push fails from then on, and what was pushed before is
 * taken, so every task is either refused or run.
 */
final class Inbox {
    static final class Node {
        final Runnable task;
        Node next;

        Node(Runnable task) {
            this.task = task;
        }
    }

    /** The top of a sealed stack: nothing can be pushed on it. */
    private static final Node SEALED = new Node(null);

    private final AtomicReference<Node> top = new AtomicReference<>();
    /** Taken and not yet run, oldest first. Consumer only. */
    private Node head;
    private Node tail;

    /**
     * Any thread.
     *
     * @return false, and nothing pushed, if the inbox is sealed
     */
    boolean push(Runnable task) {
        Node node = new Node(task);
        Node t;
        do {
            t = top.get();
            if (t == SEALED) {
                return false;
            }
            node.next = t;
        } while (!top.compareAndSet(t, node));
        return true;
    }

    /** Any thread: whether the stack holds nothing to take; the answer may be stale. */
    boolean isEmpty() {
        Node t = top.get();
        return t == null || t == SEALED;
    }

    /**
     * Consumer: moves everything pushed so far behind the work already taken.
     *
     * @return whether there is taken work to {@link #poll}
     */
    boolean take() {
        // A plain volatile read first: the loop asks once per iteration, nearly always for nothing,
        // and the atomic swap costs a locked instruction even then.
        Node t = top.get();
        if (t != null && t != SEALED) {
            append(top.getAndSet(null));
        }
        return head != null;
    }

    /** Consumer: the oldest taken task, or null when every taken task was handed out. */
    Runnable poll() {
        Node n = head;
        if (n == null) {
            return null;
        }
        head = n.next;
        if (head == null) {
            tail = null;
        }
        return n.task;
    }

    /**
     * Consumer, when the loop stops: takes everything and hands out the loop's own work, oldest
     * first, to run now; the {@link UserTask}s stay taken, in order, for the next run.
     *
     * @return the chain of loop work, or null
     */
    Node takeLoopWork() {
        if (!take()) {
            return null;
        }
        Node work = null;
        Node workTail = null;
        Node kept = null;
        Node keptTail = null;
        for (Node n = head; n != null; ) {
            Node next = n.next;
            n.next = null;
            if (n.task instanceof UserTask) {
                if (kept == null) {
                    kept = n;
                } else {
                    keptTail.next = n;
                }
                keptTail = n;
            } else {
                if (work == null) {
                    work = n;
                } else {
                    workTail.next = n;
                }
                workTail = n;
            }
            n = next;
        }
        head = kept;
        tail = keptTail;
        return work;
    }

    /**
     * Consumer, when the base closes: seals the stack, so that every later push fails, and takes
     * what it held. {@link #poll} then hands out the last tasks there will be.
     */
    void seal() {
        Node t = top.getAndSet(SEALED);
        if (t != SEALED) {
            append(t);
        }
    }

    /** Reverses a chain popped from the stack, newest first, and appends it to the taken queue. */
    private void append(Node newestFirst) {
        Node oldestFirst = null;
        Node last = newestFirst;
        for (Node n = newestFirst; n != null; ) {
            Node next = n.next;
            n.next = oldestFirst;
            oldestFirst = n;
            n = next;
        }
        if (oldestFirst == null) {
            return;
        }
        if (head == null) {
            head = oldestFirst;
        } else {
            tail.next = oldestFirst;
        }
        tail = last;
    }
}
