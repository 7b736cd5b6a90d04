package io.jevent.internal;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Who may touch a loop's state, and how other threads hand it work: while a loop runs, its thread
 * (the owner) alone touches the state, and other threads push work into the {@link Inbox} and wake
 * it if it sleeps; while none runs, they apply work directly under {@link #lock}, which the loop
 * takes to start and to stop, so that nothing is applied twice or out of order.
 */
final class Handoff {
    final ReentrantLock lock = new ReentrantLock();
    final Inbox inbox = new Inbox();
    final Sleep sleep;
    /** The thread running the loop, or null. Written under {@link #lock}. */
    volatile Thread owner;

    Handoff(Backend backend) {
        this.sleep = new Sleep(backend, inbox);
    }

    boolean inLoopThread() {
        return owner == Thread.currentThread();
    }

    boolean isRunning() {
        return owner != null;
    }

    /**
     * Applies {@code work} to the loop's state from a thread that is not the loop's: directly if no
     * loop runs, else through the inbox, waiting until the loop has run it when {@code wait}.
     */
    void handOver(Runnable work, boolean wait) {
        Waiter waiter = null;
        lock.lock();
        try {
            if (owner == null) {
                work.run();
                return;
            }
            if (wait) {
                waiter = new Waiter(work);
                push(waiter);
            } else {
                push(work);
            }
        } finally {
            lock.unlock();
        }
        sleep.wakeupIfSleeping();
        if (waiter != null) {
            waiter.await();
        }
    }

    /**
     * Hands work to the running loop. Under the lock, with a loop running: the inbox cannot be
     * sealed, since sealing also holds the lock and leaves no loop running when it lets go.
     */
    void push(Runnable work) {
        boolean pushed = inbox.push(work);
        assert pushed : "the inbox is sealed while a loop runs";
    }

    /** Runs {@code action} on the loop's state: at once on the loop thread, else as {@link #handOver} and waits. */
    void inspect(Runnable action) {
        if (inLoopThread()) {
            action.run();
        } else {
            handOver(action, true);
        }
    }
}
