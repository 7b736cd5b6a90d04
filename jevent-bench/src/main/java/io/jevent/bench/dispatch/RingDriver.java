package io.jevent.bench.dispatch;

import java.io.IOException;

/**
 * One event loop driving a {@link PipeRing}, the way bench.c drives libevent: start a round, then
 * poll once without blocking ({@code event_base_loop(base, EVLOOP_ONCE | EVLOOP_NONBLOCK)}) until
 * every byte of the round has been read. The loops differ only in {@link #pollOnce}; the work per
 * readable pipe is {@link PipeRing#relay} for all of them.
 *
 * <p>Loop thread only: the thread that created the driver.
 */
abstract class RingDriver implements AutoCloseable {
    final PipeRing ring;

    RingDriver(PipeRing ring) {
        this.ring = ring;
    }

    /** Runs one round to its end. One benchmark operation. */
    final void round() throws IOException {
        ring.startRound();
        long budget = ring.pollBudget();
        for (long polls = 0; !ring.roundDone(); ) {
            pollOnce();
            if (++polls > budget) {
                throw new IllegalStateException(getClass().getSimpleName() + " stalled: " + polls
                        + " polls read " + ring.readsThisRound() + " bytes of the round");
            }
        }
    }

    /** Waits for nothing: runs the callbacks of the pipes readable now, then returns. */
    abstract void pollOnce() throws IOException;

    /** Releases the loop; the ring's pipes stay open. */
    @Override
    public abstract void close() throws IOException;
}
