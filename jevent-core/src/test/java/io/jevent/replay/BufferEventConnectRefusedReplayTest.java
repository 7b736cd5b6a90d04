package io.jevent.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.bufferevent.BevEvent;
import io.jevent.bufferevent.BevOption;
import io.jevent.bufferevent.BufferEvent;
import io.jevent.bufferevent.SocketBufferEvent;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * libevent 2.1's socket bufferevent connecting to a closed 127.0.0.1 port, replayed: connect
 * returns 0, and the refusal arrives from the first loop iteration as one ERROR event whose socket
 * error is "Connection refused"; what the user enabled stays enabled, and nothing is left pending.
 * jevent does the same (its connect() returns nothing and throws nothing; the cause is a
 * ConnectException in lastError()). It differs in one place: the JDK closes a socket whose connect
 * failed, so the channel is no longer open after the error, where libevent keeps the descriptor
 * (jevent's next connect() opens a fresh socket).
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BufferEventConnectRefusedReplayTest {
    private static final Trace TRACE = Trace.load("bufferevent_connect_refused");
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final String CHANNEL_CLOSED = "the JDK closes a SocketChannel whose connect failed, where"
            + " libevent keeps the descriptor; jevent's next connect() opens a fresh socket";

    private static InetSocketAddress closed;

    /** A loopback port that was just bound and closed again, so nothing listens on it. */
    @BeforeAll
    static void findAClosedPort() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            closed = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.socket().getLocalPort());
        }
    }

    /** EV_* flags as the C program prints them: "none" for an empty set. */
    private static String flags(int flags) {
        return flags == 0 ? "none" : Ev.toString(flags);
    }

    /** What the event callback saw, one line per key suffix, as the C program prints it. */
    private static final class Observed {
        boolean inConnect;
        int reads;
        int writes;
        int events;
        int eventsInConnect;
        String what;
        String insideConnect;
        IOException error;
        String enabled;
        String pending;
        String fdOpen;
    }

    @Test
    void theKernelAnswersANonBlockingConnectWithInProgress() throws IOException {
        try (SocketChannel ch = SocketChannel.open()) {
            ch.configureBlocking(false);
            String answer;
            try {
                answer = ch.connect(closed) ? "connected" : "EINPROGRESS";
            } catch (ConnectException refused) {
                answer = "ECONNREFUSED";
            }
            TRACE.same("raw-nonblocking-connect", answer);
        }
    }

    @Test
    void theRefusalIsOneErrorFromTheLoopAndReadingStaysEnabled() {
        replay("a", true);
    }

    @Test
    void theRefusalIsOneErrorFromTheLoopAndOnlyWritingStaysEnabled() {
        replay("b", false);
    }

    private static void replay(String name, boolean enableRead) {
        try (EventBase base = new EventBase()) {
            SocketBufferEvent bev = BufferEvent.socket(base, null, BevOption.CLOSE_ON_FREE);
            Observed o = new Observed();
            bev.setCallbacks(b -> o.reads++, b -> o.writes++, (b, what) -> {
                o.events++;
                if (o.inConnect) {
                    o.eventsInConnect++;
                }
                o.what = BevEvent.toString(what);
                o.insideConnect = o.inConnect ? "yes" : "no";
                o.error = b.lastError();
                o.enabled = flags(b.enabled());
                // Nothing else is in this base, so "no event added" means the BufferEvent's own
                // read and write events are not pending, which is what libevent's line shows.
                o.pending = base.eventCount(EventBase.COUNT_ADDED) == 0 ? "none" : "some";
                o.fdOpen = fdOpen(bev);
            });
            if (enableRead) {
                bev.enable(Ev.READ);
            }
            TRACE.same(name + "-enabled-before-connect", flags(bev.enabled()));

            o.inConnect = true;
            bev.connect(closed);
            o.inConnect = false;
            // jevent's connect() returns nothing: libevent's 0 is "it did not throw".
            TRACE.same(name + "-connect-return", 0);
            TRACE.same(name + "-event-calls-inside-connect", o.eventsInConnect);
            TRACE.same(name + "-enabled-after-connect", flags(bev.enabled()));
            // libevent shows which of the BufferEvent's internal read and write events are
            // registered; jevent keeps them private and has no public way to show them.
            TRACE.notApplicable(name + "-pending-after-connect");

            TRACE.same(name + "-loop-calls-until-event", loopOnceUntilAnEvent(base, o));
            TRACE.same(name + "-event-1-what", o.what);
            TRACE.same(name + "-event-1-inside-connect", o.insideConnect);
            assertThat(o.error).isInstanceOf(ConnectException.class);
            TRACE.same(name + "-event-1-socket-error", o.error.getMessage());
            TRACE.same(name + "-event-1-enabled", o.enabled);
            TRACE.same(name + "-event-1-pending", o.pending);
            TRACE.differs(name + "-event-1-fd-open", o.fdOpen, "yes", CHANNEL_CLOSED);

            for (int i = 0; i < 3; i++) {
                base.loop(EventBase.LOOP_NONBLOCK);
            }
            TRACE.same(name + "-read-calls", o.reads);
            TRACE.same(name + "-write-calls", o.writes);
            TRACE.same(name + "-event-calls", o.events);
            TRACE.same(name + "-enabled-after-loop", flags(bev.enabled()));
            TRACE.same(name + "-pending-after-loop", base.eventCount(EventBase.COUNT_ADDED) == 0 ? "none" : "some");
            TRACE.differs(name + "-fd-open-after-loop", fdOpen(bev), "yes", CHANNEL_CLOSED);
            TRACE.same(name + "-loop-return-after", base.loop(EventBase.LOOP_NONBLOCK).code());
            bev.close();
        }
    }

    private static String fdOpen(SocketBufferEvent bev) {
        SocketChannel ch = bev.channel();
        return ch != null && ch.isOpen() ? "yes" : "no";
    }

    /** One LOOP_ONCE call at a time until the event callback ran; fails after 100 calls or 10 s. */
    private static int loopOnceUntilAnEvent(EventBase base, Observed o) {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        int calls = 0;
        while (o.events == 0) {
            if (calls == 100 || System.nanoTime() - deadline > 0) {
                fail("no event callback after " + calls + " LOOP_ONCE calls");
            }
            base.loop(EventBase.LOOP_ONCE);
            calls++;
        }
        return calls;
    }

    @AfterAll
    static void everyObservationWasReplayed() {
        TRACE.allReplayed();
    }
}
