package io.jevent.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.SocketPair;
import io.jevent.bufferevent.BevEvent;
import io.jevent.bufferevent.BevOption;
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
 * watermark of 4 that the 3 bytes never reach leaves only the event. jevent does the same, with
 * DEFER_CALLBACKS too.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BufferEventReadCallbackAfterEofReplayTest {
    private static final Trace TRACE = Trace.load("bufferevent_read_callback_after_eof");
    private static final int MAX_STEPS = 5;
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
     * With DEFER_CALLBACKS the steps are the same: a deferred callback runs once the callbacks active
     * now have run, in the same loop iteration, as libevent's {@code event_deferred_cb_schedule_}
     * activates it.
     */
    @Test
    void deferredCallbacksRunInTheIterationThatDeferredThem() throws IOException {
        Steps s = replay(-1);
        for (int i = 1; i <= 3; i++) {
            TRACE.same("deferred-step-" + i, s.step(i));
        }
        TRACE.same("deferred-last-loop-return", s.lastReturn());
        TRACE.same("deferred-steps", s.steps());
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
                    ? BufferEvent.socket(base, pair.left, BevOption.CLOSE_ON_FREE,
                            BevOption.DEFER_CALLBACKS)
                    : BufferEvent.socket(base, pair.left, BevOption.CLOSE_ON_FREE);
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
