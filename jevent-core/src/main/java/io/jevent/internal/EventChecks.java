package io.jevent.internal;

import java.nio.channels.SelectableChannel;

/**
 * The checks made when an event is created or added, with messages that name the value and the fix.
 * libevent answers the same mistakes with -1 and a log line.
 */
final class EventChecks {
    private EventChecks() {
    }

    static void checkWhat(SelectableChannel channel, int what) {
        checkWhat(channel, what, false);
    }

    /**
     * @param edgeAndClosed whether the loop's backend can watch {@code ET} and {@code CLOSED}
     *                      (epoll and io_uring can; java.nio cannot)
     */
    static void checkWhat(SelectableChannel channel, int what, boolean edgeAndClosed) {
        if ((what & EventFlags.ET) != 0 && !edgeAndClosed) {
            throw new UnsupportedOperationException("Ev.ET (edge-triggered) is not supported: the java.nio"
                    + " backend is level-triggered; drop the flag and read until the channel has no more"
                    + " data, or simply let the event fire again (the epoll and io_uring backends support it)");
        }
        if ((what & EventFlags.CLOSED) != 0 && !edgeAndClosed) {
            throw new UnsupportedOperationException("Ev.CLOSED is not supported: java.nio has no"
                    + " half-close notification; watch Ev.READ, which fires when the peer closes"
                    + " and read() then returns -1 (the epoll and io_uring backends support it)");
        }
        if ((what & EventFlags.SIGNAL) != 0) {
            throw new IllegalArgumentException("Ev.SIGNAL in an event mask: create signal events with"
                    + " base.newSignal(name, callback)");
        }
        int unknown = what & ~(EventFlags.TIMEOUT | EventFlags.READ | EventFlags.WRITE | EventFlags.PERSIST
                | EventFlags.ET | EventFlags.CLOSED);
        if (unknown != 0) {
            throw new IllegalArgumentException("unknown event flags 0x" + Integer.toHexString(unknown)
                    + " in " + EventFlags.toString(what) + ": use Ev.READ, Ev.WRITE, Ev.PERSIST, Ev.TIMEOUT");
        }
        int io = what & (EventFlags.READ | EventFlags.WRITE);
        if ((io | (what & EventFlags.CLOSED)) != 0 && channel == null) {
            throw new IllegalArgumentException(EventFlags.toString(what & (EventFlags.READ | EventFlags.WRITE
                    | EventFlags.CLOSED)) + " needs a channel to watch; for a timer"
                    + " or a user event pass a null channel and no Ev.READ/Ev.WRITE");
        }
        if (channel != null) {
            int unsupported = io & ~NioBackend.supported(channel);
            if (unsupported != 0) {
                throw new IllegalArgumentException(channel.getClass().getSimpleName() + " can never be "
                        + (unsupported == EventFlags.READ ? "read" : "written") + ": drop Ev."
                        + EventFlags.toString(unsupported) + " from the event mask");
            }
        }
    }

    /** The checks the backend would make on the loop thread, made on the caller's thread instead. */
    static void checkChannelUsable(LoopEvent ev) {
        SelectableChannel ch = ev.channel;
        if (ch == null || (ev.events & (EventFlags.READ | EventFlags.WRITE | EventFlags.CLOSED)) == 0) {
            return;
        }
        if (!ch.isOpen()) {
            throw new IllegalStateException("cannot watch a closed channel: " + ch);
        }
        if (ch.isBlocking()) {
            throw new IllegalStateException("channel is in blocking mode: call"
                    + " channel.configureBlocking(false) before adding an event for it: " + ch);
        }
    }
}
