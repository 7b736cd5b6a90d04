package io.jevent.bufferevent;

import static io.jevent.LoopRunner.runUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.LogCapture;
import io.jevent.SocketPair;
import io.jevent.listener.ConnListener;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The debug line for input that waits on a socket BufferEvent whose reading was never enabled. */
class UnreadInputWarningTest {

    private static List<LogRecord> warnings(LogCapture log) {
        return log.records.stream().filter(r -> r.getMessage().contains("enable(Ev.READ)")).toList();
    }

    @Test
    void dataForABufferEventThatNeverEnabledReadingIsLoggedOnceAtDebugLevel() throws Exception {
        try (LogCapture log = new LogCapture(Level.ALL); EventBase base = new EventBase();
             SocketPair pair = SocketPair.open()) {
            BufferEvent bev = BufferEvent.socket(base, pair.left, BevOption.CLOSE_ON_FREE);
            SocketPair.write(pair.right, "hello\n");
            runUntil(base, () -> !warnings(log).isEmpty());

            // More data, more loop rounds: still the one line.
            SocketPair.write(pair.right, "anyone there?\n");
            bev.write(new byte[] {'!'});
            base.loop(EventBase.LOOP_NONBLOCK);
            assertThat(SocketBufferEventTest.readAll(pair.right, 1)).isEqualTo("!");
            base.loop(EventBase.LOOP_NONBLOCK);

            assertThat(warnings(log)).singleElement().satisfies(r -> {
                assertThat(r.getLevel()).isEqualTo(Level.FINE);
                assertThat(r.getMessage()).contains(pair.left.toString()).contains("never enabled");
            });
            assertThat(bev.input().length()).as("the data stays in the kernel, as in libevent").isZero();
            bev.close();
        }
    }

    @Test
    void aBufferEventThatEnablesReadingIsNeverWarnedAbout() throws Exception {
        try (LogCapture log = new LogCapture(Level.ALL); EventBase base = new EventBase();
             SocketPair pair = SocketPair.open()) {
            List<String> got = new ArrayList<>();
            BufferEvent bev = BufferEvent.socket(base, pair.left, BevOption.CLOSE_ON_FREE);
            bev.setCallbacks(b -> {
                got.add("read");
                b.input().drain(b.input().length());
            }, null, null);
            SocketPair.write(pair.right, "early");
            // Enabled after the data arrived, but before the loop ran: no warning.
            bev.enable(Ev.READ);
            runUntil(base, () -> !got.isEmpty());
            bev.disable(Ev.READ);
            SocketPair.write(pair.right, "later");
            base.loop(EventBase.LOOP_NONBLOCK);

            assertThat(warnings(log)).isEmpty();
            bev.close();
        }
    }

    @Test
    void aConnectedClientThatForgetsToReadIsWarnedAbout() throws Exception {
        try (LogCapture log = new LogCapture(Level.ALL); EventBase base = new EventBase()) {
            List<SocketChannel> accepted = new ArrayList<>();
            try (ConnListener listener = ConnListener.bind(base,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), -1,
                    (lev, ch, peer) -> accepted.add(ch), ConnListener.Option.CLOSE_ON_FREE)) {
                List<Integer> events = new ArrayList<>();
                SocketBufferEvent bev = BufferEvent.socket(base, null, BevOption.CLOSE_ON_FREE);
                bev.setCallbacks(null, null, (b, what) -> events.add(what));
                bev.connect(listener.localAddress());
                runUntil(base, () -> !events.isEmpty() && !accepted.isEmpty());
                assertThat(events).containsExactly(BevEvent.CONNECTED);

                SocketPair.write(accepted.get(0), "welcome\n");
                runUntil(base, () -> !warnings(log).isEmpty());
                assertThat(warnings(log)).hasSize(1);
                bev.close();
                accepted.get(0).close();
            }
        }
    }
}
