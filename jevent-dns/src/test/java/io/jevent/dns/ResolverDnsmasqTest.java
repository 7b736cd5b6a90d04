package io.jevent.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.EventBase;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The resolver against a real dnsmasq on 127.0.0.1. */
class ResolverDnsmasqTest {
    private static Dnsmasq dnsmasq;
    private EventBase base;
    private DnsResolver dns;

    @BeforeAll
    static void startDnsmasq() throws Exception {
        dnsmasq = Dnsmasq.start(Dnsmasq.ZONE);
    }

    @AfterAll
    static void stopDnsmasq() throws Exception {
        if (dnsmasq != null) {
            dnsmasq.close();
        }
    }

    @BeforeEach
    void resolver() {
        base = new EventBase();
        dns = new DnsResolver(base).addNameserver(dnsmasq.address()).setOption("timeout", "2");
    }

    @AfterEach
    void close() {
        dns.close();
        base.close();
    }

    private DnsAnswer ipv4(String name) throws Exception {
        return Loop.<DnsAnswer>await(base, f -> dns.resolveIpv4(name, 0, f::complete));
    }

    private DnsAnswer ipv6(String name) throws Exception {
        return Loop.<DnsAnswer>await(base, f -> dns.resolveIpv6(name, 0, f::complete));
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void resolvesAnIpv4AddressWithItsTtl() throws Exception {
        DnsAnswer a = ipv4("www.example.test");
        assertThat(a.error()).isEqualTo(DnsError.NONE);
        assertThat(a.addresses()).containsExactly(ip("10.0.0.1"));
        assertThat(a.ttl()).isEqualTo(60);
        assertThat(a.type()).isEqualTo(DnsRecord.A);
    }

    @Test
    void resolvesEveryAddressOfAName() throws Exception {
        assertThat(ipv4("two.example.test").addresses()).containsExactlyInAnyOrder(ip("10.0.0.4"), ip("10.0.0.5"));
    }

    @Test
    void resolvesAnIpv6Address() throws Exception {
        DnsAnswer a = ipv6("www.example.test");
        assertThat(a.addresses()).containsExactly(ip("fd00::1"));
    }

    @Test
    void followsACname() throws Exception {
        assertThat(ipv4("alias.example.test").addresses()).containsExactly(ip("10.0.0.1"));
    }

    @Test
    void resolvesAnAddressBackToItsName() throws Exception {
        InetAddress www = ip("10.0.0.1");
        DnsAnswer a = Loop.<DnsAnswer>await(base, f -> dns.resolveReverse(www, 0, f::complete));
        assertThat(a.names()).containsExactly("www.example.test");
        assertThat(a.name()).isEqualTo("1.0.0.10.in-addr.arpa");
    }

    @Test
    void reportsAMissingNameAsNotexistAndAMissingTypeAsNodata() throws Exception {
        assertThat(ipv4("nosuch.example.test").error()).isEqualTo(DnsError.NOTEXIST);
        assertThat(ipv6("v4only.example.test").error()).isEqualTo(DnsError.NODATA);
        assertThat(ipv4("v6only.example.test").error()).isEqualTo(DnsError.NODATA);
    }

    @Test
    void triesTheSearchDomainsBeforeAShortName() throws Exception {
        dns.addSearch("example.test").addSearch("corp.test");
        DnsAnswer a = ipv4("host");
        assertThat(a.addresses()).containsExactly(ip("10.0.0.3"));
        assertThat(a.name()).isEqualTo("host.corp.test");
        assertThat(ipv4("www").name()).isEqualTo("www.example.test");
        assertThat(dns.candidates("host", true)).containsExactly("host.example.test", "host.corp.test", "host");
    }

    @Test
    void triesANameWithEnoughDotsAsItIsFirst() throws Exception {
        dns.addSearch("example.test").setOption("ndots:", "1");
        assertThat(dns.candidates("www.example", true)).containsExactly("www.example", "www.example.example.test");
        assertThat(dns.candidates("www.example.test", false)).containsExactly("www.example.test");
        dns.setOption("ndots", "3");
        assertThat(dns.candidates("www.example", true)).containsExactly("www.example.example.test", "www.example");
        // Without the search list "www" goes out alone, and dnsmasq, with no upstream, refuses it.
        assertThat(Loop.<DnsAnswer>await(base, f -> dns.resolveIpv4("www", DnsResolver.NO_SEARCH, f::complete))
                .error()).isEqualTo(DnsError.REFUSED);
    }

    @Test
    void readsNameserverSearchAndOptionsFromResolvConf() throws Exception {
        Path conf = Files.createTempFile("resolv", ".conf");
        Files.writeString(conf, "# test\nnameserver " + dnsmasq.address() + "\nsearch example.test corp.test\n"
                + "options ndots:2 timeout:1 attempts:4 rotate edns0 unknown-option\nsortlist 1.2.3.4\n");
        try (EventBase b = new EventBase(); DnsResolver r = new DnsResolver(b).resolvConf(conf)) {
            assertThat(r.nameservers()).containsExactly(dnsmasq.address());
            assertThat(r.searchDomains()).containsExactly("example.test", "corp.test");
            assertThat(r.config.ndots).isEqualTo(2);
            assertThat(r.config.attempts).isEqualTo(4);
            assertThat(r.config.timeoutNanos).isEqualTo(1_000_000_000L);
            assertThat(r.config.rotate).isTrue();
            assertThat(r.config.ednsUdpSize).isEqualTo(1232);
            DnsAnswer a = Loop.<DnsAnswer>await(b, f -> r.resolveIpv4("host", 0, f::complete));
            assertThat(a.addresses()).containsExactly(ip("10.0.0.3"));
        }
    }

    @Test
    void cancelsAPendingRequest() throws Exception {
        DnsAnswer a = Loop.<DnsAnswer>await(base, f -> dns.resolveIpv4("www.example.test", 0, f::complete).cancel());
        assertThat(a.error()).isEqualTo(DnsError.CANCEL);
    }

    @Test
    void answersFromAnotherThreadOnTheLoop() throws Exception {
        List<Boolean> onLoop = new ArrayList<>();
        DnsAnswer a = Loop.<DnsAnswer>await(base, f -> {
            Thread t = new Thread(() -> dns.resolveIpv4("www.example.test", 0, answer -> {
                onLoop.add(base.inLoopThread());
                f.complete(answer);
            }));
            t.start();
        });
        assertThat(a.ok()).isTrue();
        assertThat(onLoop).containsExactly(true);
    }

    private record Result(AddrInfoError error, List<AddrInfo> results) {
    }

    private Result gai(String node, String service, AddrInfoHints hints) throws Exception {
        return Loop.<Result>await(base, f -> dns.getAddrInfo(node, service, hints,
                (e, r) -> f.complete(new Result(e, r))));
    }

    @Test
    void getAddrInfoAsksForBothFamiliesWhenTheFamilyIsOpen() throws Exception {
        Result r = gai("www.example.test", "80", new AddrInfoHints().socketType(AddrInfoHints.SOCK_STREAM));
        assertThat(r.error()).isEqualTo(AddrInfoError.NONE);
        assertThat(r.results()).extracting(AddrInfo::address).containsExactly(
                new InetSocketAddress(ip("10.0.0.1"), 80), new InetSocketAddress(ip("fd00::1"), 80));
        Result v6 = gai("www.example.test", "https",
                new AddrInfoHints().family(StandardProtocolFamily.INET6).socketType(AddrInfoHints.SOCK_STREAM)
                        .flags(AddrInfoHints.CANONNAME));
        assertThat(v6.results()).hasSize(1);
        assertThat(v6.results().get(0).address().getPort()).isEqualTo(443);
        assertThat(v6.results().get(0).canonicalName()).isEqualTo("www.example.test");
    }

    @Test
    void getAddrInfoGivesTcpAndUdpWhenNoTypeIsAsked() throws Exception {
        Result r = gai("v4only.example.test", "53", new AddrInfoHints());
        assertThat(r.results()).extracting(AddrInfo::socketType)
                .containsExactly(AddrInfoHints.SOCK_STREAM, AddrInfoHints.SOCK_DGRAM);
        assertThat(r.results()).extracting(AddrInfo::protocol)
                .containsExactly(AddrInfoHints.IPPROTO_TCP, AddrInfoHints.IPPROTO_UDP);
    }

    @Test
    void getAddrInfoAnswersLiteralsLocalhostAndHostsWithoutAQuery() throws Exception {
        Path hosts = Files.createTempFile("hosts", "");
        Files.writeString(hosts, "# comment\n192.0.2.7 printer printer.lan # office\nnot-an-address bad\n");
        dns.loadHosts(hosts);
        AddrInfoHints tcp = new AddrInfoHints().socketType(AddrInfoHints.SOCK_STREAM);
        for (String[] c : new String[][] {{"192.0.2.1", "192.0.2.1"}, {"::1", "::1"}, {"printer", "192.0.2.7"},
                {"PRINTER.lan", "192.0.2.7"}}) {
            List<AddrInfo> got = new ArrayList<>();
            // No loop runs: the callback must come before getAddrInfo returns.
            dns.getAddrInfo(c[0], "8080", tcp, (e, r) -> got.addAll(r));
            assertThat(got).extracting(AddrInfo::address).containsExactly(new InetSocketAddress(ip(c[1]), 8080));
        }
        List<AddrInfo> local = new ArrayList<>();
        dns.getAddrInfo("localhost", null, tcp, (e, r) -> local.addAll(r));
        assertThat(local).extracting(AddrInfo::address).containsExactly(
                new InetSocketAddress(ip("127.0.0.1"), 0), new InetSocketAddress(ip("::1"), 0));
    }

    @Test
    void getAddrInfoFollowsTheFlags() throws Exception {
        AddrInfoHints tcp = new AddrInfoHints().socketType(AddrInfoHints.SOCK_STREAM);
        assertThat(gai("www.example.test", "http", new AddrInfoHints().flags(AddrInfoHints.NUMERICSERV)).error())
                .isEqualTo(AddrInfoError.NONAME);
        assertThat(gai("www.example.test", "80", new AddrInfoHints().flags(AddrInfoHints.NUMERICHOST)).error())
                .isEqualTo(AddrInfoError.NONAME);
        assertThat(gai(null, null, tcp).error()).isEqualTo(AddrInfoError.NONAME);
        Result passive = gai(null, "9000", new AddrInfoHints().socketType(AddrInfoHints.SOCK_STREAM)
                .flags(AddrInfoHints.PASSIVE));
        assertThat(passive.results()).extracting(AddrInfo::address).containsExactly(
                new InetSocketAddress(ip("0.0.0.0"), 9000), new InetSocketAddress(ip("::"), 9000));
        Result loopback = gai(null, "9000", tcp.family(StandardProtocolFamily.INET));
        assertThat(loopback.results()).extracting(AddrInfo::address)
                .containsExactly(new InetSocketAddress(ip("127.0.0.1"), 9000));
        assertThat(gai("nosuch.example.test", "80", new AddrInfoHints()).error()).isEqualTo(AddrInfoError.NONAME);
        assertThat(gai("www.example.test", "no-such-service", new AddrInfoHints()).error())
                .isEqualTo(AddrInfoError.NONAME);
    }

    @Test
    void getAddrInfoCanBeCancelled() throws Exception {
        Result r = Loop.<Result>await(base, f -> dns.getAddrInfo("www.example.test", "80", null,
                (e, list) -> f.complete(new Result(e, list))).cancel());
        assertThat(r.error()).isEqualTo(AddrInfoError.CANCEL);
    }
}
