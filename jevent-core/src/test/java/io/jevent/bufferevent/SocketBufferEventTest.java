package io.jevent.bufferevent;

import static io.jevent.LoopRunner.runUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.ManualClock;
import io.jevent.SocketPair;
import io.jevent.listener.ConnListener;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What only a socket BufferEvent does: connecting, resets, timeouts on a real socket, reuse. */
class SocketBufferEventTest {
    private final EventBase base = new EventBase();
    private final List<Integer> events = new ArrayList<>();

    @AfterEach
    void closeBase() {
        base.close();
    }

    private static SocketAddress closedPort() throws IOException {
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalAddress();
        }
    }

    private ConnListener listener(List<SocketChannel> accepted) {
        return ConnListener.bind(base, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), -1,
                (lev, ch, peer) -> accepted.add(ch), ConnListener.Option.CLOSE_ON_FREE);
    }

    @Test
    void aConnectReportsConnectedOnceAndThenCarriesData() throws Exception {
        List<SocketChannel> accepted = new ArrayList<>();
        try (ConnListener listener = listener(accepted)) {
            SocketBufferEvent bev = BufferEvent.socket(base, null, BevOption.CLOSE_ON_FREE);
            bev.setCallbacks(null, null, (b, what) -> events.add(what));
            bev.enable(Ev.READ | Ev.WRITE);
            bev.connect(listener.localAddress());
            bev.write("queued before connect".getBytes(StandardCharsets.US_ASCII));
            runUntil(base, () -> !events.isEmpty() && !accepted.isEmpty());
            assertThat(events).containsExactly(BevEvent.CONNECTED);
            assertThat(bev.channel().isConnected()).isTrue();
            assertThat(readAll(accepted.get(0), 21)).isEqualTo("queued before connect");
            assertThatThrownBy(() -> bev.connect(listener.localAddress())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already connected");
            bev.close();
            assertThat(bev.channel()).isNull();
            accepted.get(0).close();
        }
    }

    @Test
    void aRefusedConnectIsExactlyOneErrorNeverConnectedEvenWithReadingEnabledFirst() throws Exception {
        // The connect article: the asker enabled READ|WRITE before connecting and saw CONNECTED|ERROR.
        SocketBufferEvent bev = BufferEvent.socket(base, null, BevOption.CLOSE_ON_FREE);
        bev.setCallbacks(b -> events.add(-1), null, (b, what) -> events.add(what));
        bev.enable(Ev.READ | Ev.WRITE);
        bev.connect(closedPort());
        runUntil(base, () -> !events.isEmpty());
        assertThat(base.dispatch()).isNotNull();
        assertThat(events).containsExactly(BevEvent.ERROR);
        assertThat(bev.lastError()).isInstanceOf(ConnectException.class).hasMessageContaining("refused");
        assertThat(bev.enabled()).as("as in libevent, a failed connect leaves enabled what the user enabled")
                .isEqualTo(Ev.READ | Ev.WRITE);
        bev.close();
    }

    @Test
    void aSecondConnectAfterARefusedOneTriesAgainOnAFreshChannel() throws Exception {
        SocketBufferEvent bev = BufferEvent.socket(base, null, BevOption.CLOSE_ON_FREE);
        List<IOException> causes = new ArrayList<>();
        bev.setCallbacks(null, null, (b, what) -> causes.add(b.lastError()));
        bev.enable(Ev.READ | Ev.WRITE);
        SocketAddress closed = closedPort();
        bev.connect(closed);
        runUntil(base, () -> causes.size() == 1);
        bev.connect(closed);
        runUntil(base, () -> causes.size() == 2);
        assertThat(causes).allMatch(e -> e instanceof ConnectException, "a ConnectException each time");
        bev.close();
    }

    @Test
    void anImmediatelyFailingConnectIsReportedFromTheLoopNotThrown() throws Exception {
        SocketBufferEvent bev = BufferEvent.socket(base, null);
        bev.setCallbacks(null, null, (b, what) -> events.add(what));
        // An unresolved address fails inside connect() itself.
        bev.connect(InetSocketAddress.createUnresolved("nonexistent.invalid", 80));
        assertThat(events).isEmpty();
        runUntil(base, () -> !events.isEmpty());
        assertThat(events).containsExactly(BevEvent.ERROR);
        assertThat(bev.lastError()).isInstanceOf(UnknownHostException.class);
        bev.close();
    }

    @Test
    void connectHostnameResolvesOffTheLoopAndConnects() throws Exception {
        List<SocketChannel> accepted = new ArrayList<>();
        try (ConnListener listener = listener(accepted)) {
            SocketBufferEvent bev = BufferEvent.socket(base, null, BevOption.CLOSE_ON_FREE);
            bev.setCallbacks(null, null, (b, what) -> events.add(what));
            listener.disable();
            bev.connectHostname("localhost", ((InetSocketAddress) listener.localAddress()).getPort());
            // Nothing else is pending: only the lookup in flight keeps the loop running.
            base.loop(EventBase.LOOP_ONCE);
            assertThat(events).containsExactly(BevEvent.CONNECTED);
            bev.close();
            accepted.forEach(SocketPair::closeQuietly);
        }
    }

    @Test
    void aNameThatDoesNotResolveIsAnErrorEventWithTheCause() {
        SocketBufferEvent bev = BufferEvent.socket(base, null);
        bev.setCallbacks(null, null, (b, what) -> events.add(what));
        bev.connectHostname("nonexistent.invalid", 80);
        base.dispatch();
        assertThat(events).containsExactly(BevEvent.ERROR);
        assertThat(bev.lastError()).isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("nonexistent.invalid");
        bev.close();
    }

    @Test
    void aResetConnectionIsReadingErrorWithTheCause() throws Exception {
        SocketPair pair = SocketPair.open();
        SocketBufferEvent bev = BufferEvent.socket(base, pair.left, BevOption.CLOSE_ON_FREE);
        bev.setCallbacks(null, null, (b, what) -> events.add(what));
        bev.enable(Ev.READ);
        // SO_LINGER 0 makes close() send RST instead of FIN.
        pair.right.setOption(StandardSocketOptions.SO_LINGER, 0);
        pair.right.close();
        runUntil(base, () -> !events.isEmpty());
        assertThat(events).containsExactly(BevEvent.READING | BevEvent.ERROR);
        assertThat(bev.lastError()).hasMessageContaining("reset");
        bev.close();
    }

    @Test
    void writingToAResetConnectionIsWritingErrorNotLostSilently() throws Exception {
        SocketPair pair = SocketPair.open();
        SocketBufferEvent bev = BufferEvent.socket(base, pair.left, BevOption.CLOSE_ON_FREE);
        bev.setCallbacks(null, null, (b, what) -> events.add(what));
        pair.right.setOption(StandardSocketOptions.SO_LINGER, 0);
        pair.right.close();
        byte[] chunk = new byte[64 * 1024];
        runUntil(base, () -> {
            if (events.isEmpty() && bev.output().length() < chunk.length) {
                bev.write(chunk);
            }
            return !events.isEmpty();
        });
        assertThat(events).containsExactly(BevEvent.WRITING | BevEvent.ERROR);
        assertThat(bev.lastError()).isInstanceOf(IOException.class);
        bev.close();
    }

    @Test
    void readAndWriteTimeoutsCountOnlyWhileWaitingAndDisableTheirDirection() throws Exception {
        ManualClock clock = new ManualClock();
        try (EventBase timed = EventBase.builder().clock(clock).build(); SocketPair pair = SocketPair.open()) {
            SocketBufferEvent bev = BufferEvent.socket(timed, pair.left, BevOption.CLOSE_ON_FREE);
            bev.setCallbacks(b -> b.input().drain(b.input().length()), null, (b, what) -> events.add(what));
            bev.setTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(3));
            bev.enable(Ev.READ | Ev.WRITE);
            timed.loop(EventBase.LOOP_NONBLOCK);

            // Data restarts the read timeout; an idle output never times out.
            clock.advance(Duration.ofSeconds(4));
            SocketPair.write(pair.right, "ping");
            IoProbe.awaitReadable(pair.left);
            timed.loop(EventBase.LOOP_NONBLOCK);
            clock.advance(Duration.ofSeconds(4));
            timed.loop(EventBase.LOOP_NONBLOCK);
            assertThat(events).isEmpty();
            clock.advance(Duration.ofSeconds(1));
            timed.loop(EventBase.LOOP_NONBLOCK);
            assertThat(events).containsExactly(BevEvent.READING | BevEvent.TIMEOUT);
            assertThat(bev.enabled()).isEqualTo(Ev.WRITE);

            // The write timeout counts while output waits for a peer that does not read.
            events.clear();
            byte[] chunk = new byte[1 << 20];
            for (int i = 0; i < 16 && bev.output().length() == 0; i++) {
                bev.write(chunk);
                timed.loop(EventBase.LOOP_NONBLOCK);
            }
            assertThat(bev.output().length()).isPositive();
            clock.advance(Duration.ofSeconds(3));
            timed.loop(EventBase.LOOP_NONBLOCK);
            assertThat(events).containsExactly(BevEvent.WRITING | BevEvent.TIMEOUT);
            assertThat(bev.enabled()).isZero();
            bev.close();
        }
    }

    @Test
    void aConnectThatNeverCompletesTimesOutThroughTheWriteTimeout() throws Exception {
        ManualClock clock = new ManualClock();
        try (EventBase timed = EventBase.builder().clock(clock).build()) {
            SocketBufferEvent bev = BufferEvent.socket(timed, null, BevOption.CLOSE_ON_FREE);
            bev.setCallbacks(null, null, (b, what) -> events.add(what));
            bev.setTimeouts(null, Duration.ofSeconds(10));
            // A non-routable address in the TEST-NET-1 block: the SYN goes nowhere.
            bev.connect(new InetSocketAddress("192.0.2.1", 9));
            timed.loop(EventBase.LOOP_NONBLOCK);
            if (!events.isEmpty()) {
                // This machine refuses outright (no route): that is the error path, already tested.
                assertThat(events).containsExactly(BevEvent.ERROR);
                return;
            }
            clock.advance(Duration.ofSeconds(10));
            timed.loop(EventBase.LOOP_NONBLOCK);
            assertThat(events).containsExactly(BevEvent.WRITING | BevEvent.TIMEOUT);
            bev.close();
        }
    }

    @Test
    void outputAddedThenWritingDisabledStaysQueuedUntilWritingIsEnabledAgain() throws Exception {
        try (SocketPair pair = SocketPair.open()) {
            SocketBufferEvent bev = BufferEvent.socket(base, pair.left);
            bev.enable(Ev.READ | Ev.WRITE);
            // Added outside a read callback, the bytes wait for the loop's flush; disabling wins.
            bev.write("held".getBytes(StandardCharsets.US_ASCII));
            bev.disable(Ev.WRITE);
            base.loop(EventBase.LOOP_NONBLOCK);
            assertThat(bev.output().length()).isEqualTo(4);

            bev.enable(Ev.WRITE);
            runUntil(base, () -> bev.output().length() == 0);
            assertThat(readAll(pair.right, 4)).isEqualTo("held");
            assertThat(events).isEmpty();
            bev.close();
        }
    }

    @Test
    void reuseEmptiesFrozenBuffersDropsOldCallbacksAndServesTheNextConnection() throws Exception {
        SocketPair first = SocketPair.open();
        SocketBufferEvent bev = BufferEvent.socket(base, first.left, BevOption.CLOSE_ON_FREE);
        StringBuilder got = new StringBuilder();
        bev.setCallbacks(b -> got.append(BufferEventContract.drainText(b.input())), null, (b, what) -> events.add(what));
        bev.setWatermark(Ev.READ, 4, 0);
        bev.enable(Ev.READ | Ev.WRITE);
        // Leave stale bytes in both directions: unread input (below the low mark) and unsent output.
        SocketPair.write(first.right, "old");
        runUntil(base, () -> bev.input().length() == 3);
        bev.disable(Ev.WRITE);
        bev.write("stale".getBytes(StandardCharsets.US_ASCII));
        bev.enable(Ev.WRITE);
        assertThat(bev.output().length()).isEqualTo(5);

        SocketPair second = SocketPair.open();
        bev.reuse(second.left);
        assertThat(first.left.isOpen()).isFalse();
        assertThat(bev.input().length()).isZero();
        assertThat(bev.output().length()).isZero();
        assertThat(bev.channel()).isSameAs(second.left);
        assertThat(bev.enabled()).isEqualTo(Ev.READ | Ev.WRITE);
        assertThat(bev.lowWatermark(Ev.READ)).isEqualTo(4);

        SocketPair.write(second.right, "fresh");
        runUntil(base, () -> got.length() > 0);
        assertThat(got).hasToString("fresh");
        bev.write("reply".getBytes(StandardCharsets.US_ASCII));
        runUntil(base, () -> bev.output().length() == 0);
        assertThat(readAll(second.right, 5)).isEqualTo("reply");
        assertThat(events).isEmpty();
        bev.close();
        first.close();
        second.close();
    }

    @Test
    void reuseAfterEofStartsTheNewConnectionWithWhatTheUserEnabled() throws Exception {
        SocketPair first = SocketPair.open();
        SocketBufferEvent bev = BufferEvent.socket(base, first.left, BevOption.CLOSE_ON_FREE);
        bev.setCallbacks(null, null, (b, what) -> {
            events.add(what);
            try {
                b.input().drain(b.input().length());
                ((SocketBufferEvent) b).reuse(null);
            } catch (RuntimeException e) {
                throw e;
            }
        });
        bev.enable(Ev.READ);
        first.right.close();
        runUntil(base, () -> !events.isEmpty());
        assertThat(events).containsExactly(BevEvent.READING | BevEvent.EOF);
        assertThat(bev.channel()).isNull();
        SocketPair second = SocketPair.open();
        bev.reuse(second.left);
        assertThat(bev.enabled() & Ev.READ).isEqualTo(Ev.READ);
        bev.close();
        second.close();
    }

    @Test
    void ipv6LoopbackConnects() throws Exception {
        List<SocketChannel> accepted = new ArrayList<>();
        try (ConnListener listener = ConnListener.bind(base, new InetSocketAddress(InetAddress.getByName("::1"), 0),
                -1, (lev, ch, peer) -> accepted.add(ch), ConnListener.Option.CLOSE_ON_FREE)) {
            SocketBufferEvent bev = BufferEvent.socket(base, null, BevOption.CLOSE_ON_FREE);
            bev.setCallbacks(null, null, (b, what) -> events.add(what));
            bev.connect(listener.localAddress());
            runUntil(base, () -> !events.isEmpty() && !accepted.isEmpty());
            assertThat(events).containsExactly(BevEvent.CONNECTED);
            bev.close();
            accepted.forEach(SocketPair::closeQuietly);
        }
    }

    @Test
    void aClosedChannelIsRefusedAtCreation() throws Exception {
        SocketChannel ch = SocketChannel.open();
        ch.close();
        assertThatThrownBy(() -> BufferEvent.socket(base, ch)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("closed");
    }

    /** Reads exactly {@code n} bytes from a channel, polling it with a bounded wait. */
    static String readAll(SocketChannel ch, int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(n);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (buf.hasRemaining()) {
            IoProbe.awaitReadable(ch);
            if (ch.read(buf) < 0 || System.nanoTime() > deadline) {
                break;
            }
        }
        return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
    }
}
