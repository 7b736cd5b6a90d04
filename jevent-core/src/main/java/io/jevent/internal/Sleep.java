package io.jevent.internal;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The wake-up protocol between the loop and the threads that hand it work: the loop says when it is
 * about to sleep in the backend, and a thread that has just handed it work wakes it only then, once
 * for any number of hand-offs. A poll that cannot sleep touches nothing here.
 */
final class Sleep {
    private final Backend backend;
    private final Inbox inbox;
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final AtomicLong wakeups = new AtomicLong();

    Sleep(Backend backend, Inbox inbox) {
        this.backend = backend;
        this.inbox = inbox;
    }

    /** Loop thread: polls the backend for up to {@code timeoutNanos} (0: no wait; negative: until woken). */
    void poll(long timeoutNanos) throws IOException {
        if (timeoutNanos == 0) {
            // A poll that cannot sleep needs no wake-up, so it skips the two fenced stores to
            // sleeping, which stays false: only the loop thread ever sets it.
            backend.poll(0);
            return;
        }
        sleeping.set(true);
        if (!inbox.isEmpty()) {
            timeoutNanos = 0;
        }
        try {
            backend.poll(timeoutNanos);
        } finally {
            sleeping.set(false);
        }
    }

    /** Any thread, after handing work over: wakes the loop if, and only if, it sleeps. */
    void wakeupIfSleeping() {
        if (sleeping.get() && sleeping.compareAndSet(true, false)) {
            wakeups.incrementAndGet();
            backend.wakeup();
        }
    }

    long wakeups() {
        return wakeups.get();
    }

    boolean isSleeping() {
        return sleeping.get();
    }
}
