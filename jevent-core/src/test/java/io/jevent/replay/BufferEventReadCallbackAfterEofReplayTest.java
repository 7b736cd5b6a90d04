package io.jevent.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.SocketPair;
import io.jevent.bufferevent.BevEvent;
import io.jevent.bufferevent.BufferEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * libevent 2.1's read callback and EOF event callback when the peer writes "abc" and closes before
 * the loop runs, replayed one EVLOOP_ONCE step at a time: the read callback in the first step, the
 * READING|EOF event (with reading disabled) in the second, nothing in the third. A read low
 * watermark of 4 that the 3 bytes never reach leaves only the event. jevent does the same, except
 * with DEFER_CALLBACKS (see {@link #deferredCallbacksRunInTheSameStepAsTheNextRead}).
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BufferEventReadCallbackAfterEofReplayTest {
    private static final Trace TRACE = Trace.load("bufferevent_read_callback_after_eof");
    private static final int MAX_STEPS = 5;
    private static final String DEFERRED_LATER = "jevent runs a deferred callback in the loop's next iteration,"
            + " after it has polled again, and LOOP_ONCE keeps iterating while a callback waits, so the read"
            + " callback, the EOF read and the deferred event callback all run in one LOOP_ONCE call; libevent"
            + " activates a deferred callback in the running iteration (unless more than 32 were deferred in it),"
            + " so its steps are those of the plain case";

    /** What ran in each step, as the C program prints it, and how the last step returned. */
    private record Steps(List<String> lines, int lastReturn, int steps) {
        /** The line of step {@code n} (1-based), or a note that jevent stopped before it. */
        String step(int n) {
            return n <= lines.size() ? lines.get(n - 1) : "(no step " + n + ": the loop had already returned 1)";
        }
    }

    @Test
    void theReadCallbackRunsOneStepBeforeTheEofEvent() throws IOException {
        Steps s = replay(0);
        for (int i = 1; i <= 3; i++) {
            TRACE.same("plain-step-" + i, s.step(i));
        }
        TRACE.same("plain-last-loop-return", s.lastReturn());
        TRACE.same("plain-steps", s.steps());
    }

    /**
     * The one difference: with DEFER_CALLBACKS jevent's first LOOP_ONCE call runs the deferred read
     * callback, reads EOF and runs the deferred event callback too, in three iterations of one call.
     * A BufferEvent defers a callback as an "active later" event, which the loop makes active at the
     * start of its next iteration, before it polls; and EventLoop.run ends a LOOP_ONCE call only
     * after an iteration that ran callbacks and left the count of active events, "active later" ones
     * included, at zero. So: iteration 1 reads "abc" and defers the read callback; iteration 2 polls
     * (the EOF is there), runs the read callback, then reads EOF and defers the event callback;
     * iteration 3 runs the event callback and the call returns. The next call finds nothing pending
     * and returns 1. libevent activates a deferred callback in the running iteration (its
     * {@code event_deferred_cb_schedule_} defers to the next one only past 32 in one iteration), so
     * its steps are those of the plain case.
     */
    @Test
    void deferredCallbacksRunInTheSameStepAsTheNextRead() throws IOException {
        Steps s = replay(-1);
        differs("deferred-step-1", s.step(1), "read(input=3) event(READING|EOF,input=3,enabled=WRITE)", "read(input=3)");
        differs("deferred-step-2", s.step(2), "none", "event(READING|EOF,input=3,enabled=WRITE)");
        differs("deferred-step-3", s.step(3), "(no step 3: the loop had already returned 1)", "none");
        TRACE.same("deferred-last-loop-return", s.lastReturn());
        differs("deferred-steps", String.valueOf(s.steps()), "2", "3");
    }

    /** A difference, with jevent's value pinned too: it is as deterministic as libevent's. */
    private static void differs(String key, String jevent, String jeventValue, String libeventValue) {
        assertThat(jevent).as("bufferevent_read_callback_after_eof: jevent's " + key).isEqualTo(jeventValue);
        TRACE.differs(key, jevent, libeventValue, DEFERRED_LATER);
    }

    @Test
    void aLowWatermarkTheInputNeverReachesLeavesOnlyTheEofEvent() throws IOException {
        Steps s = replay(4);
        for (int i = 1; i <= 3; i++) {
            TRACE.same("low-watermark-4-step-" + i, s.step(i));
        }
        TRACE.same("low-watermark-4-last-loop-return", s.lastReturn());
        TRACE.same("low-watermark-4-steps", s.steps());
    }

    /**
     * Runs the C program's case: {@code lowWatermark} -1 means DEFER_CALLBACKS, 0 no option, more a
     * read low watermark.
     */
    private static Steps replay(int lowWatermark) throws IOException {
        try (SocketPair pair = SocketPair.open(); EventBase base = new EventBase()) {
            BufferEvent bev = lowWatermark < 0
                    ? BufferEvent.socket(base, pair.left, BufferEvent.Option.CLOSE_ON_FREE,
                            BufferEvent.Option.DEFER_CALLBACKS)
                    : BufferEvent.socket(base, pair.left, BufferEvent.Option.CLOSE_ON_FREE);
            List<String> log = new ArrayList<>();
            bev.setCallbacks(b -> log.add("read(input=" + b.input().length() + ")"), null,
                    (b, what) -> log.add("event(" + BevEvent.toString(what) + ",input=" + b.input().length()
                            + ",enabled=" + (b.enabled() == 0 ? "none" : Ev.toString(b.enabled())) + ")"));
            if (lowWatermark > 0) {
                bev.setWatermark(Ev.READ, lowWatermark, 0);
            }
            bev.enable(Ev.READ);
            SocketPair.write(pair.right, "abc");
            pair.right.close();

            List<String> lines = new ArrayList<>();
            int r = 0;
            int step;
            for (step = 1; step <= MAX_STEPS; step++) {
                log.clear();
                r = base.loop(EventBase.LOOP_ONCE).code();
                lines.add(log.isEmpty() ? "none" : String.join(" ", log));
                if (r == 1) {
                    break;
                }
            }
            bev.close();
            // The C program's step counter: the step that returned 1, or one past the last.
            return new Steps(lines, r, step);
        }
    }

    @AfterAll
    static void everyObservationWasReplayed() {
        TRACE.allReplayed();
    }
}
