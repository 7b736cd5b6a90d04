package io.jevent.bufferevent;

/**
 * How a call gets into a BufferEvent: under its lock when it is {@link BevOption#THREADSAFE} (the
 * lock also guards both buffers, and the loop's handlers take it too), else only from the thread it
 * belongs to: its loop's thread while that loop runs, any one thread while none does. Static, so
 * that a BufferEvent pays for its lock only when it has one.
 */
final class Guard {
    private Guard() {
    }

    /** The way into a method that changes the BufferEvent's own state. */
    static void enter(BufferEvent bev) {
        if (bev.lock != null) {
            bev.lock.lock();
        } else {
            checkThread(bev);
        }
    }

    static void exit(BufferEvent bev) {
        if (bev.lock != null) {
            bev.lock.unlock();
        }
    }

    /**
     * The way into a method whose buffer does the work: the buffer takes the shared lock itself, so
     * only a BufferEvent without one checks the thread.
     */
    static void checkThreadUnlessLocked(BufferEvent bev) {
        if (bev.lock == null) {
            checkThread(bev);
        }
    }

    private static void checkThread(BufferEvent bev) {
        if (!bev.loop.inLoopThread() && bev.loop.isRunning()) {
            throw new IllegalStateException("this BufferEvent belongs to the loop thread of its base, which is"
                    + " running; call it from a callback or base.execute(...), or create it with"
                    + " BevOption.THREADSAFE");
        }
    }
}
