package io.jevent.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM, raised in this JVM, stop servers of every kind cleanly (on jevent, on a plain
 * selector, on blocking threads), with a client still connected: exit code 0, the client sees the
 * end, and the port is released.
 */
class StoppingTest {

    @ParameterizedTest
    @CsvSource({"echo, TERM", "echo-events, INT", "rot13-selector, TERM", "rot13-selector, INT",
        "rot13-threads, TERM", "rot13-threads, INT"})
    void aSignalStopsTheServerWithExitCodeZeroAndReleasesItsPort(String name, String signal) throws Exception {
        assumeFalse(ignoredSinceStartup(signal), "SIG" + signal + " is ignored by this test JVM");
        ExampleRunner server = ExampleRunner.start(name, "--port", "0");
        InetSocketAddress address = server.address();
        try (var idle = java.nio.channels.SocketChannel.open(address)) {
            // One round trip first: the server has then accepted this connection, so stopping it
            // closes the connection (EOF) instead of resetting one still in the listen backlog.
            idle.write(java.nio.ByteBuffer.wrap("abc\n".getBytes(StandardCharsets.US_ASCII)));
            java.nio.ByteBuffer answer = java.nio.ByteBuffer.allocate(4);
            while (answer.hasRemaining() && idle.read(answer) >= 0) {
                // The socket is blocking: each read waits for the server's answer.
            }
            assertThat(answer.position()).isEqualTo(4);
            Signal.raise(new Signal(signal));
            assertThat(server.awaitExit()).isZero();
            assertThat(server.output()).endsWith(name + ": stopped by SIG" + signal + "\n");
            assertThat(idle.read(java.nio.ByteBuffer.allocate(1))).as("the idle client sees the end").isEqualTo(-1);
        }
        Ports.assertReleased(address);
    }

    /** Whether the JVM started with the signal ignored, which it then keeps (Linux's /proc tells). */
    static boolean ignoredSinceStartup(String signal) throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return true;   // no way to know: do not risk raising a signal that would end the test JVM
        }
        int number = signal.equals("INT") ? 2 : 15;
        for (String l : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
            if (l.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(l.substring(7).trim(), 16);
                return (mask & (1L << (number - 1))) != 0;
            }
        }
        return true;
    }
}
