package io.jevent.bench.dispatch;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.LoopResult;
import java.io.IOException;

/**
 * jevent as bench.c uses libevent: one {@code READ | PERSIST} event per source, added once, and
 * {@code loop(LOOP_ONCE | LOOP_NONBLOCK)} per poll.
 */
final class JeventDriver extends RingDriver {
    private static final int POLL_ONCE = EventBase.LOOP_ONCE | EventBase.LOOP_NONBLOCK;

    private final EventBase base = new EventBase();

    JeventDriver(PipeRing ring) {
        super(ring);
        try {
            for (int i = 0; i < ring.size(); i++) {
                int index = i;
                base.newEvent(ring.source(i), Ev.READ | Ev.PERSIST, (ev, what) -> ring.relay(index)).add();
            }
        } catch (RuntimeException e) {
            base.close();
            throw e;
        }
    }

    @Override
    void pollOnce() throws IOException {
        if (base.loop(POLL_ONCE) == LoopResult.ERROR) {
            throw new IOException("jevent loop failed", base.loopError());
        }
    }

    /** Closing the base frees its events; the pipes stay open (the base never owns channels). */
    @Override
    public void close() {
        base.close();
    }
}
