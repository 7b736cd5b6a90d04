package io.jevent.bufferevent;

import static io.jevent.LoopRunner.runUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.LoopResult;
import io.jevent.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The connect timeout, against a listener that never accepts and whose queue is full: Linux then
 * drops the SYN of a new connect, which hangs until it is given up. The cases with a
 * {@link HostnameResolver} run over both kinds that connect, a socket and a TLS socket.
 */
class ConnectTimeoutTest {
    /** The BufferEvents that connect, and the server end each talks to. */
    enum Kind {
        SOCKET {
            @Override
            BufferEvent client(EventBase base) {
                return BufferEvent.socket(base, null, BevOption.CLOSE_ON_FREE);
            }

            @Override
            BufferEvent server(EventBase base, SocketChannel accepted) {
                return BufferEvent.socket(base, accepted, BevOption.CLOSE_ON_FREE);
            }

            @Override
            void connectHostname(BufferEvent bev, HostnameResolver resolver, ProtocolFamily family, String host,
                    int port, Duration timeout) {
                ((SocketBufferEvent) bev).connectHostname(resolver, family, host, port, timeout);
            }
        },
        TLS {
            @Override
            BufferEvent client(EventBase base) {
                return BufferEvent.tlsSocket(base, null, TestTls.clientEngine(), TlsState.CONNECTING,
                        BevOption.CLOSE_ON_FREE);
            }

            @Override
            BufferEvent server(EventBase base, SocketChannel accepted) {
                return BufferEvent.tlsSocket(base, accepted, TestTls.serverEngine(), TlsState.ACCEPTING,
                        BevOption.CLOSE_ON_FREE);
            }

            @Override
            void connectHostname(BufferEvent bev, HostnameResolver resolver, ProtocolFamily family, String host,
                    int port, Duration timeout) {
                ((TlsBufferEvent) bev).connectHostname(resolver, family, host, port, timeout);
            }
        };

        abstract BufferEvent client(EventBase base);

        abstract BufferEvent server(EventBase base, SocketChannel accepted);

        abstract void connectHostname(BufferEvent bev, HostnameResolver resolver, ProtocolFamily family, String host,
                int port, Duration timeout);
    }

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

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aResolverThatNeverAnswersEndsInTheConnectTimeoutAndHoldsTheLoopNoLonger(Kind kind) {
        AtomicInteger asked = new AtomicInteger();
        HostnameResolver silent = (host, family, callback) -> asked.incrementAndGet();
        try (EventBase base = new EventBase()) {
            BufferEvent bev = kind.client(base);
            bev.setCallbacks(null, null, (b, what) -> events.add(what));
            long start = System.nanoTime();
            kind.connectHostname(bev, silent, null, "never.test", 443, Duration.ofMillis(200));
            runUntil(base, () -> !events.isEmpty());
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isBetween(Duration.ofMillis(200), Duration.ofSeconds(5));
            assertThat(asked.get()).isEqualTo(1);
            assertThat(events).containsExactly(BevEvent.WRITING | BevEvent.TIMEOUT);
            assertThat(bev.lastError()).isInstanceOf(SocketTimeoutException.class)
                    .hasMessage("connect to never.test:443 timed out after 200 ms, before the name lookup finished");
            assertThat(base.loop(EventBase.LOOP_NONBLOCK)).as("the unanswered lookup keeps the loop running no longer")
                    .isEqualTo(LoopResult.NO_EVENTS);
            assertThat(events).hasSize(1);
            bev.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aResolvedAddressThatNeverAcceptsEndsInTheConnectTimeout(Kind kind) {
        HostnameResolver table = (host, family, callback) -> callback.resolved(List.of(address.getAddress()), 0, null);
        try (EventBase base = new EventBase()) {
            BufferEvent bev = kind.client(base);
            bev.setCallbacks(null, null, (b, what) -> events.add(what));
            long start = System.nanoTime();
            kind.connectHostname(bev, table, StandardProtocolFamily.INET, "full.test", address.getPort(),
                    Duration.ofMillis(200));
            runUntil(base, () -> !events.isEmpty());
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isBetween(Duration.ofMillis(200), Duration.ofSeconds(5));
            assertThat(events).containsExactly(BevEvent.WRITING | BevEvent.TIMEOUT);
            // The answer comes at once, but a loaded machine may not have taken it in time.
            assertThat(bev.lastError()).isInstanceOf(SocketTimeoutException.class)
                    .hasMessageStartingWith("connect to full.test:" + address.getPort() + " timed out after 200 ms");
            assertThat(base.loop(EventBase.LOOP_NONBLOCK)).as("nothing keeps the loop running")
                    .isEqualTo(LoopResult.NO_EVENTS);
            assertThat(events).hasSize(1);
            bev.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aResolvedConnectThatFinishesInTimeIsConnectedOnceAndCarriesData(Kind kind) throws Exception {
        try (EventBase base = new EventBase(); ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            listener.configureBlocking(false);
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            // The answer comes from another thread, as an asynchronous resolver's may.
            HostnameResolver table = (host, family, callback) -> new Thread(() -> callback.resolved(
                    List.of(InetAddress.getLoopbackAddress()), 0, null), "resolver").start();
            BufferEvent client = kind.client(base);
            StringBuilder got = new StringBuilder();
            client.setCallbacks(b -> got.append(BufferEventContract.drainText(b.input())), null,
                    (b, what) -> events.add(what));
            client.enable(Ev.READ | Ev.WRITE);
            client.write("ping".getBytes(StandardCharsets.US_ASCII));
            kind.connectHostname(client, table, StandardProtocolFamily.INET, "localhost", port, Duration.ofSeconds(10));
            SocketChannel[] accepted = new SocketChannel[1];
            runUntil(base, () -> (accepted[0] = acceptNow(listener)) != null);
            BufferEvent server = kind.server(base, accepted[0]);
            server.setCallbacks(b -> b.output().addBuffer(b.input()), null, null);
            server.enable(Ev.READ | Ev.WRITE);
            runUntil(base, () -> got.length() == 4);

            assertThat(got).hasToString("ping");
            assertThat(events).containsExactly(BevEvent.CONNECTED);
            assertThat(client.lastError()).isNull();
            client.close();
            server.close();
        }
    }

    /** The next connection the listener has, or null: the connect starts once the loop ran the lookup. */
    private static SocketChannel acceptNow(ServerSocketChannel listener) {
        try {
            return listener.accept();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aNegativeTimeoutIsRefusedBeforeAnythingStarts(Kind kind) {
        AtomicInteger asked = new AtomicInteger();
        HostnameResolver counting = (host, family, callback) -> asked.incrementAndGet();
        try (EventBase base = new EventBase()) {
            BufferEvent bev = kind.client(base);
            assertThatThrownBy(() -> kind.connectHostname(bev, counting, null, "a.test", 80, Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout is negative");
            assertThat(asked.get()).isZero();
            if (bev instanceof SocketBufferEvent socket) {
                assertThatThrownBy(() -> socket.connect(address, Duration.ofMillis(-1)))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout is negative");
                assertThat(socket.channel()).isNull();
            } else {
                assertThat(((TlsBufferEvent) bev).channel()).isNull();
            }
            bev.close();
        }
    }
}
