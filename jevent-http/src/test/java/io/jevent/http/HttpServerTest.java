package io.jevent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.buffer.EvBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server's HTTP/1.x behaviour, over real sockets on 127.0.0.1. */
class HttpServerTest {
    private ServerFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new ServerFixture(http -> {
            http.setCallback("/hello", req -> {
                req.outputHeaders().add("Content-Type", "text/plain");
                req.sendReply(200, "OK", new EvBuffer().add("hello\n", StandardCharsets.UTF_8));
            });
            http.setCallback("/echo", req -> req.sendReply(200, null, req.input()));
            http.setCallback("/héllo wörld", req -> req.sendReply(200, null, new EvBuffer().add("decoded",
                    StandardCharsets.UTF_8)));
            http.setCallback("/later", req -> req.base().execute(() -> req.sendReply(200, "Later",
                    new EvBuffer().add(req.uri(), StandardCharsets.UTF_8))));
            http.setCallback("/chunks", req -> {
                req.sendReplyStart(200, null);
                req.sendReplyChunk(new EvBuffer().add("one,", StandardCharsets.UTF_8),
                        r -> {
                            r.sendReplyChunk(new EvBuffer().add("two", StandardCharsets.UTF_8));
                            r.sendReplyEnd();
                        });
            });
            http.setCallback("/boom", req -> {
                throw new IllegalStateException("handler bug");
            });
            http.setCallback("/trailers", req -> req.sendReply(200, null,
                    new EvBuffer().add(req.input().length() + " " + req.inputHeaders().find("X-Sum"),
                            StandardCharsets.UTF_8)));
            http.setTimeout(Duration.ofSeconds(5));
        });
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    @Test
    void repliesWithDateLengthAndType() throws Exception {
        try (ServerFixture.Client c = f.connect()) {
            c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            String r = c.readResponse();
            assertThat(r).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nContent-Type: text/plain\r\n")
                    .contains("\r\nContent-Length: 6\r\n").containsPattern("\r\nDate: \\w{3}, \\d\\d \\w{3} \\d{4} ")
                    .endsWith("\r\n\r\nhello\n").doesNotContain("Connection");
        }
    }

    @Test
    void keepsAnHttp11ConnectionAliveForSequentialRequests() throws Exception {
        try (ServerFixture.Client c = f.connect()) {
            for (int i = 0; i < 3; i++) {
                c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nr" + i);
                assertThat(c.readResponse()).startsWith("HTTP/1.1 200 OK").endsWith("\r\n\r\nr" + i);
            }
        }
    }

    @Test
    void answersPipelinedRequestsInOrderEvenWhenTheFirstRepliesLater() throws Exception {
        try (ServerFixture.Client c = f.connect()) {
            c.send("GET /later?1 HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /later?3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(c.readResponse()).startsWith("HTTP/1.1 200 Later").endsWith("/later?1");
            assertThat(c.readResponse()).endsWith("hello\n");
            assertThat(c.readResponse()).contains("Connection: close").endsWith("/later?3");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void closesHttp10UnlessAskedToKeepAlive() throws Exception {
        assertThat(f.exchange("GET /hello HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.0 200 OK")
                .contains("Connection: close");
        try (ServerFixture.Client c = f.connect()) {
            c.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertThat(c.readResponse()).contains("Connection: keep-alive");
            c.send("GET /hello HTTP/1.0\r\n\r\n");
            assertThat(c.readResponse()).contains("Connection: close");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void honoursConnectionCloseFromTheClient() throws Exception {
        assertThat(f.exchange("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .contains("Connection: close").endsWith("hello\n");
    }

    @Test
    void headGetsTheHeadersWithoutTheBody() throws Exception {
        String r = f.exchange("HEAD /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(r).contains("Content-Length: 6\r\n").endsWith("\r\n\r\n");
    }

    @Test
    void matchesPathsAfterPercentDecoding() throws Exception {
        assertThat(f.exchange("GET /h%C3%A9llo%20w%C3%B6rld?q HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .endsWith("decoded");
    }

    @Test
    void answersUnknownPathsWithLibeventsNotFoundPage() throws Exception {
        String r = f.exchange("GET /nope<x> HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 404 Not Found").contains("The requested URL /nope&lt;x&gt; was not found");
    }

    @Test
    void sendsChunksAndCallsBackWhenEachIsWritten() throws Exception {
        try (ServerFixture.Client c = f.connect()) {
            c.send("GET /chunks HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.readResponse()).contains("Transfer-Encoding: chunked")
                    .endsWith("\r\n\r\n4\r\none,\r\n3\r\ntwo\r\n0\r\n\r\n");
            c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.readResponse()).endsWith("hello\n");
        }
        assertThat(f.exchange("GET /chunks HTTP/1.0\r\n\r\n")).doesNotContain("chunked").endsWith("\r\n\r\none,two");
    }

    @Test
    void readsChunkedBodiesWithTrailers() throws Exception {
        try (ServerFixture.Client c = f.connect()) {
            c.send("POST /trailers HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;ext=1\r\nhello\r\nA\r\n0123456789\r\n0\r\nX-Sum: 15\r\n\r\n");
            assertThat(c.readResponse()).endsWith("15 15");
        }
    }

    @Test
    void answers100ContinueThenTheReply() throws Exception {
        try (ServerFixture.Client c = f.connect()) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
            String interim = new String(c.socket.getInputStream().readNBytes(25), StandardCharsets.US_ASCII);
            assertThat(interim).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            c.send("abc");
            assertThat(c.readResponse()).startsWith("HTTP/1.1 200").endsWith("abc");
        }
    }

    @Test
    void refusesAnExpectationWithoutReadingTheBody() throws Exception {
        assertThat(f.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 200-ok\r\n\r\n"))
                .startsWith("HTTP/1.1 417").contains("Connection: close");
        assertThat(f.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n"
                + "Expect: 100-continue\r\n\r\n")).startsWith("HTTP/1.1 413").doesNotContain("100 Continue");
    }

    @Test
    void answers500WhenAHandlerThrows() throws Exception {
        assertThat(f.exchange("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 500")
                .contains("Connection: close");
    }

    @Test
    void refusesMethodsNotAllowed() throws Exception {
        assertThat(f.exchange("TRACE /hello HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 405")
                .contains("Allow: GET, POST, HEAD, PUT, DELETE, OPTIONS, PATCH");
        assertThat(f.exchange("BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 501");
    }

    @Test
    void answers408WhenARequestStallsAndClosesIdleConnectionsQuietly() throws Exception {
        f.onLoop(() -> {
            f.server.setReadTimeout(Duration.ofMillis(200));
            f.server.setIdleTimeout(Duration.ofMillis(200));
            return null;
        });
        try (ServerFixture.Client c = f.connect()) {
            c.send("GET /hello HTTP/1.1\r\nHo");
            assertThat(c.readUntilClose()).startsWith("HTTP/1.1 408");
        }
        try (ServerFixture.Client c = f.connect()) {
            assertThat(c.readUntilClose()).isEmpty();
        }
    }
}
