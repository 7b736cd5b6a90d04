package io.jevent.listener;

import io.jevent.EventBase;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;

/**
 * A ConnListener's switch as Lincheck checks it: threads enable, disable and ask, and one more
 * operation looks at what the loop would do (whether the accept event is pending). Every outcome
 * must be one a single boolean, flipped one call at a time, could give ({@link Flag}); so a listener
 * never accepts while it says it is disabled. No loop runs: calls reach the engine directly, in the
 * listener's lock order, which is the order a running loop applies them in. See
 * {@link ListenerLincheckTest}.
 */
public class ListenerSwitch {
    /**
     * The previous scenario's listener, closed when the next starts: Lincheck has no teardown, and a
     * Selector left open is never collected. Safe because the stress strategy lets every scenario end.
     */
    private static ListenerSwitch previous;

    private final EventBase base = new EventBase();
    private final ConnListener listener;

    public ListenerSwitch() {
        if (previous != null) {
            previous.close();
        }
        listener = ConnListener.bind(base, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), -1,
                (l, channel, peer) -> { }, ConnListener.Option.CLOSE_ON_FREE);
        previous = this;
    }

    /** {@link ConnListener#enable()}. */
    @Operation
    public void enable() {
        listener.enable();
    }

    /** {@link ConnListener#disable()}. */
    @Operation
    public void disable() {
        listener.disable();
    }

    /** {@link ConnListener#isEnabled()}. */
    @Operation
    public boolean isEnabled() {
        return listener.isEnabled();
    }

    /** Whether the loop would accept: the accept event is the base's only one. */
    @Operation
    public boolean accepting() {
        return base.eventCount(EventBase.COUNT_ADDED) == 1;
    }

    static void closeLast() {
        if (previous != null) {
            previous.close();
            previous = null;
        }
    }

    private void close() {
        listener.close();
        base.close();
    }

    /** The specification: one boolean; a listener starts enabled. */
    public static class Flag {
        private boolean on = true;

        public void enable() {
            on = true;
        }

        public void disable() {
            on = false;
        }

        public boolean isEnabled() {
            return on;
        }

        public boolean accepting() {
            return on;
        }
    }
}
