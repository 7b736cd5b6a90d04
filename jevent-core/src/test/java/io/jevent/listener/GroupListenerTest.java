package io.jevent.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.EventBaseGroup;
import io.jevent.bufferevent.BevOption;
import io.jevent.bufferevent.BufferEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class GroupListenerTest {
    private static final InetSocketAddress ANY_LOOPBACK_PORT =
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final int CONNECTIONS = 64;
    private static final int LOOPS = 4;

    private final EventBaseGroup group = EventBaseGroup.builder().loops(LOOPS).name("gl").build();
    private final List<SocketChannel> clients = new ArrayList<>();

    @AfterEach
    void cleanUp() throws IOException {
        for (SocketChannel ch : clients) {
            ch.close();
        }
        group.close();
    }

    /** Counts the connections each loop got, and whether every callback ran on its own loop's thread. */
    private static final class Tally {
        final Map<EventBase, AtomicInteger> perLoop = new IdentityHashMap<>();
        final List<String> wrongThread = new ArrayList<>();
        final CountDownLatch accepted;

        Tally(int expected) {
            accepted = new CountDownLatch(expected);
        }

        /** Echoes every connection on the loop it was given, so the test also sees bytes flow. */
        void onAccept(EventBase base, SocketChannel channel, java.net.SocketAddress peer) {
            synchronized (this) {
                if (!base.inLoopThread()) {
                    wrongThread.add(Thread.currentThread().getName());
                }
                perLoop.computeIfAbsent(base, k -> new AtomicInteger()).incrementAndGet();
            }
            BufferEvent bev = BufferEvent.socket(base, channel, BevOption.CLOSE_ON_FREE);
            bev.setCallbacks(b -> {
                if (!base.inLoopThread()) {
                    synchronized (this) {
                        wrongThread.add("read on " + Thread.currentThread().getName());
                    }
                }
                b.output().addBuffer(b.input());
            }, null, (b, events) -> b.close());
            bev.enable(Ev.READ | Ev.WRITE);
            accepted.countDown();
        }

        synchronized int loopsUsed() {
            return perLoop.size();
        }
    }

    private void connectAndEcho(InetSocketAddress address, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            SocketChannel client = SocketChannel.open(address);
            clients.add(client);
            client.write(ByteBuffer.wrap(("hello " + i + "\n").getBytes(StandardCharsets.US_ASCII)));
        }
        for (int i = 0; i < n; i++) {
            byte[] expected = ("hello " + i + "\n").getBytes(StandardCharsets.US_ASCII);
            ByteBuffer got = ByteBuffer.allocate(expected.length);
            while (got.hasRemaining()) {
                assertThat(clients.get(i).read(got)).as("echo of client %d", i).isPositive();
            }
            assertThat(got.array()).isEqualTo(expected);
        }
    }

    @Test
    void handOffGivesEveryLoopTheSameShareOfTheConnections() throws Exception {
        Tally tally = new Tally(CONNECTIONS);
        try (GroupListener listener = GroupListener.bind(group, ANY_LOOPBACK_PORT, -1, GroupListener.Spread.HANDOFF,
                tally::onAccept)) {
            connectAndEcho((InetSocketAddress) listener.localAddress(), CONNECTIONS);
            assertThat(tally.accepted.await(20, TimeUnit.SECONDS)).isTrue();
        }
        synchronized (tally) {
            assertThat(tally.wrongThread).isEmpty();
            assertThat(tally.perLoop).hasSize(LOOPS);
            tally.perLoop.values().forEach(n -> assertThat(n.get()).isEqualTo(CONNECTIONS / LOOPS));
        }
    }

    @Test
    void reusePortLetsTheKernelSpreadTheConnectionsOverSeveralLoops() throws Exception {
        Tally tally = new Tally(CONNECTIONS);
        try (GroupListener listener = GroupListener.bind(group, ANY_LOOPBACK_PORT, -1, GroupListener.Spread.REUSEPORT,
                tally::onAccept)) {
            assertThat(listener.spread()).isEqualTo(GroupListener.Spread.REUSEPORT);
            connectAndEcho((InetSocketAddress) listener.localAddress(), CONNECTIONS);
            assertThat(tally.accepted.await(20, TimeUnit.SECONDS)).isTrue();
        }
        synchronized (tally) {
            assertThat(tally.wrongThread).isEmpty();
            // The kernel hashes each connection's addresses: even only on average.
            assertThat(tally.loopsUsed()).isGreaterThanOrEqualTo(2);
            assertThat(tally.perLoop.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(CONNECTIONS);
        }
    }

    @ParameterizedTest
    @EnumSource(GroupListener.Spread.class)
    void closeFreesThePortOfEverySocket(GroupListener.Spread spread) throws Exception {
        InetSocketAddress address;
        try (GroupListener listener = GroupListener.bind(group, ANY_LOOPBACK_PORT, 16, spread, (b, ch, p) -> { })) {
            address = (InetSocketAddress) listener.localAddress();
            assertThat(address.getPort()).isPositive();
            assertThat(listener.isEnabled()).isTrue();
        }
        try (ServerSocketChannel again = ServerSocketChannel.open()) {
            again.bind(address);
            assertThat(((InetSocketAddress) again.getLocalAddress()).getPort()).isEqualTo(address.getPort());
        }
    }

    @ParameterizedTest
    @EnumSource(GroupListener.Spread.class)
    void aDisabledListenerAcceptsOnlyOnceEnabled(GroupListener.Spread spread) throws Exception {
        Tally tally = new Tally(1);
        try (GroupListener listener = GroupListener.bind(group, ANY_LOOPBACK_PORT, -1, spread, tally::onAccept,
                ConnListener.Option.DISABLED)) {
            assertThat(listener.isEnabled()).isFalse();
            SocketChannel client = SocketChannel.open(listener.localAddress());
            clients.add(client);
            assertThat(tally.accepted.getCount()).isEqualTo(1);
            listener.enable();
            assertThat(tally.accepted.await(20, TimeUnit.SECONDS)).isTrue();
            listener.disable();
            assertThat(listener.isEnabled()).isFalse();
        }
    }

    @Test
    void handOffWorksOverAUnixDomainSocket(@TempDir Path dir) throws Exception {
        Tally tally = new Tally(LOOPS);
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("group.sock"));
        try (GroupListener listener = GroupListener.bind(group, address, -1, GroupListener.Spread.HANDOFF,
                tally::onAccept)) {
            for (int i = 0; i < LOOPS; i++) {
                clients.add(SocketChannel.open(listener.localAddress()));
            }
            assertThat(tally.accepted.await(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(tally.loopsUsed()).isEqualTo(LOOPS);
    }

    @Test
    void misuseIsRefusedWithAMessageThatSaysWhy(@TempDir Path dir) {
        GroupListener.Callback ignore = (b, ch, p) -> { };
        assertThatThrownBy(() -> GroupListener.bind(group, UnixDomainSocketAddress.of(dir.resolve("x.sock")), -1,
                GroupListener.Spread.REUSEPORT, ignore))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Spread.HANDOFF");
        assertThatThrownBy(() -> GroupListener.bind(group, ANY_LOOPBACK_PORT, 0, GroupListener.Spread.HANDOFF, ignore))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backlog 0");
        EventBaseGroup closed = EventBaseGroup.create(1);
        closed.close();
        assertThatThrownBy(() -> GroupListener.bind(closed, ANY_LOOPBACK_PORT, -1, GroupListener.Spread.HANDOFF,
                ignore)).isInstanceOf(IllegalStateException.class).hasMessageContaining("shut down");
    }
}
