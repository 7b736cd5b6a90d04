package io.jevent.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.EventBase;
import io.jevent.buffer.EvBuffer;
import io.jevent.bufferevent.BevEvent;
import io.jevent.bufferevent.BevOption;
import io.jevent.bufferevent.BufferEvent;
import io.jevent.bufferevent.SocketBufferEvent;
import io.jevent.http.HttpConnection;
import io.jevent.http.HttpMethod;
import io.jevent.http.HttpRequest;
import io.jevent.http.HttpResolver;
import io.jevent.http.HttpServer;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * BufferEvents and the HTTP client resolving through jevent-dns: a DnsServer and the clients share
 * one loop, so the whole exchange is single-threaded and real (UDP queries, TCP connects).
 */
class ConnectThroughResolverTest {
    private EventBase base;
    private DnsServer server;
    private DnsResolver dns;

    @BeforeEach
    void start() throws Exception {
        base = new EventBase();
        server = DnsServer.bind(base, new InetSocketAddress("127.0.0.1", 0), req -> {
            DnsQuestion q = req.questions().get(0);
            try {
                if (q.name().equalsIgnoreCase("service.test") && q.type() == DnsRecord.A) {
                    // The first address refuses connections; the second listens.
                    req.addAnswer(DnsRecord.a(q.name(), 60, (Inet4Address) InetAddress.getByName("127.0.0.2")));
                    req.addAnswer(DnsRecord.a(q.name(), 60, (Inet4Address) InetAddress.getByName("127.0.0.1")));
                } else if (!q.name().equalsIgnoreCase("service.test")) {
                    req.respond(DnsServerRequest.NXDOMAIN);
                    return;
                }
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            req.respond(DnsServerRequest.NOERROR);
        });
        dns = new DnsResolver(base).addNameserver(server.localAddress());
    }

    @AfterEach
    void stop() {
        dns.close();
        server.close();
        base.close();
    }

    @Test
    void connectsToTheNextAddressWhenTheFirstRefuses() throws Exception {
        try (ServerSocketChannel listening = ServerSocketChannel.open()) {
            listening.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) listening.getLocalAddress()).getPort();
            List<Integer> events = new ArrayList<>();
            SocketBufferEvent bev = BufferEvent.socket(base, null, BevOption.CLOSE_ON_FREE);
            bev.setCallbacks(null, null, (b, what) -> {
                events.add(what);
                base.loopBreak();
            });
            bev.connectHostname(dns, StandardProtocolFamily.INET, "service.test", port);
            base.dispatch();
            assertThat(events).containsExactly(BevEvent.CONNECTED);
            assertThat(((InetSocketAddress) bev.channel().getRemoteAddress()).getAddress())
                    .isEqualTo(InetAddress.getByName("127.0.0.1"));
            bev.close();
        }
    }

    @Test
    void aFailedLookupIsAnErrorWithTheDnsError() {
        List<Integer> events = new ArrayList<>();
        SocketBufferEvent bev = BufferEvent.socket(base, null, BevOption.CLOSE_ON_FREE);
        bev.setCallbacks(null, null, (b, what) -> {
            events.add(what);
            base.loopBreak();
        });
        bev.connectHostname(dns, null, "missing.test", 80);
        base.dispatch();
        assertThat(events).containsExactly(BevEvent.ERROR);
        assertThat(bev.dnsError()).isEqualTo(AddrInfoError.NONAME.code());
        assertThat(bev.lastError()).hasMessageContaining("missing.test").hasMessageContaining("NONAME");
        bev.close();
    }

    @Test
    void theHttpClientResolvesItsHostThroughTheResolver() throws Exception {
        try (HttpServer http = new HttpServer(base)) {
            http.setGenericCallback(req -> req.sendReply(200, "OK",
                    new EvBuffer().add("resolved by jevent-dns\n", StandardCharsets.UTF_8)));
            int port = ((InetSocketAddress) http.bind("127.0.0.1", 0).localAddress()).getPort();
            HttpConnection conn = new HttpConnection(base, HttpResolver.of(dns), "service.test", port);
            String[] body = new String[1];
            HttpRequest req = new HttpRequest(r -> {
                body[0] = r.error() != null ? String.valueOf(r.error())
                        : r.input().readLine(io.jevent.buffer.EolStyle.LF, StandardCharsets.UTF_8);
                conn.close();
                base.loopBreak();
            });
            req.outputHeaders().add("Host", "service.test");
            conn.makeRequest(req, HttpMethod.GET, "/");
            base.dispatch();
            assertThat(body[0]).isEqualTo("resolved by jevent-dns");
        }
    }
}
