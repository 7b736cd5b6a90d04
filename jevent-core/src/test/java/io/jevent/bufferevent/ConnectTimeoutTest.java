package io.jevent.bufferevent;

import static io.jevent.LoopRunner.runUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.ManualClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connect timeout, against a listener that never accepts and whose queue is full: Linux then
 * drops the SYN of a new connect, which hangs until it is given up.
 */
class ConnectTimeoutTest {
    private final List<Integer> events = new ArrayList<>();
    private final List<SocketChannel> fillers = new ArrayList<>();
    private ServerSocketChannel full;
    private InetSocketAddress address;

    @BeforeEach
    void fillAListenersQueue() throws Exception {
        full = ServerSocketChannel.open();
        full.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        address = (InetSocketAddress) full.getLocalAddress();
        // A backlog of 1 admits two finished connections; the kernel drops the SYN of the third.
        for (int i = 0; i < 2; i++) {
            fillers.add(SocketChannel.open(address));
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (SocketChannel c : fillers) {
            c.close();
        }
        full.close();
    }

    @Test
    void aConnectThatDoesNotFinishInTimeReportsWritingTimeoutWithTheCause() {
        try (EventBase base = new EventBase()) {
            SocketBufferEvent bev = BufferEvent.socket(base, null, BevOption.CLOSE_ON_FREE);
            bev.setCallbacks(null, null, (b, what) -> events.add(what));
            bev.enable(Ev.READ | Ev.WRITE);
            long start = System.nanoTime();
            bev.connect(address, Duration.ofMillis(200));
            SocketChannel first = bev.channel();
            runUntil(base, () -> !events.isEmpty());

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
            assertThat(events).containsExactly(BevEvent.WRITING | BevEvent.TIMEOUT);
            assertThat(bev.lastError()).isInstanceOf(SocketTimeoutException.class)
                    .hasMessage("connect to " + address + " timed out after 200 ms");
            assertThat(first.isOpen()).isFalse();
            assertThat(bev.enabled()).isEqualTo(Ev.READ | Ev.WRITE);
            assertThat(base.dispatch()).as("nothing keeps the loop running").isNotNull();
            assertThat(events).hasSize(1);
            bev.close();
        }
    }

    @Test
    void afterATimeoutTheSameBufferEventConnectsAgainOnANewSocket() throws Exception {
        try (EventBase base = new EventBase()) {
            SocketBufferEvent bev = BufferEvent.socket(base, null, BevOption.CLOSE_ON_FREE);
            bev.setCallbacks(null, null, (b, what) -> events.add(what));
            bev.connectHostname(address.getAddress().getHostAddress(), address.getPort(), Duration.ofSeconds(1));
            runUntil(base, () -> !events.isEmpty());
            assertThat(events).containsExactly(BevEvent.WRITING | BevEvent.TIMEOUT);
            // The lookup of a literal is quick, but a loaded machine may not finish it in time.
            assertThat(bev.lastError()).hasMessageStartingWith("connect to " + address.getAddress().getHostAddress()
                    + ":" + address.getPort() + " timed out after 1000 ms");

            // Make room in the queue: the next attempt goes through.
            full.accept().close();
            full.accept().close();
            events.clear();
            bev.connect(address, Duration.ofSeconds(10));
            runUntil(base, () -> !events.isEmpty());
            assertThat(events).containsExactly(BevEvent.CONNECTED);
            assertThat(bev.channel().isConnected()).isTrue();
            bev.close();
        }
    }

    @Test
    void aConnectThatFinishesStopsItsTimer() throws Exception {
        full.accept().close();
        ManualClock clock = new ManualClock();
        try (EventBase base = EventBase.builder().clock(clock).build()) {
            SocketBufferEvent bev = BufferEvent.socket(base, null, BevOption.CLOSE_ON_FREE);
            bev.setCallbacks(null, null, (b, what) -> events.add(what));
            bev.connect(address, Duration.ofSeconds(1));
            runUntil(base, () -> !events.isEmpty());
            assertThat(events).containsExactly(BevEvent.CONNECTED);

            clock.advance(Duration.ofSeconds(5));
            base.loop(EventBase.LOOP_NONBLOCK);
            assertThat(events).containsExactly(BevEvent.CONNECTED);
            assertThat(bev.lastError()).isNull();
            bev.close();
        }
    }

    @Test
    void aNegativeTimeoutIsRefusedBeforeAnythingStarts() {
        try (EventBase base = new EventBase()) {
            SocketBufferEvent bev = BufferEvent.socket(base, null, BevOption.CLOSE_ON_FREE);
            assertThatThrownBy(() -> bev.connect(address, Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout is negative");
            assertThat(bev.channel()).isNull();
            bev.close();
        }
    }
}
