package io.jevent.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.EventBase;
import io.jevent.dns.internal.Message;
import io.jevent.dns.internal.Question;
import io.jevent.dns.internal.Rr;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The resolver when servers misbehave, against scripted servers on 127.0.0.1. */
class ResolverFailureTest {
    private final List<FakeServer> servers = new ArrayList<>();
    private EventBase base;
    private DnsResolver dns;

    @BeforeEach
    void resolver() {
        base = new EventBase();
        dns = new DnsResolver(base).setOption("timeout", "0.2").setOption("attempts", "2");
    }

    @AfterEach
    void close() throws Exception {
        dns.close();
        base.close();
        for (FakeServer s : servers) {
            s.close();
        }
    }

    private FakeServer server(java.util.function.BiFunction<Message, Integer, List<FakeServer.Reply>> script)
            throws Exception {
        FakeServer s = new FakeServer(script);
        servers.add(s);
        dns.addNameserver(s.address());
        return s;
    }

    private static List<FakeServer.Reply> silence(Message q, int n) {
        return List.of();
    }

    private DnsAnswer ipv4(String name) throws Exception {
        return Loop.<DnsAnswer>await(base, f -> dns.resolveIpv4(name, 0, f::complete));
    }

    @Test
    void failsWithTimeoutWithinItsBudgetWhenTheServerIsSilent() throws Exception {
        FakeServer s = server(ResolverFailureTest::silence);
        long start = System.nanoTime();
        DnsAnswer a = ipv4("silent.test");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(a.error()).isEqualTo(DnsError.TIMEOUT);
        assertThat(s.queries).hasSize(2);
        // Two attempts of 200 ms: not before 400 ms, and not much after.
        assertThat(ms).isBetween(390L, 2_000L);
    }

    @Test
    void triesTheNextNameserverAndMarksASilentOneDown() throws Exception {
        FakeServer silent = server(ResolverFailureTest::silence);
        FakeServer good = server((q, n) -> FakeServer.send(FakeServer.answer(q, "10.1.1.1")));
        dns.setOption("max-timeouts", "2").setOption("initial-probe-timeout", "60");
        for (int i = 0; i < 3; i++) {
            DnsAnswer a = ipv4("name" + i + ".test");
            assertThat(a.addresses()).containsExactly(InetAddress.getByName("10.1.1.1"));
        }
        assertThat(dns.nameservers()).containsExactly(silent.address() + " (down)", good.address());
        // Down: skipped while another is up.
        assertThat(silent.queries).hasSize(2);
        assertThat(good.queries).hasSize(3);
    }

    @Test
    void failsWithTimeoutWhenEveryNameserverIsDown() throws Exception {
        FakeServer a = server(ResolverFailureTest::silence);
        FakeServer b = server(ResolverFailureTest::silence);
        dns.setOption("max-timeouts", "1").setOption("initial-probe-timeout", "60");
        assertThat(ipv4("one.test").error()).isEqualTo(DnsError.TIMEOUT);
        assertThat(dns.nameservers()).allMatch(s -> s.endsWith("(down)"));
        long start = System.nanoTime();
        assertThat(ipv4("two.test").error()).isEqualTo(DnsError.TIMEOUT);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(390L, 2_000L);
        assertThat(a.queries.size() + b.queries.size()).isEqualTo(4);
    }

