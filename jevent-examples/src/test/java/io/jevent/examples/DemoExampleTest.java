package io.jevent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code demo}: echo and rot13 in one EventBase, stopping by itself with {@code --seconds}. */
class DemoExampleTest {

    @Test
    void servesEchoAndRot13FromOneLoopAndStopsByItselfAfterSeconds() throws Exception {
        ExampleRunner demo = ExampleRunner.start("demo", "--echo-port", "0", "--rot13-port", "0", "--http-port", "0",
                "--seconds", "2");
        List<InetSocketAddress> addresses = demo.addresses();
        assertThat(addresses).hasSize(2);
        assertThat(demo.awaitFirstLine()).matches(
                "demo: listening on 127\\.0\\.0\\.1:\\d+ \\(echo\\) and 127\\.0\\.0\\.1:\\d+ \\(rot13\\)");
        assertThat(demo.awaitLine("demo: open")).matches(
                "demo: open http://127\\.0\\.0\\.1:\\d+/ to watch the connections live");
        assertThat(demo.awaitLine("demo: try")).isEqualTo(
                "demo: try   nc 127.0.0.1 " + addresses.get(1).getPort() + "   and type a line: it comes back in ROT13");
        byte[] line = Rot13ExamplesTest.ascii("Hello, jevent!\n");
        assertThat(Clients.exchange(addresses.get(0), List.of(line), Duration.ofSeconds(10)).get(0)).isEqualTo(line);
        assertThat(Clients.exchange(addresses.get(1), List.of(line), Duration.ofSeconds(10)).get(0))
                .isEqualTo(Rot13ExamplesTest.ascii("Uryyb, wrirag!\n"));
        assertThat(demo.awaitExit()).isZero();
        assertThat(demo.output()).endsWith("demo: stopped by --seconds 2\n");
        assertThat(demo.err()).isEmpty();
        for (InetSocketAddress address : addresses) {
            Ports.assertReleased(address);
        }
    }
}
