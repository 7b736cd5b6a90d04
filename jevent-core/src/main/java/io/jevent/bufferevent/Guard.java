package io.jevent.bufferevent;

import io.jevent.internal.EventLoop;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How a call gets into a BufferEvent: under its lock when it is {@link BevOption#THREADSAFE} (the
 * lock also guards both buffers, and the loop's handlers take it too), else only from the thread it
 * belongs to: its loop's thread while that loop runs, any one thread while none does.
 */
final class Guard {
    private final EventLoop loop;
    /** Present with {@link BevOption#THREADSAFE}. */
    final ReentrantLock lock;

    Guard(EventLoop loop, boolean threadSafe) {
        this.loop = loop;
        this.lock = threadSafe ? new ReentrantLock() : null;
    }

    /** The way into a method that changes the BufferEvent's own state. */
    void enter() {
        if (lock != null) {
            lock.lock();
        } else {
            checkThread();
        }
    }

    void exit() {
        if (lock != null) {
            lock.unlock();
        }
    }

    /**
     * The way into a method whose buffer does the work: the buffer takes the shared lock itself, so
     * only a BufferEvent without one checks the thread.
     */
    void checkThreadUnlessLocked() {
        if (lock == null) {
            checkThread();
        }
    }

    private void checkThread() {
        if (!loop.inLoopThread() && loop.isRunning()) {
            throw new IllegalStateException("this BufferEvent belongs to the loop thread of its base, which is"
                    + " running; call it from a callback or base.execute(...), or create it with"
                    + " BevOption.THREADSAFE");
        }
    }
}
