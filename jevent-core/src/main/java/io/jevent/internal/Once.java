package io.jevent.internal;

import java.nio.channels.SelectableChannel;

/**
 * libevent's {@code event_base_once}: a non-persistent event that frees itself once its callback
 * has run, for a channel's readiness, a timeout, or both.
 */
final class Once {
    private Once() {
    }

    static void start(EventLoop loop, SelectableChannel channel, int what, long timeoutNanos,
            LoopCallback callback) {
        int refused = what & (EventFlags.SIGNAL | EventFlags.PERSIST);
        if (refused != 0) {
            throw new IllegalArgumentException("once() cannot take " + EventFlags.toString(refused)
                    + ": a one-shot event is neither a signal nor persistent");
        }
        if (callback == null) {
            throw new NullPointerException("callback is null");
        }
        LoopCallback freeing = new LoopCallback() {
            @Override
            public void onEvent(LoopEvent ev, int res) {
                try {
                    callback.onEvent(ev, res);
                } finally {
                    loop.free(ev);
                }
            }

            @Override
            public Object owner() {
                return callback.owner();
            }
        };
        int io = what & (EventFlags.READ | EventFlags.WRITE);
        if (io != 0) {
            LoopEvent ev = loop.newEvent(channel, io, freeing);
            loop.add(ev, timeoutNanos);
        } else if ((what & ~EventFlags.TIMEOUT) == 0 && (what & EventFlags.TIMEOUT) != 0) {
            LoopEvent ev = loop.newEvent(null, 0, freeing);
            if (timeoutNanos <= 0) {
                // Due now: skip the timer queue, as libevent does, which also keeps the order of
                // several such calls.
                loop.activate(ev, EventFlags.TIMEOUT);
            } else {
                loop.add(ev, timeoutNanos);
            }
        } else {
            EventChecks.checkWhat(channel, what);
            throw new IllegalArgumentException("once() needs Ev.READ, Ev.WRITE or Ev.TIMEOUT, got "
                    + EventFlags.toString(what));
        }
    }
}
