package io.jevent.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jevent.Event;
import io.jevent.EventBase;
import io.jevent.LoopResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnListenerTest {
    private static final InetSocketAddress ANY_LOOPBACK_PORT =
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final EventBase base = new EventBase();
    private final List<SocketChannel> toClose = new ArrayList<>();

    @AfterEach
    void cleanUp() throws IOException {
        base.close();
        for (SocketChannel ch : toClose) {
            ch.close();
        }
    }

    private SocketChannel connect(ConnListener listener) throws IOException {
        SocketChannel client = SocketChannel.open(listener.localAddress());
        toClose.add(client);
        return client;
    }

    /** Runs the loop until {@code n} connections were accepted, for 10 s at most. */
    private void acceptUntil(List<?> accepted, int n) {
        boolean[] timedOut = new boolean[1];
        Event guard = base.newTimer((ev, what) -> timedOut[0] = true);
        guard.add(Duration.ofSeconds(10));
        while (accepted.size() < n && !timedOut[0]) {
            base.loop(EventBase.LOOP_ONCE);
        }
        guard.close();
        assertThat(accepted).hasSize(n);
    }

    @Test
    void acceptedConnectionsArriveNonBlockingWithKeepaliveAndThePeerAddress() throws Exception {
        List<SocketChannel> accepted = new ArrayList<>();
        List<SocketAddress> peers = new ArrayList<>();
        try (ConnListener listener = ConnListener.bind(base, ANY_LOOPBACK_PORT, -1, (lev, ch, peer) -> {
            accepted.add(ch);
            peers.add(peer);
        }, ConnListener.Option.CLOSE_ON_FREE)) {
            SocketChannel a = connect(listener);
            SocketChannel b = connect(listener);
            acceptUntil(accepted, 2);
            assertThat(peers).containsExactlyInAnyOrder(a.getLocalAddress(), b.getLocalAddress());
            for (SocketChannel ch : accepted) {
                assertThat(ch.isBlocking()).isFalse();
                assertThat(ch.getOption(StandardSocketOptions.SO_KEEPALIVE)).isTrue();
                toClose.add(ch);
            }
            assertThat(listener.base()).isSameAs(base);
            assertThat(listener.channel().isOpen()).isTrue();
        }
    }

    @Test
    void leaveSocketsBlockingHandsOverBlockingChannels() throws Exception {
        List<SocketChannel> accepted = new ArrayList<>();
        try (ConnListener listener = ConnListener.bind(base, ANY_LOOPBACK_PORT, 16,
                (lev, ch, peer) -> accepted.add(ch), ConnListener.Option.LEAVE_SOCKETS_BLOCKING,
                ConnListener.Option.CLOSE_ON_FREE)) {
            connect(listener);
            acceptUntil(accepted, 1);
            assertThat(accepted.get(0).isBlocking()).isTrue();
            toClose.addAll(accepted);
        }
    }

    @Test
    void aDisabledListenerAcceptsNothingUntilEnabled() throws Exception {
        List<SocketChannel> accepted = new ArrayList<>();
        try (ConnListener listener = ConnListener.bind(base, ANY_LOOPBACK_PORT, -1,
                (lev, ch, peer) -> accepted.add(ch), ConnListener.Option.DISABLED,
                ConnListener.Option.CLOSE_ON_FREE)) {
            assertThat(listener.isEnabled()).isFalse();
            connect(listener);
            assertThat(base.loop(EventBase.LOOP_NONBLOCK)).isEqualTo(LoopResult.NO_EVENTS);
            assertThat(accepted).isEmpty();

            listener.enable();
            acceptUntil(accepted, 1);
            listener.disable();
            connect(listener);
            assertThat(base.loop(EventBase.LOOP_NONBLOCK)).isNotNull();
            assertThat(accepted).hasSize(1);
            listener.enable();
            acceptUntil(accepted, 2);
            toClose.addAll(accepted);
        }
    }

    @Test
    void settingACallbackOnAnEnabledListenerWithoutOneStartsAccepting() throws Exception {
        List<SocketChannel> accepted = new ArrayList<>();
        try (ConnListener listener = ConnListener.bind(base, ANY_LOOPBACK_PORT, -1, null,
                ConnListener.Option.CLOSE_ON_FREE)) {
            connect(listener);
            assertThat(base.loop(EventBase.LOOP_NONBLOCK)).isEqualTo(LoopResult.NO_EVENTS);
            listener.setCallback((lev, ch, peer) -> accepted.add(ch));
            acceptUntil(accepted, 1);
            toClose.addAll(accepted);
        }
    }

    @Test
    void closingInsideTheCallbackStopsAcceptingAndClosesTheChannelWithCloseOnFree() throws Exception {
        List<SocketChannel> accepted = new ArrayList<>();
        ConnListener listener = ConnListener.bind(base, ANY_LOOPBACK_PORT, -1, (lev, ch, peer) -> {
            accepted.add(ch);
            lev.close();
        }, ConnListener.Option.CLOSE_ON_FREE);
        connect(listener);
        connect(listener);
        assertThat(base.dispatch()).isEqualTo(LoopResult.NO_EVENTS);
        assertThat(accepted).hasSize(1);
        assertThat(listener.channel().isOpen()).isFalse();
        assertThatThrownBy(listener::enable).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        toClose.addAll(accepted);
    }

    @Test
    void disablingInsideTheCallbackLeavesTheRestInTheBacklog() throws Exception {
        List<SocketChannel> accepted = new ArrayList<>();
        try (ConnListener listener = ConnListener.bind(base, ANY_LOOPBACK_PORT, -1, (lev, ch, peer) -> {
            accepted.add(ch);
            lev.disable();
        }, ConnListener.Option.CLOSE_ON_FREE)) {
            connect(listener);
            connect(listener);
            acceptUntil(accepted, 1);
            assertThat(base.dispatch()).isEqualTo(LoopResult.NO_EVENTS);
            assertThat(accepted).hasSize(1);
            listener.enable();
            acceptUntil(accepted, 2);
            toClose.addAll(accepted);
        }
    }

    @Test
    void withoutCloseOnFreeTheServerChannelStaysOpen() throws Exception {
        ConnListener listener = ConnListener.bind(base, ANY_LOOPBACK_PORT, -1, (lev, ch, peer) -> { });
        listener.close();
        listener.close();
        assertThat(listener.channel().isOpen()).isTrue();
        listener.channel().close();
    }

    @Test
    void backlogZeroIsRefusedOnBindAndAPortInUseSaysSo() throws Exception {
        assertThatThrownBy(() -> ConnListener.bind(base, ANY_LOOPBACK_PORT, 0, (lev, ch, peer) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already listening");
        try (ConnListener first = ConnListener.bind(base, ANY_LOOPBACK_PORT, -1, (lev, ch, peer) -> { },
                ConnListener.Option.CLOSE_ON_FREE)) {
            assertThatThrownBy(() -> ConnListener.bind(base, first.localAddress(), -1, (lev, ch, peer) -> { }))
                    .isInstanceOf(UncheckedIOException.class).hasMessageContaining("cannot listen on")
                    .hasCauseInstanceOf(BindException.class);
        }
    }

    @Test
    void reuseableRebindsAPortWithAConnectionInTimeWait() throws Exception {
        List<SocketChannel> accepted = new ArrayList<>();
        ConnListener first = ConnListener.bind(base, ANY_LOOPBACK_PORT, -1, (lev, ch, peer) -> accepted.add(ch),
                ConnListener.Option.CLOSE_ON_FREE, ConnListener.Option.REUSEABLE);
        SocketAddress address = first.localAddress();
        SocketChannel client = connect(first);
        acceptUntil(accepted, 1);
        // The server closes first, so its side of the connection, on the listening port, enters
        // TIME_WAIT once the client closes too.
        accepted.get(0).close();
        assertThat(client.read(ByteBuffer.allocate(1))).isEqualTo(-1);
        client.close();
        first.close();

        assertThatThrownBy(() -> ConnListener.bind(base, address, -1, (lev, ch, peer) -> { }))
                .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(BindException.class);
        try (ConnListener again = ConnListener.bind(base, address, -1, (lev, ch, peer) -> { },
                ConnListener.Option.REUSEABLE, ConnListener.Option.CLOSE_ON_FREE)) {
            assertThat(again.localAddress()).isEqualTo(address);
        }
    }

    @Test
    void reuseablePortLetsTwoListenersShareAPort() throws Exception {
        try (ConnListener a = ConnListener.bind(base, ANY_LOOPBACK_PORT, -1, (lev, ch, peer) -> { },
                ConnListener.Option.REUSEABLE_PORT, ConnListener.Option.CLOSE_ON_FREE);
                ConnListener b = ConnListener.bind(base, a.localAddress(), -1, (lev, ch, peer) -> { },
                        ConnListener.Option.REUSEABLE_PORT, ConnListener.Option.CLOSE_ON_FREE)) {
            assertThat(b.localAddress()).isEqualTo(a.localAddress());
        }
    }

    @Test
    void ipv6LoopbackWorksAndIpv6OnlyIsRefusedOnlyOnTheWildcard() throws Exception {
        List<SocketChannel> accepted = new ArrayList<>();
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 0);
        try (ConnListener listener = ConnListener.bind(base, v6, -1, (lev, ch, peer) -> accepted.add(ch),
                ConnListener.Option.BIND_IPV6ONLY, ConnListener.Option.CLOSE_ON_FREE)) {
            connect(listener);
            acceptUntil(accepted, 1);
            assertThat(((InetSocketAddress) listener.localAddress()).getAddress().getHostAddress())
                    .isEqualTo("0:0:0:0:0:0:0:1");
            toClose.addAll(accepted);
        }
        assertThatThrownBy(() -> ConnListener.bind(base, new InetSocketAddress(InetAddress.getByName("::"), 0), -1,
                (lev, ch, peer) -> { }, ConnListener.Option.BIND_IPV6ONLY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IPV6_V6ONLY");
    }

    @Test
    void wrapNeedsABoundChannelAndThenAccepts() throws Exception {
        List<SocketChannel> accepted = new ArrayList<>();
        try (ServerSocketChannel unbound = ServerSocketChannel.open()) {
            assertThatThrownBy(() -> ConnListener.wrap(base, unbound, (lev, ch, peer) -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not bound");
        }
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(ANY_LOOPBACK_PORT);
        try (ConnListener listener = ConnListener.wrap(base, server, (lev, ch, peer) -> accepted.add(ch),
                ConnListener.Option.CLOSE_ON_FREE)) {
            connect(listener);
            acceptUntil(accepted, 1);
            toClose.addAll(accepted);
        }
        assertThat(server.isOpen()).isFalse();
    }

    @Test
    void unixDomainSocketsAreAcceptedToo(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("listener.sock");
        List<SocketChannel> accepted = new ArrayList<>();
        try (ConnListener listener = ConnListener.bind(base, UnixDomainSocketAddress.of(socket), -1,
                (lev, ch, peer) -> accepted.add(ch), ConnListener.Option.CLOSE_ON_FREE)) {
            assertThat(Files.exists(socket)).isTrue();
            toClose.add(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
            acceptUntil(accepted, 1);
            toClose.addAll(accepted);
        }
    }
}
