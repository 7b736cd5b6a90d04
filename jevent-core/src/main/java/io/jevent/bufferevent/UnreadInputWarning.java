package io.jevent.bufferevent;

import io.jevent.Ev;
import io.jevent.internal.LoopEvent;
import java.lang.System.Logger.Level;
import java.nio.channels.SocketChannel;

/**
 * A guard for a default that bites: a socket BufferEvent starts with reading disabled, as in
 * libevent, and a program that forgets {@code enable(Ev.READ)} just never hears from its peer.
 * While debug logging is on for {@code io.jevent} and reading has never been enabled, a one-shot
 * read watch on the connected channel notices that input is waiting and logs one line naming the
 * fix; one per BufferEvent, never one per read. With debug logging off nothing is watched, so the
 * guard costs a level check per connection. Guarded by the BufferEvent.
 */
final class UnreadInputWarning {
    private static final System.Logger LOG = System.getLogger("io.jevent");

    private final SocketBufferEvent bev;
    private LoopEvent watch;
    /** Reading was enabled, or the warning was given: nothing more to do, for good. */
    private boolean done;

    UnreadInputWarning(SocketBufferEvent bev) {
        this.bev = bev;
    }

    /** The BufferEvent has a connected channel: watch it if the warning may still be needed. */
    void arm(SocketChannel channel) {
        if (done || watch != null || !LOG.isLoggable(Level.DEBUG)) {
            return;
        }
        watch = bev.loop.newOwnedEvent(channel, Ev.READ, (ev, res) -> inputWaiting());
        bev.loop.add(watch, -1);
    }

    /** The user enabled reading: the warning is not needed, now or later. */
    void readEnabled() {
        done = true;
        disarm();
    }

    /** The channel goes away. */
    void disarm() {
        if (watch != null) {
            bev.loop.free(watch);
            watch = null;
        }
    }

    private void inputWaiting() {
        Guard.enter(bev);
        try {
            // An owned event may still fire once after it was freed: check under the guard.
            if (done || bev.closed || watch == null) {
                return;
            }
            done = true;
            disarm();
            LOG.log(Level.DEBUG, bev + " has input waiting (data, or the end of the stream), but its"
                    + " reading was never enabled: call enable(Ev.READ) to receive it. A socket"
                    + " BufferEvent starts with reading disabled and writing enabled, as in libevent.");
        } finally {
            Guard.exit(bev);
        }
    }
}
