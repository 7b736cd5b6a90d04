package io.jevent.internal;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Work handed to a running loop by other threads: a multi-producer, single-consumer stack that the
 * loop drains whole.
 *
 * <p>Producers push with one CAS. The loop takes everything with one atomic swap and reverses it,
 * so it runs a snapshot in submission order: a task that submits another task does not keep the
 * loop draining forever, the new one waits for the next iteration.
 */
final class Inbox {
    static final class Node {
        final Runnable task;
        Node next;

        Node(Runnable task) {
            this.task = task;
        }
    }

    private final AtomicReference<Node> top = new AtomicReference<>();

    /** Any thread. */
    void push(Runnable task) {
        Node node = new Node(task);
        Node t;
        do {
            t = top.get();
            node.next = t;
        } while (!top.compareAndSet(t, node));
    }

    /** Any thread; the answer may be stale by the time it returns. */
    boolean isEmpty() {
        return top.get() == null;
    }

    /** Loop thread: everything pushed so far, oldest first, or null. */
    Node takeAll() {
        // A plain volatile read first: the loop asks once per run, nearly always for nothing, and
        // the atomic swap costs a locked instruction even then.
        if (top.get() == null) {
            return null;
        }
        Node n = top.getAndSet(null);
        Node reversed = null;
        while (n != null) {
            Node next = n.next;
            n.next = reversed;
            reversed = n;
            n = next;
        }
        return reversed;
    }
}
