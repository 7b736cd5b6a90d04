package io.jevent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --idle-timeout}: a slowloris client (one byte, then nothing) is closed once the timeout
 * has passed, and not before, while a client that keeps talking is kept.
 */
class IdleTimeoutTest {
    private static final long TIMEOUT_MS = 1000;
    /** The longest a server may take beyond the timeout (the selector server sweeps every 250 ms). */
    private static final long SLACK_MS = 10_000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "echo, ping",
        "echo-events, ping",
        "rot13, cvat",
        "rot13-events, cvat",
        "rot13-selector, cvat",
        "rot13-threads, cvat",
        "demo, ping"})
    void aSilentClientIsClosedAfterTheTimeoutWhileATalkingOneIsKept(String name, String answer) throws Exception {
        List<String> argv = new ArrayList<>(List.of(name, "--idle-timeout", String.valueOf(TIMEOUT_MS / 1000)));
        argv.addAll(name.equals("demo") ? List.of("--echo-port", "0", "--rot13-port", "0", "--http-port", "0")
                : List.of("--port", "0"));
        ExampleRunner server = ExampleRunner.start(argv.toArray(String[]::new));
        InetSocketAddress address = server.address();   // the demo's first is its echo server
        try (SocketChannel slow = SocketChannel.open(address); SocketChannel talking = SocketChannel.open(address)) {
            long start = System.nanoTime();
            slow.write(ByteBuffer.wrap(new byte[] {'p'}));
            slow.configureBlocking(false);
            talking.socket().setSoTimeout(10_000);
            int exchanges = 0;
            while (!closedByServer(slow)) {
                assertThat(elapsedMs(start)).as("the silent client is still open after %d exchanges", exchanges)
                        .isLessThan(TIMEOUT_MS + SLACK_MS);
                assertThat(exchange(talking, "ping\n")).isEqualTo(answer + "\n");
                exchanges++;
            }
            assertThat(elapsedMs(start)).as("closed after").isGreaterThanOrEqualTo(TIMEOUT_MS - 50);
            assertThat(exchange(talking, "ping\n")).as("the talking client, after %d exchanges", exchanges)
                    .isEqualTo(answer + "\n");
        }
        assertThat(server.stop()).isZero();
    }

    @Test
    void httpServerClosesAHalfSentRequestAfterTheTimeout() throws Exception {
        ExampleRunner server = ExampleRunner.start("http-server", "--port", "0", "--idle-timeout", "1",
                "--dir", dir.toString());
        try (SocketChannel slow = SocketChannel.open(server.address())) {
            long start = System.nanoTime();
            slow.write(ByteBuffer.wrap("G".getBytes(StandardCharsets.US_ASCII)));
            slow.socket().setSoTimeout((int) (TIMEOUT_MS + SLACK_MS));
            // Whatever the server says first (libevent sends nothing, or a 408), it then closes.
            while (slow.socket().getInputStream().read() >= 0) {
                assertThat(elapsedMs(start)).isLessThan(TIMEOUT_MS + SLACK_MS);
            }
            assertThat(elapsedMs(start)).isGreaterThanOrEqualTo(TIMEOUT_MS - 50);
        }
        assertThat(server.stop()).isZero();
    }

    private static long elapsedMs(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** Whether the server has closed this non-blocking client: end of stream, or a reset. */
    private static boolean closedByServer(SocketChannel client) throws IOException {
        try {
            ByteBuffer any = ByteBuffer.allocate(64);
            return client.read(any) < 0;
        } catch (SocketException reset) {
            return true;
        }
    }

    /** Sends a line on a blocking client and reads one line back. */
    private static String exchange(SocketChannel client, String line) throws IOException {
        client.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
        StringBuilder got = new StringBuilder();
        var in = client.socket().getInputStream();
        while (got.length() == 0 || got.charAt(got.length() - 1) != '\n') {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the talking client after " + got);
            }
            got.append((char) b);
        }
        return got.toString();
    }
}
