package io.jevent.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every raw request of {@link RawRequests} gets the verdict RFC 9112 asks for: accepted ones are
 * read exactly, refused ones get their status, and no refused case lets a second request through.
 * The last test sends the smuggling vectors to a real server and checks that no handler sees a
 * smuggled request and that every connection ends.
 */
class StrictParsingTest {
    /** The expected verdict of each case: "ok N" for N accepted requests, or the status. */
    private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        for (String ok : new String[] {"get", "get-query", "post-content-length", "post-chunked", "chunked-upper-case",
            "chunk-extension", "chunk-trailer", "lf-line-endings", "http10-without-host", "leading-empty-line",
            "absolute-form", "options-asterisk", "value-with-tab-and-obs-text", "content-length-repeated-equal",
            "content-length-list-equal", "http11-minor-above-1"}) {
            EXPECTED.put(ok, "ok 1");
        }
        EXPECTED.put("pipelined", "ok 2");
        EXPECTED.put("unknown-method", "501");
        EXPECTED.put("te-gzip-then-chunked", "501");
        EXPECTED.put("http2-version", "505");
        EXPECTED.put("http09-version", "505");
        for (String name : RawRequests.CASES.keySet()) {
            EXPECTED.putIfAbsent(name, "400");
        }
    }

    @Test
    void everyCaseGetsTheStatusTheRfcAsksFor() {
        Map<String, String> actual = new LinkedHashMap<>();
        RawRequests.CASES.forEach((name, raw) -> {
            var verdict = RawRequests.jevent(raw);
            String last = verdict.get(verdict.size() - 1);
            actual.put(name, last.startsWith("reject ") ? last.substring(7) : "ok " + verdict.size());
        });
        assertThat(actual).isEqualTo(EXPECTED);
    }

    @Test
    void readsAcceptedRequestsExactly() {
        assertThat(RawRequests.jevent(RawRequests.CASES.get("post-chunked"))).containsExactly("POST /p body=hello");
        assertThat(RawRequests.jevent(RawRequests.CASES.get("pipelined"))).containsExactly("GET /1 body=",
                "GET /2 body=");
        assertThat(RawRequests.jevent(RawRequests.CASES.get("content-length-list-equal"))).containsExactly(
                "POST / body=x");
    }

    @Test
    void noRefusedCaseLetsARequestThrough() {
        RawRequests.CASES.forEach((name, raw) -> {
            var verdict = RawRequests.jevent(raw);
            if (verdict.get(verdict.size() - 1).startsWith("reject")) {
                assertThat(verdict).as(name).hasSize(1);
            }
        });
    }

    @Test
    void aServerAnswersEverySmugglingVectorAndClosesWithoutCallingAHandler() throws Exception {
        java.util.concurrent.atomic.AtomicInteger handled = new java.util.concurrent.atomic.AtomicInteger();
        try (ServerFixture f = new ServerFixture(http -> http.setGenericCallback(req -> {
            handled.incrementAndGet();
            req.sendReply(200, null, null);
        }))) {
            for (Map.Entry<String, String> e : EXPECTED.entrySet()) {
                if (e.getValue().startsWith("ok")) {
                    continue;
                }
                String answer = f.exchange(RawRequests.CASES.get(e.getKey()));
                assertThat(answer).as(e.getKey()).matches("(?s)HTTP/1\\.[01] " + e.getValue() + " .*")
                        .contains("\r\nConnection: close\r\n").doesNotContain("HTTP/1.1 200");
            }
            assertThat(handled.get()).isZero();
        }
    }

    @Test
    void emptyLinesBeforeTheRequestLineCountTowardsTheHeaderLimit() throws Exception {
        String request = "GET / HTTP/1.1\r\n" + RawRequests.H + "\r\n";
        assertThat(RawRequests.jevent("\r\n".repeat(100) + request)).containsExactly("GET / body=");
        // More than the parser pulls up: the request after them was never seen, and the
        // connection kept everything it was sent.
        String flood = "\r\n".repeat(20_000) + request;
        assertThat(RawRequests.jevent(flood)).containsExactly("reject 431");
        assertThat(RawRequests.jevent("\n".repeat(16_385) + request)).containsExactly("reject 431");
        try (ServerFixture f = new ServerFixture(
                http -> http.setGenericCallback(req -> req.sendReply(200, null, null)))) {
            assertThat(f.exchange(flood)).startsWith("HTTP/1.1 431 ").contains("\r\nConnection: close\r\n");
        }
    }
}
