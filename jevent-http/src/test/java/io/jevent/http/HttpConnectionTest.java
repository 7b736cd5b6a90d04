package io.jevent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.buffer.EvBuffer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The client against jevent's server and against raw sockets that misbehave on purpose. */
class HttpConnectionTest {
    private static ServerFixture server() throws IOException {
        return new ServerFixture(http -> {
            http.setCallback("/hello", req -> req.sendReply(200, null, new EvBuffer().add("hello",
                    StandardCharsets.UTF_8)));
            http.setCallback("/echo", req -> {
                req.outputHeaders().add("X-Method", req.methodName());
                req.sendReply(201, "Made", req.input());
            });
            http.setCallback("/chunks", req -> {
                req.sendReplyStart(200, null);
                req.sendReplyChunk(new EvBuffer().add("ab", StandardCharsets.UTF_8));
                req.sendReplyChunk(new EvBuffer().add("cd", StandardCharsets.UTF_8));
                req.sendReplyEnd();
            });
            http.setCallback("/big", req -> req.sendReply(200, null, new EvBuffer().add(new byte[10_000])));
        });
    }

    /** Makes a request on the loop and waits for its completion callback. */
    private static HttpRequest send(ServerFixture f, HttpConnection c, HttpMethod m, String uri,
            Consumer<HttpRequest> prepare) throws Exception {
        CompletableFuture<HttpRequest> done = new CompletableFuture<>();
        f.onLoop(() -> {
            HttpRequest req = new HttpRequest(done::complete);
            prepare.accept(req);
            c.makeRequest(req, m, uri);
            return null;
        });
        return done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void reusesOneSocketForSequentialRequests() throws Exception {
        try (ServerFixture f = server()) {
            HttpConnection c = new HttpConnection(f.base, "127.0.0.1", f.port);
            for (int i = 1; i <= 3; i++) {
                HttpRequest r = send(f, c, HttpMethod.GET, "/hello", req -> { });
                assertThat(r.error()).isNull();
                assertThat(r.responseCode()).isEqualTo(200);
                assertThat(r.input().readLine(io.jevent.buffer.EolStyle.ANY, StandardCharsets.UTF_8)).isNull();
                assertThat(r.input().length()).isEqualTo(5);
                assertThat(c.requestsOnThisSocket()).isEqualTo(i);
            }
            assertThat((int) f.onLoop(() -> f.server.connectionCount())).isEqualTo(1);
            f.onLoop(() -> {
                c.close();
                return null;
            });
        }
    }

    @Test
    void sendsABodyAndReadsTheStatusHeadersAndBody() throws Exception {
        try (ServerFixture f = server()) {
            HttpConnection c = new HttpConnection(f.base, "127.0.0.1", f.port);
            HttpRequest r = send(f, c, HttpMethod.PUT, "/echo", req -> req.output().add("payload",
                    StandardCharsets.UTF_8));
            assertThat(r.responseCode()).isEqualTo(201);
            assertThat(r.responseReason()).isEqualTo("Made");
            assertThat(r.inputHeaders().find("x-method")).isEqualTo("PUT");
            byte[] body = new byte[(int) r.input().length()];
            r.input().remove(body);
            assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("payload");
        }
    }

    @Test
    void callsTheHeaderAndChunkCallbacksAsTheResponseArrives() throws Exception {
        try (ServerFixture f = server()) {
            HttpConnection c = new HttpConnection(f.base, "127.0.0.1", f.port);
            List<String> seen = new CopyOnWriteArrayList<>();
            HttpRequest r = send(f, c, HttpMethod.GET, "/chunks", req -> {
                req.setHeaderCallback(q -> seen.add("head " + q.responseCode()));
                req.setChunkCallback(q -> {
                    byte[] b = new byte[(int) q.input().length()];
                    q.input().remove(b);
                    seen.add(new String(b, StandardCharsets.UTF_8));
                });
            });
            assertThat(r.error()).isNull();
            assertThat(String.join(",", seen)).startsWith("head 200,").contains("ab").endsWith("cd");
        }
    }

    @Test
    void failsWithBufferErrorAfterTheRetriesWhenNobodyListens() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (ServerFixture f = server()) {
            AtomicInteger resolved = new AtomicInteger();
            HttpResolver counting = (host, p, cb) -> {
                resolved.incrementAndGet();
                HttpResolver.jdk().resolve(host, p, cb);
            };
            HttpConnection c = new HttpConnection(f.base, counting, "127.0.0.1", port);
            f.onLoop(() -> {
                c.setRetries(2);
                c.setInitialRetryDelay(Duration.ofMillis(10));
                return null;
            });
            List<HttpRequestError> errors = new CopyOnWriteArrayList<>();
            HttpRequest r = send(f, c, HttpMethod.GET, "/", req -> req.setErrorCallback((q, e) -> errors.add(e)));
            assertThat(r.error()).isEqualTo(HttpRequestError.BUFFER_ERROR);
            assertThat(errors).containsExactly(HttpRequestError.BUFFER_ERROR);
            assertThat(resolved.get()).isEqualTo(3);
        }
    }

