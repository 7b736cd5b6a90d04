package io.jevent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.buffer.EvBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Request bodies streamed to the handler as they arrive, with back-pressure; and the connection limit. */
class StreamingBodyTest {
    @Test
    void streamsABodyLargerThanTheBodyLimitInPieces() throws Exception {
        AtomicLong seen = new AtomicLong();
        AtomicLong calls = new AtomicLong();
        try (ServerFixture f = new ServerFixture(http -> {
            http.setMaxBodySize(1024);
            http.setStreamCallback("/upload", new HttpStreamHandler() {
                @Override
                public void onHeaders(HttpRequest request) {
                }

                @Override
                public void onBody(HttpRequest request, EvBuffer body) {
                    calls.incrementAndGet();
                    seen.addAndGet(body.drain(body.length()));
                }

                @Override
                public void onEnd(HttpRequest request) {
                    request.sendReply(200, null, new EvBuffer().add(Long.toString(seen.get()), StandardCharsets.UTF_8));
                }
            });
        })) {
            int size = 4 << 20;
            try (ServerFixture.Client c = f.connect()) {
                c.send("PUT /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + size + "\r\n\r\n");
                byte[] piece = new byte[64 * 1024];
                for (int sent = 0; sent < size; sent += piece.length) {
                    c.send(piece);
                }
                assertThat(c.readResponse()).startsWith("HTTP/1.1 200").endsWith("\r\n\r\n" + size);
            }
            assertThat(calls.get()).isGreaterThan(1);
        }
    }

    @Test
    void stopsReadingWhileTheHandlerLeavesTheBodyUndrainedAndResumesWhenItDrains() throws Exception {
        AtomicLong held = new AtomicLong();
        HttpRequest[] current = new HttpRequest[1];
        CountDownLatch full = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        try (ServerFixture f = new ServerFixture(http -> http.setStreamCallback("/slow", new HttpStreamHandler() {
            @Override
            public void onHeaders(HttpRequest request) {
                request.setBodyWatermark(100_000);
                current[0] = request;
            }

            @Override
            public void onBody(HttpRequest request, EvBuffer body) {
                held.set(body.length());
                if (body.length() >= 100_000) {
                    full.countDown();
                }
            }

            @Override
            public void onEnd(HttpRequest request) {
                ended.countDown();
                request.sendReply(200, null, new EvBuffer().add("done", StandardCharsets.UTF_8));
            }
        }))) {
            int size = 8 << 20;
            try (ServerFixture.Client c = f.connect()) {
                c.socket.setSendBufferSize(64 * 1024);
                Thread writer = new Thread(() -> {
                    try {
                        c.send("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: " + size + "\r\n\r\n");
                        c.send(new byte[size]);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                writer.start();
                assertThat(full.await(10, TimeUnit.SECONDS)).isTrue();
                // Paused: what the server holds stays near the watermark while the client is blocked.
                long heldWhilePaused = f.onLoop(() -> current[0].input().length());
                assertThat(heldWhilePaused).isLessThan(100_000 + 4L * 64 * 1024 + 1);
                assertThat(writer.isAlive()).isTrue();
                // Drain from the loop, as a consumer would, until the whole body went through.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!ended.await(10, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
                    f.onLoop(() -> current[0].input().drain(current[0].input().length()));
                }
                writer.join(5000);
                assertThat(c.readResponse()).endsWith("done");
            }
        }
    }

    @Test
    void rejectsAnUploadEarlyAndClosesWithoutReadingIt() throws Exception {
        try (ServerFixture f = new ServerFixture(http -> http.setStreamCallback("/no", new HttpStreamHandler() {
            @Override
            public void onHeaders(HttpRequest request) {
                request.sendError(403, null);
            }

            @Override
            public void onBody(HttpRequest request, EvBuffer body) {
                throw new AssertionError("no body expected");
            }

            @Override
            public void onEnd(HttpRequest request) {
                throw new AssertionError("no end expected");
            }
        }))) {
            assertThat(f.exchange("POST /no HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"))
                    .startsWith("HTTP/1.1 403").contains("Connection: close");
        }
    }

    @Test
    void stopsAcceptingAtTheConnectionLimitUntilOneCloses() throws Exception {
        try (ServerFixture f = new ServerFixture(http -> {
            http.setMaxConnections(2);
            http.setCallback("/", req -> req.sendReply(200, null, null));
        })) {
            try (ServerFixture.Client a = f.connect(); ServerFixture.Client b = f.connect()) {
                a.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                a.readResponse();
                b.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                b.readResponse();
                assertThat((int) f.onLoop(() -> f.server.connectionCount())).isEqualTo(2);
                try (ServerFixture.Client third = f.connect()) {
                    third.socket.setSoTimeout(300);
                    third.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                    assertThat(third.closedByServer()).isFalse();
                    a.close();
                    third.socket.setSoTimeout(5000);
                    assertThat(third.readResponse()).startsWith("HTTP/1.1 200");
                }
            }
        }
    }
}
