package io.jevent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Stopping a BufferEvent server under load drains it: every byte it read comes back to its client
 * before a clean end of stream (no reset), and its last lines say all output was sent.
 */
class GracefulStopTest {
    private static final int CLIENTS = 40;
    private static final int CHUNK = 16 * 1024;
    /** Each client has seen this much of its echo before the server is stopped. */
    private static final long BEFORE_STOP = 256 * 1024;

    @Test
    void stoppingTheEchoServerUnderLoadSendsBackEverythingItRead() throws Exception {
        ExampleRunner server = ExampleRunner.start("echo", "--port", "0");
        InetSocketAddress address = server.address();
        CountDownLatch warmedUp = new CountDownLatch(CLIENTS);
        ExecutorService pool = Executors.newFixedThreadPool(2 * CLIENTS);
        try {
            List<Future<long[]>> results = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                results.add(pool.submit(() -> streamUntilTheServerEnds(address, pool, warmedUp)));
            }
            assertThat(warmedUp.await(60, TimeUnit.SECONDS)).as("every client saw its first echoes").isTrue();

            assertThat(server.stop()).isZero();

            for (Future<long[]> r : results) {
                long[] sentAndEchoed = r.get(60, TimeUnit.SECONDS);
                assertThat(sentAndEchoed[1]).as("echoed").isGreaterThanOrEqualTo(BEFORE_STOP)
                        .isLessThanOrEqualTo(sentAndEchoed[0]);
            }
            assertThat(server.output()).contains("echo: every connection finished in ")
                    .contains("; all output sent\n").endsWith("echo: stopped by request\n");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void stoppingRot13AnswersTheLineItWasHalfwayThrough() throws Exception {
        ExampleRunner server = ExampleRunner.start("rot13", "--port", "0");
        try (Socket s = new Socket()) {
            s.connect(server.address(), 10_000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write("Hello\nwor".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(new String(in.readNBytes(6), StandardCharsets.US_ASCII)).isEqualTo("Uryyb\n");
            // One write: rot13 read the unfinished "wor" together with the line it answered.
            assertThat(server.stop()).isZero();
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("jbe");
        }
        assertThat(server.output()).contains("rot13: every connection finished in ");
    }

    /**
     * Writes a known stream until the server ends the connection and checks that what comes back is
     * exactly its beginning, ended by EOF rather than a reset.
     *
     * @return the bytes sent and the bytes echoed
     */
    private static long[] streamUntilTheServerEnds(InetSocketAddress address, ExecutorService pool,
            CountDownLatch warmedUp) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(address, 10_000);
            s.setSoTimeout(30_000);
            long[] sent = {0};
            Future<?> writer = pool.submit(() -> {
                byte[] chunk = new byte[CHUNK];
                try {
                    OutputStream out = s.getOutputStream();
                    while (true) {
                        for (int i = 0; i < CHUNK; i++) {
                            chunk[i] = patternAt(sent[0] + i);
                        }
                        out.write(chunk);
                        synchronized (sent) {
                            sent[0] += CHUNK;
                        }
                    }
                } catch (SocketException e) {
                    // The server has finished with this connection; what it never read was not accepted.
                }
                return null;
            });
            InputStream in = s.getInputStream();
            byte[] buf = new byte[CHUNK];
            long echoed = 0;
            boolean counted = false;
            for (int n; (n = in.read(buf)) >= 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] != patternAt(echoed + i)) {
                        throw new AssertionError("corrupt echo at byte " + (echoed + i));
                    }
                }
                echoed += n;
                if (!counted && echoed >= BEFORE_STOP) {
                    counted = true;
                    warmedUp.countDown();
                }
            }
            s.shutdownOutput();
            writer.get(30, TimeUnit.SECONDS);
            synchronized (sent) {
                return new long[] {sent[0], echoed};
            }
        } catch (IOException e) {
            throw new AssertionError("the connection should end with EOF, not " + e, e);
        }
    }

    private static byte patternAt(long offset) {
        return (byte) ('a' + offset % 23);
    }
}