    @Test
    void probesADownNameserverUntilItAnswers() throws Exception {
        FakeServer s = server((q, n) -> n < 2 ? List.of() : FakeServer.send(FakeServer.answer(q, "10.2.2.2")));
        dns.setOption("max-timeouts", "2").setOption("initial-probe-timeout", "0.1");
        assertThat(ipv4("down.test").error()).isEqualTo(DnsError.TIMEOUT);
        assertThat(dns.nameservers()).containsExactly(s.address() + " (down)");
        // The probe goes out after 100 ms; it is the third query and gets an answer.
        FakeServer.Received probe = Loop.<FakeServer.Received>await(base, f -> new Thread(() -> {
            try {
                f.complete(s.arrivals.poll(10, TimeUnit.SECONDS) == null ? null : s.arrivals.poll(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                f.completeExceptionally(e);
            }
        }).start());
        assertThat(probe).isNotNull();
        DnsAnswer a = ipv4("up-again.test");
        assertThat(a.ok()).isTrue();
        assertThat(dns.nameservers()).containsExactly(s.address());
    }

    @Test
    void reportsServfailAndAsksAnotherServerFirst() throws Exception {
        FakeServer failing = server((q, n) -> FakeServer.send(FakeServer.reply(q, Message.SERVFAIL)));
        assertThat(ipv4("fail.test").error()).isEqualTo(DnsError.SERVERFAILED);
        server((q, n) -> FakeServer.send(FakeServer.answer(q, "10.3.3.3")));
        DnsAnswer a = ipv4("fail-then-ok.test");
        assertThat(a.addresses()).containsExactly(InetAddress.getByName("10.3.3.3"));
        assertThat(failing.queries).hasSize(2);
    }

    @Test
    void asksAgainOverTcpWhenTheAnswerIsTruncated() throws Exception {
        FakeServer s = server((q, n) -> {
            Message m = FakeServer.answer(q, "10.4.4.4");
            m.truncated = true;
            return FakeServer.send(m);
        });
        s.tcpScript = (q, n) -> FakeServer.answer(q, "10.4.4.4", "10.4.4.5", "10.4.4.6");
        DnsAnswer a = ipv4("big.test");
        assertThat(a.addresses()).hasSize(3);
        assertThat(s.tcpQueries).hasSize(1);
    }

    @Test
    void ignoresAnswersWithAWrongIdFromAnotherPortOrWithAnotherQuestion() throws Exception {
        server((q, n) -> {
            Message wrongId = FakeServer.answer(q, "10.6.6.6");
            wrongId.id = (q.id + 1) & 0xFFFF;
            Message otherQuestion = FakeServer.answer(q, "10.6.6.7");
            otherQuestion.questions.set(0, new Question("other.test", Rr.A, 1));
            return List.of(new FakeServer.Reply(FakeServer.bytes(wrongId), false),
                    new FakeServer.Reply(FakeServer.bytes(FakeServer.answer(q, "10.6.6.8")), true),
                    new FakeServer.Reply(FakeServer.bytes(otherQuestion), false),
                    new FakeServer.Reply(new byte[] {1, 2, 3}, false),
                    new FakeServer.Reply(FakeServer.bytes(FakeServer.answer(q, "10.5.5.5")), false));
        });
        assertThat(ipv4("spoofed.test").addresses()).containsExactly(InetAddress.getByName("10.5.5.5"));
    }

    @Test
    void timesOutWhenOnlyForgedAnswersCome() throws Exception {
        FakeServer s = server((q, n) -> List.of(
                new FakeServer.Reply(FakeServer.bytes(FakeServer.answer(q, "10.6.6.8")), true)));
        assertThat(ipv4("forged.test").error()).isEqualTo(DnsError.TIMEOUT);
        assertThat(s.queries).hasSize(2);
    }

    @Test
    void refusesAnAnswerWhoseQuestionLostItsRandomCase() throws Exception {
        server((q, n) -> {
            Message m = FakeServer.answer(q, "10.7.7.7");
            Question asked = q.questions.get(0);
            m.questions.set(0, new Question(asked.name.toLowerCase(java.util.Locale.ROOT), asked.type, 1));
            return FakeServer.send(m);
        });
        assertThat(ipv4("MixedCaseNameForTheTest.test").error()).isEqualTo(DnsError.TIMEOUT);
        dns.setOption("randomize-case", "0");
        assertThat(ipv4("mixedcasenameforthetest.test").ok()).isTrue();
    }

    @Test
    void reportsAMalformedAnswerToItsQuestionAsUnknown() throws Exception {
        server((q, n) -> {
            byte[] b = FakeServer.bytes(FakeServer.answer(q, "10.8.8.8"));
            // Claim a second answer that is not there.
            b[7] = 2;
            return List.of(new FakeServer.Reply(b, false));
        });
        assertThat(ipv4("malformed.test").error()).isEqualTo(DnsError.UNKNOWN);
    }

    @Test
    void usesRandomIdsAndAFreshRandomPortForEachBurst() throws Exception {
        FakeServer s = server((q, n) -> FakeServer.send(FakeServer.answer(q, "10.9.0.1")));
        for (int i = 0; i < 4; i++) {
            assertThat(ipv4("port" + i + ".test").ok()).isTrue();
        }
        assertThat(s.queries.stream().map(r -> r.message().id).distinct().count()).isGreaterThan(2);
        assertThat(s.queries.stream().map(FakeServer.Received::sourcePort).distinct().count()).isGreaterThan(2);
    }

    @Test
    void advertisesTheEdnsBufferSizeWhenAsked() throws Exception {
        FakeServer s = server((q, n) -> FakeServer.send(FakeServer.answer(q, "10.9.0.2")));
        assertThat(ipv4("plain.test").ok()).isTrue();
        dns.setOption("edns-udp-size", "1400");
        assertThat(ipv4("edns.test").ok()).isTrue();
        assertThat(s.queries.get(0).message().ednsPayloadSize).isEqualTo(0);
        assertThat(s.queries.get(1).message().ednsPayloadSize).isEqualTo(1400);
    }

    @Test
    void closingFailsPendingRequestsWithShutdown() throws Exception {
        server(ResolverFailureTest::silence);
        dns.setOption("timeout", "30");
        DnsAnswer a = Loop.<DnsAnswer>await(base, f -> {
            dns.resolveIpv4("pending.test", 0, f::complete);
            base.newTimer((ev, what) -> dns.close()).add(java.time.Duration.ofMillis(50));
        });
        assertThat(a.error()).isEqualTo(DnsError.SHUTDOWN);
    }

    @Test
    void cachesAnswersAndNegativeAnswersForTheirTtl() throws Exception {
        FakeServer s = server((q, n) -> {
            if (q.questions.get(0).name.equalsIgnoreCase("missing.test")) {
                Message m = FakeServer.reply(q, Message.NXDOMAIN);
                m.authority.add(new Rr("test", Rr.SOA, 1, 300, null, "ns.test", 0, 0, 0, null, "admin.test",
                        new long[] {1, 2, 3, 4, 30}, null));
                return FakeServer.send(m);
            }
            return FakeServer.send(FakeServer.answer(q, "10.9.0.3"));
        });
        dns.setOption("cache-size", "100");
        for (int i = 0; i < 3; i++) {
            assertThat(ipv4("cached.test").addresses()).containsExactly(InetAddress.getByName("10.9.0.3"));
            DnsAnswer missing = ipv4("missing.test");
            assertThat(missing.error()).isEqualTo(DnsError.NOTEXIST);
            assertThat(missing.ttl()).isBetween(29L, 30L);
        }
        assertThat(s.queries).hasSize(2);
    }
}
