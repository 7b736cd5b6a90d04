package io.jevent.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.bufferevent.BevEvent;
import io.jevent.bufferevent.BevFlush;
import io.jevent.bufferevent.BufferEvent;
import io.jevent.bufferevent.PairBufferEvent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * libevent 2.1's bufferevent pair, replayed step by step: data moves inside the write (or the
 * enable, or the drain) that makes it possible, never past the reader's high watermark; the
 * callbacks are deferred to the loop, the reader's before the writer's; the three flush modes; and
 * freeing one end. jevent matches every line but two: freeing an end gives the partner
 * {@code READING|EOF} (libevent tells it nothing), and {@code flush} returns whether bytes moved
 * where libevent returns 0, or -1 without a partner.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BufferEventPairReplayTest {
    private static final Trace TRACE = Trace.load("bufferevent_pair");

    private EventBase base;
    private PairBufferEvent a;
    private PairBufferEvent b;
    private int caseNo;
    private int step;
    private boolean drainInRead;

    @BeforeEach
    void newBase() {
        base = new EventBase();
    }

    @AfterEach
    void closeBase() {
        base.close();
    }

    private String name(BufferEvent bev) {
        return bev == a ? "a" : "b";
    }

    private void show(String what, BufferEvent bev) {
        step++;
        TRACE.same("case-" + caseNo + "-" + what + "-" + step,
                name(bev) + " in=" + bev.input().length() + " out=" + bev.output().length());
    }

    private void begin() {
        caseNo++;
        step = 0;
        drainInRead = false;
        PairBufferEvent[] ends = BufferEvent.pair(base);
        a = ends[0];
        b = ends[1];
        for (PairBufferEvent end : ends) {
            end.setCallbacks(x -> {
                show("read", x);
                if (drainInRead) {
                    x.input().drain(x.input().length());
                    show("drained", x);
                }
            }, x -> show("write", x), (x, what) -> {
                step++;
                TRACE.same("case-" + caseNo + "-event-" + step, name(x) + " " + BevEvent.toString(what));
            });
        }
    }

    private void end() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        a = null;
        b = null;
        base.loop(EventBase.LOOP_NONBLOCK);
    }

    private static long len(BufferEvent bev, boolean input) {
        return bev == null ? 0 : input ? bev.input().length() : bev.output().length();
    }

    private void now(String label) {
        TRACE.same("now-" + label, "a.in=" + len(a, true) + " a.out=" + len(a, false) + " b.in=" + len(b, true)
                + " b.out=" + len(b, false));
    }

    private void run(String label) {
        base.loop(EventBase.LOOP_NONBLOCK);
        now(label);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** libevent's flush returns 0 for "done"; jevent's returns whether bytes moved, pinned here. */
    private static void flushed(String key, boolean jevent, boolean moved) {
        assertThat(jevent).as("jevent's " + key + ": whether bytes moved").isEqualTo(moved);
        TRACE.same(key, 0);
    }

    @Test
    void aPairMovesDataAsLibeventDoes() {
        begin();
        TRACE.same("enabled-a", Ev.toString(a.enabled()));
        b.enable(Ev.READ);
        a.write(ascii("hello"));
        now("1-after-write");
        run("1-after-loop");
        end();

        begin();
        a.write(ascii("hello"));
        now("2-after-write");
        run("2-after-loop");
        b.enable(Ev.READ);
        now("2-after-enable");
        run("2-after-enable-loop");
        end();

        begin();
        drainInRead = true;
        b.setWatermark(Ev.READ, 0, 10);
        b.enable(Ev.READ);
        a.write(ascii("abcdefghijklmnopqrstuvwxy"));
        now("3-after-write");
        run("3-after-loop");
        end();

        begin();
        b.enable(Ev.READ);
        a.disable(Ev.WRITE);
        a.write(ascii("hello"));
        now("4-after-write");
        run("4-after-loop");
        a.enable(Ev.WRITE);
        now("4-after-enable");
        run("4-after-enable-loop");
        end();

        begin();
        a.write(ascii("hello"));
        flushed("flush-normal-return", a.flush(Ev.WRITE, BevFlush.NORMAL), false);
        now("5-after-normal");
        run("5-after-normal-loop");
        flushed("flush-flush-return", a.flush(Ev.WRITE, BevFlush.FLUSH), true);
        now("5-after-flush");
        run("5-after-flush-loop");
        a.write(ascii("world"));
        flushed("flush-finished-return", a.flush(Ev.WRITE, BevFlush.FINISHED), true);
        now("5-after-finished");
        run("5-after-finished-loop");
        flushed("flush-finished-read-return", a.flush(Ev.READ, BevFlush.FINISHED), false);
        run("5-after-finished-read-loop");
        end();

        begin();
        b.enable(Ev.READ);
        a.write(ascii("hello"));
        run("6-after-write-loop");
        a.close();
        a = null;
        TRACE.same("partner-of-b", b.partner() == null ? "null" : "set");
        // libevent's free tells the partner nothing; jevent's gives it READING|EOF, from the loop.
        int[] events = new int[1];
        b.setCallbacks(null, null, (x, what) -> events[0] = what);
        run("6-after-free-loop");
        assertThat(BevEvent.toString(events[0])).as("jevent tells the partner of a closed end").isEqualTo("READING|EOF");
        assertThat(b.enabled() & Ev.READ).isZero();
        boolean moved = b.flush(Ev.WRITE, BevFlush.FLUSH);
        assertThat(moved).isFalse();
        TRACE.differs("flush-without-partner-return", moved ? 0 : "false", "-1",
                "jevent's flush returns whether bytes moved; without a partner none can");
        end();
    }

    @AfterAll
    static void everyObservationWasReplayed() {
        TRACE.allReplayed();
    }
}
