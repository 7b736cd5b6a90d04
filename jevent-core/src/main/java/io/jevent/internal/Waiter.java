package io.jevent.internal;

import java.util.concurrent.CountDownLatch;

/**
 * Inbox work that another thread waits for: it blocks until the loop ran it, and gets back what it
 * threw. Used where libevent blocks a foreign thread too ({@code event_del} while the callback runs).
 */
final class Waiter implements Runnable {
    private final Runnable work;
    private final CountDownLatch done = new CountDownLatch(1);
    private RuntimeException failure;

    Waiter(Runnable work) {
        this.work = work;
    }

    @Override
    public void run() {
        try {
            work.run();
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            done.countDown();
        }
    }

    /** Waits for the loop to run the work; rethrows what it threw. */
    void await() {
        awaitUninterruptibly(done);
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Waits for {@code latch}, keeping an interrupt for later: the loop is committed to the work,
     * so returning early would break the promise that it is done.
     */
    static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
