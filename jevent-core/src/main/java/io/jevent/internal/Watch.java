package io.jevent.internal;

import java.nio.channels.SelectableChannel;

/**
 * The events that watch one channel (libevent's {@code evmap_io} entry) or one signal
 * ({@code evmap_signal}). Several events may watch the same channel; the backend is asked for the
 * union of what they want, once per loop iteration at most.
 */
final class Watch {
    final SelectableChannel channel;
    final String signal;

    private LoopEvent head;
    private LoopEvent tail;
    private int readers;
    private int writers;
    private int closers;
    private int edges;

    /**
     * The backend's registration of the channel (a SelectionKey for java.nio and for io_uring's
     * stand-in selector, the backend itself for epoll), or null.
     */
    Object registration;
    /** The completion-based reads and writes of this channel, on a backend that does them; else null. */
    CompletionStream stream;
    /** The channel's file descriptor, for the native backends; -1 for java.nio. */
    int fd = -1;
    /**
     * What the kernel was last told to watch, 0 when nothing: epoll events for the epoll backend,
     * poll(2) bits of the poll in the ring for io_uring's.
     */
    int armed;
    /** The io_uring backend's slot for this watch (its polls' user data), or -1. */
    int slot = -1;
    /** Whether the watch waits in the loop's list of backend updates. */
    boolean updateQueued;
    /** Signal deliveries received but not yet turned into activations. */
    int undeliveredSignals;

    private Watch(SelectableChannel channel, String signal) {
        this.channel = channel;
        this.signal = signal;
    }

    static Watch forChannel(SelectableChannel channel) {
        return new Watch(channel, null);
    }

    static Watch forSignal(String signal) {
        return new Watch(null, signal);
    }

    void add(LoopEvent ev) {
        ev.watch = this;
        ev.watchNext = null;
        ev.watchPrev = tail;
        if (tail == null) {
            head = ev;
        } else {
            tail.watchNext = ev;
        }
        tail = ev;
        if ((ev.events & EventFlags.READ) != 0) {
            readers++;
        }
        if ((ev.events & EventFlags.WRITE) != 0) {
            writers++;
        }
        if ((ev.events & EventFlags.CLOSED) != 0) {
            closers++;
        }
        if ((ev.events & EventFlags.ET) != 0) {
            edges++;
        }
    }

    void remove(LoopEvent ev) {
        if (ev.watchPrev == null) {
            head = ev.watchNext;
        } else {
            ev.watchPrev.watchNext = ev.watchNext;
        }
        if (ev.watchNext == null) {
            tail = ev.watchPrev;
        } else {
            ev.watchNext.watchPrev = ev.watchPrev;
        }
        ev.watchPrev = null;
        ev.watchNext = null;
        if ((ev.events & EventFlags.READ) != 0) {
            readers--;
        }
        if ((ev.events & EventFlags.WRITE) != 0) {
            writers--;
        }
        if ((ev.events & EventFlags.CLOSED) != 0) {
            closers--;
        }
        if ((ev.events & EventFlags.ET) != 0) {
            edges--;
        }
    }

    LoopEvent first() {
        return head;
    }

    boolean isEmpty() {
        return head == null;
    }

    /**
     * What the events want now: {@code EventFlags.READ}, {@code WRITE}, {@code CLOSED}, and
     * {@code ET} when any of them asks for edge triggering (only the native backends see the last
     * two: java.nio refuses them when the event is created).
     */
    int wanted() {
        return (readers > 0 ? EventFlags.READ : 0) | (writers > 0 ? EventFlags.WRITE : 0)
                | (closers > 0 ? EventFlags.CLOSED : 0) | (edges > 0 ? EventFlags.ET : 0);
    }
}