    @Test
    void reportsTimeoutEofTooLongAndInvalidResponses() throws Exception {
        try (ServerFixture f = server()) {
            assertThat(rawServer(f, null, c -> c.setTimeout(Duration.ofMillis(200)))).isEqualTo(HttpRequestError.TIMEOUT);
            assertThat(rawServer(f, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", c -> { }))
                    .isEqualTo(HttpRequestError.EOF);
            assertThat(rawServer(f, "HTTP/1.1 200 OK\r\nX: a\r\n b\r\n\r\n", c -> { }))
                    .isEqualTo(HttpRequestError.INVALID_HEADER);
            assertThat(rawServer(f, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", c -> c.setMaxBodySize(10)))
                    .isEqualTo(HttpRequestError.DATA_TOO_LONG);
            assertThat(rawServer(f, "HTTP/1.0 200 OK\r\n\r\nuntil close", c -> { })).isNull();
        }
    }

    /** Answers one request with {@code answer} (null: never), then closes; returns the client's error. */
    private static HttpRequestError rawServer(ServerFixture f, String answer, Consumer<HttpConnection> setup)
            throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = ss.accept()) {
                    s.setSoTimeout(5000);
                    InputStream in = s.getInputStream();
                    StringBuilder req = new StringBuilder();
                    while (!req.toString().endsWith("\r\n\r\n")) {
                        req.append((char) in.read());
                    }
                    if (answer == null) {
                        in.read();
                        return;
                    }
                    s.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    // the client went away: fine
                }
            });
            t.start();
            HttpConnection c = new HttpConnection(f.base, "127.0.0.1", ss.getLocalPort());
            f.onLoop(() -> {
                setup.accept(c);
                return null;
            });
            HttpRequest r = send(f, c, HttpMethod.GET, "/", req -> { });
            f.onLoop(() -> {
                c.close();
                return null;
            });
            t.join(10_000);
            return r.error();
        }
    }

    @Test
    void cancelTellsTheErrorCallbackAndRunsTheNextRequest() throws Exception {
        try (ServerFixture f = server()) {
            HttpConnection c = new HttpConnection(f.base, "127.0.0.1", f.port);
            CompletableFuture<HttpRequestError> cancelled = new CompletableFuture<>();
            CompletableFuture<HttpRequest> second = new CompletableFuture<>();
            AtomicInteger completions = new AtomicInteger();
            f.onLoop(() -> {
                HttpRequest first = new HttpRequest(q -> completions.incrementAndGet());
                first.setErrorCallback((q, e) -> cancelled.complete(e));
                c.makeRequest(first, HttpMethod.GET, "/hello");
                c.makeRequest(new HttpRequest(second::complete), HttpMethod.GET, "/hello");
                first.cancel();
                return null;
            });
            assertThat(cancelled.get(10, TimeUnit.SECONDS)).isEqualTo(HttpRequestError.REQUEST_CANCEL);
            assertThat(second.get(10, TimeUnit.SECONDS).responseCode()).isEqualTo(200);
            assertThat(completions.get()).isZero();
        }
    }

    @Test
    void callsTheCloseCallbackWhenTheServerEndsTheConnection() throws Exception {
        try (ServerFixture f = server()) {
            HttpConnection c = new HttpConnection(f.base, "127.0.0.1", f.port);
            CompletableFuture<HttpConnection> closed = new CompletableFuture<>();
            f.onLoop(() -> {
                c.setCloseCallback(closed::complete);
                c.setLocalAddress(new InetSocketAddress("127.0.0.1", 0));
                return null;
            });
            HttpRequest r = send(f, c, HttpMethod.GET, "/big", req -> req.outputHeaders().add("Connection", "close"));
            assertThat(r.input().length()).isEqualTo(10_000);
            assertThat(closed.get(10, TimeUnit.SECONDS)).isSameAs(c);
        }
    }

    @Test
    void aHostNameToLookUpKeepsTheLoopRunningUntilTheResponse() throws Exception {
        // Threads of the test's own: on JDK 25 the common pool also runs delayed tasks, and with one
        // worker (a 2-core machine) a dispatch running there would keep the answer from coming.
        ScheduledExecutorService dns = Executors.newSingleThreadScheduledExecutor();
        try (ServerFixture f = server(); io.jevent.EventBase base = new io.jevent.EventBase()) {
            // A resolver that answers late, from another thread, as a slow DNS server would.
            HttpResolver slow = (host, port, callback) -> dns.schedule(() -> callback.resolved(
                    List.of(new InetSocketAddress("127.0.0.1", port)), null), 300, TimeUnit.MILLISECONDS);
            HttpConnection c = new HttpConnection(base, slow, "localhost", f.port);
            HttpRequest[] done = {null};
            c.makeRequest(new HttpRequest(r -> {
                done[0] = r;
                c.close();
            }), HttpMethod.GET, "/hello");
            Thread loop = new Thread(base::dispatch, "loop");
            loop.start();
            loop.join(10_000);
            assertThat(loop.isAlive()).as("dispatch returned").isFalse();
            assertThat(done[0]).as("the response arrived before dispatch returned").isNotNull();
            assertThat(done[0].responseCode()).isEqualTo(200);
        } finally {
            dns.shutdownNow();
        }
    }
}
