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
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                // The loop is committed to running the work; waiting out the rest keeps our promise.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
