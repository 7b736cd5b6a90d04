package io.jevent.bufferevent;

import static io.jevent.LoopRunner.runUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.LogCapture;
import io.jevent.SocketPair;
import io.jevent.buffer.EolStyle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** A BufferEvent whose callback throws keeps serving: the loop logs the exception and goes on. */
class CallbackExceptionTest {

    @Test
    void aReadCallbackThatThrowsAfterQueueingOutputStillSendsItAndGetsTheNextData() throws Exception {
        try (LogCapture log = new LogCapture(Level.ALL); EventBase base = new EventBase();
             SocketPair pair = SocketPair.open()) {
            List<String> lines = new ArrayList<>();
            BufferEvent bev = BufferEvent.socket(base, pair.left, BevOption.CLOSE_ON_FREE);
            bev.setCallbacks(b -> {
                String line;
                while ((line = b.input().readLine(EolStyle.LF, StandardCharsets.UTF_8)) != null) {
                    lines.add(line);
                    b.output().add("got " + line + "\n", StandardCharsets.UTF_8);
                    if (line.equals("bad")) {
                        throw new IllegalArgumentException("cannot handle " + line);
                    }
                }
            }, null, null);
            bev.enable(Ev.READ);

            SocketPair.write(pair.right, "bad\n");
            runUntil(base, () -> !log.records.isEmpty());
            assertThat(SocketBufferEventTest.readAll(pair.right, 8)).isEqualTo("got bad\n");

            SocketPair.write(pair.right, "good\n");
            runUntil(base, () -> lines.size() == 2);
            assertThat(SocketBufferEventTest.readAll(pair.right, 9)).isEqualTo("got good\n");

            assertThat(lines).containsExactly("bad", "good");
            assertThat(log.records).singleElement().satisfies(r -> {
                assertThat(r.getLevel()).isEqualTo(Level.SEVERE);
                assertThat(r.getThrown()).hasMessage("cannot handle bad");
                assertThat(r.getMessage()).contains("READ").contains(pair.left.toString());
            });
            assertThat(bev.isClosed()).isFalse();
            bev.close();
        }
    }

    @Test
    void anEventCallbackThatThrowsOnEndOfStreamLeavesTheBufferEventAsItWas() throws Exception {
        try (LogCapture log = new LogCapture(Level.ALL); EventBase base = new EventBase();
             SocketPair pair = SocketPair.open()) {
            List<Integer> events = new ArrayList<>();
            BufferEvent bev = BufferEvent.socket(base, pair.left, BevOption.CLOSE_ON_FREE);
            bev.setCallbacks(null, null, (b, what) -> {
                events.add(what);
                throw new IllegalStateException("no handler for " + BevEvent.toString(what));
            });
            bev.enable(Ev.READ);
            pair.right.close();

            runUntil(base, () -> !log.records.isEmpty());

            assertThat(events).containsExactly(BevEvent.READING | BevEvent.EOF);
            assertThat(bev.isClosed()).isFalse();
            assertThat(bev.enabled()).isEqualTo(Ev.WRITE);
            bev.close();
        }
    }
}
