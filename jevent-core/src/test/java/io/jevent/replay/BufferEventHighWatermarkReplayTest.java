package io.jevent.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.SocketPair;
import io.jevent.bufferevent.BevEvent;
import io.jevent.bufferevent.BevOption;
import io.jevent.bufferevent.BufferEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * libevent 2.1's read high watermark with a read callback that never drains, replayed: both read
 * 16 of the peer's 64 bytes and stop reading the socket until the input drops below 16, and both
 * read exactly up to the watermark again after each drain. libevent 2.1.11 and later also call the
 * read callback again on every loop iteration while the input stays at the watermark (its issue
 * #891), so an EVLOOP_ONCE step never ends by itself and the C program stops each step with a
 * loopbreak on the tenth call. jevent calls the read callback once per read and not again until
 * more data is read: a step with nothing to read has nothing pending, so it returns NO_EVENTS at
 * once, and disabling reading leaves no callback behind.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BufferEventHighWatermarkReplayTest {
    private static final Trace TRACE = Trace.load("bufferevent_high_watermark");
    private static final int CAP = 10;
    private static final int PEER_WROTE = 64;
    private static final String NO_REPEAT = "jevent does not call the read callback again while the input stays at"
            + " or above the read high watermark; libevent 2.1.11+ does on every iteration (its issue #891)";

    private EventBase base;
    private BufferEvent bev;
    private int readCalls;
    private int stepCalls;
    private int eventCalls;
    private long drained;

    @Test
    void theReadCallbackRunsOncePerReadUpToTheHighWatermark() throws IOException {
        try (SocketPair pair = SocketPair.open(); EventBase b = new EventBase()) {
            base = b;
            bev = BufferEvent.socket(base, pair.left, BevOption.CLOSE_ON_FREE);
            bev.setCallbacks(x -> {
                readCalls++;
                stepCalls++;
                // The C program's bound on a step; jevent never gets there.
                if (stepCalls == CAP) {
                    base.loopBreak();
                }
            }, null, (x, what) -> {
                eventCalls++;
                TRACE.same("event-callback-" + eventCalls + "-what", BevEvent.toString(what));
            });
            // The C program's constant, not an observation.
            TRACE.notApplicable("read-callback-cap-per-step");
            bev.setWatermark(Ev.READ, 0, 16);
            bev.enable(Ev.READ);
            // jevent's enable() returns nothing: libevent's 0 is "it did not throw".
            TRACE.same("enable-return", 0);
            TRACE.same("enabled", Ev.toString(bev.enabled()));

            byte[] data = new byte[PEER_WROTE];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) ('a' + i % 26);
            }
            ByteBuffer out = ByteBuffer.wrap(data);
            while (out.hasRemaining()) {
                pair.right.write(out);
            }
            TRACE.same("peer-wrote", data.length);

            // jevent reads 16 and calls back once; the nine steps after have nothing to do.
            differs("step-1", step(), line(1, 1, "itself", 0, 48), line(10, 10, "loopbreak", 0, 48));
            for (int i = 2; i <= 10; i++) {
                differs("step-" + i, step(), line(1, 0, "itself", 1, 48), line(10 * i, 10, "loopbreak", 0, 48));
            }

            TRACE.same("drain-16-return", drain(16));
            differs("step-11", step(), line(2, 1, "itself", 0, 32), line(110, 10, "loopbreak", 0, 32));
            for (int i = 12; i <= 13; i++) {
                differs("step-" + i, step(), line(2, 0, "itself", 1, 32), line(10 * i, 10, "loopbreak", 0, 32));
            }

            TRACE.same("drain-4-return", drain(4));
            differs("step-14", step(), line(3, 1, "itself", 0, 28), line(140, 10, "loopbreak", 0, 28));
            for (int i = 15; i <= 16; i++) {
                differs("step-" + i, step(), line(3, 0, "itself", 1, 28), line(10 * i, 10, "loopbreak", 0, 28));
            }

            // libevent still runs the read callback it had scheduled; jevent has none scheduled.
            bev.disable(Ev.READ);
            differs("step-17", step(), line(3, 0, "itself", 1, 28), line(161, 1, "itself", 0, 28));
            differs("step-18", step(), line(3, 0, "itself", 1, 28), line(161, 0, "itself", 1, 28));

            differs("read-calls-total", readCalls, "3", "161");
            TRACE.same("event-calls-total", eventCalls);
            bev.close();
        }
    }

    /** A step line with the input at the watermark and the read event not pending, as all are. */
    private static String line(int readCalls, int thisStep, String endedBy, int loopReturn, int socketUnread) {
        return "input-length=16 read-calls=" + readCalls + " read-calls-this-step=" + thisStep + " ended-by=" + endedBy
                + " loop-return=" + loopReturn + " socket-unread=" + socketUnread + " read-event-pending=no";
    }

    /** A difference, with jevent's value pinned too: it is as deterministic as libevent's. */
    private static void differs(String key, Object jevent, String jeventValue, String libeventValue) {
        assertThat(String.valueOf(jevent)).as("bufferevent_high_watermark: jevent's " + key).isEqualTo(jeventValue);
        TRACE.differs(key, jevent, libeventValue, NO_REPEAT);
    }

    /** One LOOP_ONCE call, shown as the C program shows it. */
    private String step() {
        stepCalls = 0;
        int r = base.loop(EventBase.LOOP_ONCE).code();
        return "input-length=" + bev.input().length() + " read-calls=" + readCalls + " read-calls-this-step="
                + stepCalls + " ended-by=" + (base.gotBreak() ? "loopbreak" : "itself") + " loop-return=" + r
                + " socket-unread=" + socketUnread() + " read-event-pending=" + readEventPending();
    }

    /** libevent's drain returns 0 on success where jevent returns the count: show the outcome. */
    private String drain(long n) {
        bev.input().drain(n);
        drained += n;
        return "0 input-length=" + bev.input().length() + " read-event-pending=" + readEventPending();
    }

    /**
     * Java has no FIONREAD: what the socket still holds is what the peer wrote minus what the
     * BufferEvent has read, which is the input plus what was drained from it.
     */
    private long socketUnread() {
        return PEER_WROTE - bev.input().length() - drained;
    }

    /**
     * The BufferEvent's read event is private; its base holds nothing else that could be added
     * (nothing is ever written, so the write event is never added), so the base's count of added
     * events says whether it is pending.
     */
    private String readEventPending() {
        return base.eventCount(EventBase.COUNT_ADDED) > 0 ? "yes" : "no";
    }

    @AfterAll
    static void everyObservationWasReplayed() {
        TRACE.allReplayed();
    }
}
