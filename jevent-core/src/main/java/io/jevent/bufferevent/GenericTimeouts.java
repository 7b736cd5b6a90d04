package io.jevent.bufferevent;

import io.jevent.Ev;
import io.jevent.internal.LoopEvent;

/**
 * The read and write timeouts of a BufferEvent without a channel of its own (pairs and filters):
 * libevent's generic timeout events ({@code bufferevent_init_generic_timeout_cbs_}). Each is a
 * plain timer, restarted whenever its direction makes progress. The read timer runs while reading
 * is enabled and not suspended; the write timer while writing is enabled and output waits, which
 * is what the socket kind promises too (libevent's macros also start the write timer with an empty
 * output, so that an idle filter reports a write timeout; jevent does not). When one elapses, that
 * direction is disabled and the event callback gets {@code READING|TIMEOUT} or
 * {@code WRITING|TIMEOUT}. Guarded by the BufferEvent.
 */
final class GenericTimeouts {
    private final BufferEvent bev;
    // Made when a timeout is first set: most BufferEvents never have one.
    private LoopEvent read;
    private LoopEvent write;

    GenericTimeouts(BufferEvent bev) {
        this.bev = bev;
    }

    /** Reading made progress or was enabled: the read timeout starts again. */
    void restartRead() {
        if (bev.readTimeoutNanos >= 0 && bev.flow.reading()) {
            bev.loop.add(readEvent(), bev.readTimeoutNanos);
        } else {
            stopRead();
        }
    }

    /** Writing made progress or was enabled: the write timeout starts again while output waits. */
    void restartWrite() {
        if (bev.writeTimeoutNanos >= 0 && bev.flow.writing() && bev.outputPort.length() > 0) {
            bev.loop.add(writeEvent(), bev.writeTimeoutNanos);
        } else {
            stopWrite();
        }
    }

    /** Starts the write timeout if output waits and it is not counting already. */
    void startWriteIfIdle() {
        if (write == null || !write.isPending()) {
            restartWrite();
        }
    }

    void stopRead() {
        if (read != null) {
            bev.loop.del(read);
        }
    }

    void stopWrite() {
        if (write != null) {
            bev.loop.del(write);
        }
    }

    /** libevent's {@code bufferevent_generic_adj_timeouts_}: the settings changed. */
    void adjust() {
        restartRead();
        restartWrite();
    }

    void applyPriority(int priority) {
        if (read != null) {
            bev.loop.setPriority(read, priority);
        }
        if (write != null) {
            bev.loop.setPriority(write, priority);
        }
    }

    void close() {
        if (read != null) {
            bev.loop.free(read);
        }
        if (write != null) {
            bev.loop.free(write);
        }
    }

    private LoopEvent readEvent() {
        if (read == null) {
            read = bev.loop.newOwnedEvent(null, 0, (e, res) -> elapsed(Ev.READ));
            bev.loop.setPriority(read, bev.priority);
        }
        return read;
    }

    private LoopEvent writeEvent() {
        if (write == null) {
            write = bev.loop.newOwnedEvent(null, 0, (e, res) -> elapsed(Ev.WRITE));
            bev.loop.setPriority(write, bev.priority);
        }
        return write;
    }

    /** libevent's {@code bufferevent_generic_read_timeout_cb} and its write twin. */
    private void elapsed(int direction) {
        Guard.enter(bev);
        try {
            // Another thread may have disabled the direction without waiting for the loop.
            if (bev.closed || (direction == Ev.READ ? !bev.flow.reading() : !bev.flow.writing())) {
                return;
            }
            bev.flow.disable(direction);
            bev.callbacks.runEvent((direction == Ev.READ ? BevEvent.READING : BevEvent.WRITING) | BevEvent.TIMEOUT,
                    false);
        } finally {
            Guard.exit(bev);
        }
    }
}
