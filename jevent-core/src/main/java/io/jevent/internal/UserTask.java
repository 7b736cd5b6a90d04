package io.jevent.internal;

/**
 * A task given to {@code EventBase.execute}. Kept apart from the loop's own inbox work because, when
 * the loop stops, its own work is finished at once but user tasks wait for the next run (or, if the
 * base closes first, run as it closes).
 */
final class UserTask implements Runnable {
    private final Runnable task;

    UserTask(Runnable task) {
        this.task = task;
    }

    @Override
    public void run() {
        task.run();
    }
}
