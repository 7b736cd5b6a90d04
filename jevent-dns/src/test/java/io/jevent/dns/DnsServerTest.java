package io.jevent.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.EventBase;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The DNS server, asked by dig and by jevent's own resolver. */
class DnsServerTest {
    private EventBase base;
    private DnsServer server;
    private Thread loop;
    private final List<DnsServerRequest> seen = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        base = new EventBase();
        server = DnsServer.bind(base, new InetSocketAddress("127.0.0.1", 0), this::answer);
        CountDownLatch running = new CountDownLatch(1);
        loop = new Thread(() -> {
            base.execute(running::countDown);
            base.loop(EventBase.LOOP_NO_EXIT_ON_EMPTY);
        }, "dns-server-loop");
        loop.start();
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @AfterEach
    void stop() throws Exception {
        base.execute(() -> {
            server.close();
            base.loopBreak();
        });
        loop.join(10_000);
        base.close();
    }

    private void answer(DnsServerRequest req) {
        seen.add(req);
        DnsQuestion q = req.questions().get(0);
        String name = q.name().toLowerCase(java.util.Locale.ROOT);
        try {
            switch (name) {
                case "www.example.test":
                    if (q.type() == DnsRecord.A || q.type() == DnsRecord.ANY) {
                        req.addAnswer(DnsRecord.a(q.name(), 60, (Inet4Address) InetAddress.getByName("10.0.0.1")));
                    }
                    if (q.type() == DnsRecord.AAAA || q.type() == DnsRecord.ANY) {
                        req.addAnswer(DnsRecord.aaaa(q.name(), 60, (Inet6Address) InetAddress.getByName("fd00::1")));
                    }
                    break;
                case "alias.example.test":
                    req.addAnswer(DnsRecord.cname(q.name(), 60, "www.example.test"));
                    req.addAnswer(DnsRecord.a("www.example.test", 60, (Inet4Address) InetAddress.getByName("10.0.0.1")));
                    break;
                case "example.test":
                    if (q.type() == DnsRecord.MX) {
                        req.addAnswer(DnsRecord.mx(q.name(), 60, 10, "mail.example.test"));
                    } else if (q.type() == DnsRecord.TXT) {
                        req.addAnswer(DnsRecord.txt(q.name(), 60, "v=spf1 -all"));
                    }
                    break;
                case "_sip._udp.example.test":
                    req.addAnswer(DnsRecord.srv(q.name(), 60, 1, 5, 5060, "sip.example.test"));
                    break;
                case "1.0.0.10.in-addr.arpa":
                    req.addAnswer(DnsRecord.ptr(q.name(), 60, "www.example.test"));
                    break;
                case "big.example.test":
                    for (int i = 0; i < 40; i++) {
                        req.addAnswer(DnsRecord.a(q.name(), 60, (Inet4Address) InetAddress.getByAddress(
                                new byte[] {10, 1, 0, (byte) i})));
                    }
                    break;
                case "drop.example.test":
                    req.drop();
                    return;
                default:
                    req.addAuthority(DnsRecord.soa("example.test", 60, "ns.example.test", "admin.example.test", 1,
                            3600, 600, 86400, 30));
                    req.respond(DnsServerRequest.NXDOMAIN);
                    return;
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        req.respond(DnsServerRequest.NOERROR);
    }

    private String dig(String... args) throws Exception {
        String exe = Peers.require("dig", "dnsutils");
        List<String> cmd = new ArrayList<>(List.of(exe, "@127.0.0.1", "-p", String.valueOf(server.localAddress()
                .getPort()), "+time=5", "+tries=1"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void answersDigForEveryRecordType() throws Exception {
        assertThat(dig("+short", "www.example.test", "A")).isEqualTo("10.0.0.1\n");
        assertThat(dig("+short", "www.example.test", "AAAA")).isEqualTo("fd00::1\n");
        assertThat(dig("+short", "alias.example.test", "A")).isEqualTo("www.example.test.\n10.0.0.1\n");
        assertThat(dig("+short", "example.test", "MX")).isEqualTo("10 mail.example.test.\n");
        assertThat(dig("+short", "example.test", "TXT")).isEqualTo("\"v=spf1 -all\"\n");
        assertThat(dig("+short", "_sip._udp.example.test", "SRV")).isEqualTo("1 5 5060 sip.example.test.\n");
        assertThat(dig("+short", "-x", "10.0.0.1")).isEqualTo("www.example.test.\n");
    }

    @Test
    void answersDigOverTcp() throws Exception {
        assertThat(dig("+short", "+tcp", "www.example.test", "A")).isEqualTo("10.0.0.1\n");
        assertThat(seen).anyMatch(DnsServerRequest::overTcp);
    }

    @Test
    void reportsNxdomainWithTheSoa() throws Exception {
        String out = dig("nosuch.example.test", "A");
        assertThat(out).contains("status: NXDOMAIN").contains("flags: qr aa rd;")
                .contains("example.test.\t\t60\tIN\tSOA\tns.example.test. admin.example.test. 1 3600 600 86400 30");
    }

    @Test
    void truncatesALargeUdpAnswerAndServesAllOfItOverTcp() throws Exception {
        String udpOnly = dig("+ignore", "+noedns", "big.example.test", "A");
        assertThat(udpOnly).contains("flags: qr aa tc rd;");
        String retried = dig("+short", "+noedns", "big.example.test", "A");
        assertThat(retried.split("\n")).hasSize(40);
    }

    @Test
    void givesJeventsResolverAllOfALargeAnswerThroughTcp() throws Exception {
        try (EventBase client = new EventBase(); DnsResolver dns = new DnsResolver(client)) {
            dns.addNameserver(server.localAddress());
            DnsAnswer a = Loop.<DnsAnswer>await(client, f -> dns.resolveIpv4("big.example.test", 0, f::complete));
            assertThat(a.addresses()).hasSize(40);
            DnsAnswer cname = Loop.<DnsAnswer>await(client, f -> dns.resolveIpv4("alias.example.test", 0,
                    f::complete));
            assertThat(cname.addresses()).containsExactly(InetAddress.getByName("10.0.0.1"));
            DnsAnswer missing = Loop.<DnsAnswer>await(client, f -> dns.resolveIpv6("nosuch.example.test", 0,
                    f::complete));
            assertThat(missing.error()).isEqualTo(DnsError.NOTEXIST);
            assertThat(missing.ttl()).isEqualTo(30);
        }
    }

    @Test
    void aDroppedRequestGetsNoAnswer() throws Exception {
        assertThat(dig("+time=1", "drop.example.test", "A")).contains("timed out");
    }
}
