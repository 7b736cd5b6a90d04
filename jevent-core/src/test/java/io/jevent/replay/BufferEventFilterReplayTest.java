package io.jevent.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.SocketPair;
import io.jevent.bufferevent.BevEvent;
import io.jevent.bufferevent.BevFilterResult;
import io.jevent.bufferevent.BevOption;
import io.jevent.bufferevent.BufferEvent;
import io.jevent.bufferevent.FilterBufferEvent;
import io.jevent.bufferevent.SocketBufferEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * libevent 2.1's filtering bufferevent over a socket, replayed: what the input and output filters
 * are offered, with which limit and mode, when the read and write callbacks run and with which
 * lengths, and how the underlying's write high watermark slices the output. jevent matches every
 * line but the failing filter's: libevent ignores {@code BEV_ERROR} (reading stays enabled and the
 * event callback hears nothing), jevent reports {@code READING|ERROR} and disables reading.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BufferEventFilterReplayTest {
    private static final Trace TRACE = Trace.load("bufferevent_filter");

    private EventBase base;
    private SocketBufferEvent under;
    private FilterBufferEvent filt;
    private int step;
    private boolean failInput;
    private final List<Integer> events = new ArrayList<>();

    @Test
    void aFilterOverASocketRunsAsLibeventsDoes() throws IOException {
        try (SocketPair pair = SocketPair.open(); EventBase b = new EventBase()) {
            base = b;
            under = BufferEvent.socket(base, pair.left, BevOption.CLOSE_ON_FREE);
            filt = BufferEvent.filter(under, (src, dst, limit, mode) -> {
                step++;
                TRACE.same("input-filter-" + step, "offered=" + src.length() + " limit=" + limit + " mode="
                        + mode.ordinal());
                if (failInput) {
                    return BevFilterResult.ERROR;
                }
                long eol = src.search(new byte[] {'\n'});
                if (eol < 0) {
                    return BevFilterResult.NEED_MORE;
                }
                src.removeBuffer(dst, eol + 1);
                return BevFilterResult.OK;
            }, (src, dst, limit, mode) -> {
                step++;
                long n = src.length();
                TRACE.same("output-filter-" + step, "offered=" + n + " limit=" + limit + " mode=" + mode.ordinal());
                src.removeBuffer(dst, limit >= 0 ? Math.min(limit, n) : n);
                return BevFilterResult.OK;
            }, BevOption.CLOSE_ON_FREE);
            TRACE.same("underlying-is-under", filt.underlying() == under ? "yes" : "no");
            TRACE.same("under-enabled", Ev.toString(under.enabled()));
            TRACE.same("filter-enabled", Ev.toString(filt.enabled()));
            filt.setCallbacks(x -> {
                step++;
                TRACE.same("read-callback-" + step, "input=" + x.input().length() + " under-input="
                        + under.input().length());
            }, x -> {
                step++;
                TRACE.same("write-callback-" + step, "output=" + x.output().length() + " under-output="
                        + under.output().length());
            }, (x, what) -> events.add(what));

            peerWrite(pair.right, "ab");
            run("peer-ab-not-reading");
            filt.enable(Ev.READ);
            run("enable-read");
            peerWrite(pair.right, "c\nde");
            run("peer-rest");
            filt.input().drain(4);

            under.setWatermark(Ev.WRITE, 0, 4);
            filt.write("0123456789".getBytes(StandardCharsets.US_ASCII));
            TRACE.same("now-after-write", "output=" + filt.output().length() + " under-output="
                    + under.output().length());
            run("write-1");
            run("write-2");
            run("write-3");
            run("write-4");

            failInput = true;
            peerWrite(pair.right, "f\n");
            run("failing-filter");
            assertThat(events).as("jevent reports the filter's ERROR").containsExactly(BevEvent.READING
                    | BevEvent.ERROR);
            TRACE.differs("filter-enabled-after-error", Ev.toString(filt.enabled()), "READ|WRITE",
                    "jevent stops reading after a filter's ERROR and reports it; libevent ignores BEV_ERROR");
            filt.close();
            assertThat(under.isClosed()).isTrue();
        }
    }

    private void run(String label) {
        base.loop(EventBase.LOOP_NONBLOCK);
        TRACE.same("after-" + label, "input=" + filt.input().length() + " under-input=" + under.input().length()
                + " output=" + filt.output().length() + " under-output=" + under.output().length());
    }

    /**
     * Writes and waits until the bytes can be read on the other side: a Unix socketpair's write is
     * readable at once, a TCP loopback write a moment later, so the next loop step finds them.
     */
    private void peerWrite(SocketChannel ch, String s) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
        while (b.hasRemaining()) {
            ch.write(b);
        }
        try (java.nio.channels.Selector sel = java.nio.channels.Selector.open()) {
            SocketChannel mine = under.channel();
            boolean wasBlocking = mine.isBlocking();
            assertThat(wasBlocking).isFalse();
            mine.register(sel, java.nio.channels.SelectionKey.OP_READ);
            assertThat(sel.select(5000)).as("the bytes reached the socket").isPositive();
        }
    }

    @AfterAll
    static void everyObservationWasReplayed() {
        TRACE.allReplayed();
    }
}
