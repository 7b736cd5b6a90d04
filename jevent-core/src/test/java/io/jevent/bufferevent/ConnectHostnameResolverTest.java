package io.jevent.bufferevent;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.EventBase;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code connectHostname} through a {@link HostnameResolver}: the resolver's error code on a
 * failed lookup, and the next address when a connect fails. The resolvers here answer from a
 * table, on another thread or at once, as an asynchronous resolver may; the connects are real.
 */
class ConnectHostnameResolverTest {
    private final EventBase base = new EventBase();
    private final List<Integer> events = new ArrayList<>();

    @AfterEach
    void close() {
        base.close();
    }

    @Test
    void movesToTheNextAddressWhenAConnectFails() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            // Nothing listens on 127.0.0.2 at that port: refused, then 127.0.0.1 answers.
            List<ProtocolFamily> asked = new ArrayList<>();
            HostnameResolver table = (host, family, cb) -> {
                asked.add(family);
                new Thread(() -> {
                    try {
                        cb.resolved(List.of(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.1")),
                                0, null);
                    } catch (UnknownHostException e) {
                        throw new AssertionError(e);
                    }
                }).start();
            };
            SocketBufferEvent bev = BufferEvent.socket(base, null, BevOption.CLOSE_ON_FREE);
            bev.setCallbacks(null, null, (b, what) -> {
                events.add(what);
                base.loopBreak();
            });
            bev.connectHostname(table, StandardProtocolFamily.INET, "two.test", port);
            base.dispatch();
            assertThat(events).containsExactly(BevEvent.CONNECTED);
            assertThat(asked).containsExactly(StandardProtocolFamily.INET);
            assertThat(((InetSocketAddress) bev.channel().getRemoteAddress()).getAddress())
                    .isEqualTo(InetAddress.getByName("127.0.0.1"));
            assertThat(bev.dnsError()).isZero();
            bev.close();
        }
    }

    @Test
    void reportsTheLastFailureWhenNoAddressConnects() throws Exception {
        int closedPort;
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            closedPort = ((InetSocketAddress) s.getLocalAddress()).getPort();
        }
        HostnameResolver table = (host, family, cb) -> {
            try {
                cb.resolved(List.of(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.3")), 0, null);
            } catch (UnknownHostException e) {
                throw new AssertionError(e);
            }
        };
        SocketBufferEvent bev = BufferEvent.socket(base, null, BevOption.CLOSE_ON_FREE);
        bev.setCallbacks(null, null, (b, what) -> events.add(what));
        bev.connectHostname(table, null, "none.test", closedPort);
        base.dispatch();
        assertThat(events).containsExactly(BevEvent.ERROR);
        assertThat(bev.lastError()).hasMessageContaining("refused");
        bev.close();
    }

    @Test
    void aFailedLookupIsOneErrorWithTheResolversCode() {
        HostnameResolver failing = (host, family, cb) -> cb.resolved(List.of(), -908,
                new UnknownHostException(host + ": name does not exist"));
        SocketBufferEvent bev = BufferEvent.socket(base, null);
        bev.setCallbacks(null, null, (b, what) -> events.add(what));
        bev.connectHostname(failing, null, "missing.test", 80);
        base.dispatch();
        assertThat(events).containsExactly(BevEvent.ERROR);
        assertThat(bev.dnsError()).isEqualTo(-908);
        assertThat(bev.lastError()).isInstanceOf(UnknownHostException.class).hasMessageContaining("missing.test");
        bev.close();
    }
}
