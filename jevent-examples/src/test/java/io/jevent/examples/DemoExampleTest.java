package io.jevent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    @Test
    void withStatsItPrintsItsLoopsMetricsEveryNSecondsAndServesThemAsJson() throws Exception {
        ExampleRunner demo = ExampleRunner.start("demo", "--echo-port", "0", "--rot13-port", "0", "--http-port", "0",
                "--seconds", "60", "--stats", "1");
        try {
            InetSocketAddress echo = demo.addresses().get(0);
            byte[] line = Rot13ExamplesTest.ascii("ping\n");
            assertThat(Clients.exchange(echo, List.of(line), Duration.ofSeconds(10)).get(0)).isEqualTo(line);
            String stats = demo.awaitLine("demo: loop ", 2);
            assertThat(stats).matches("demo: loop [\\d,]+ callbacks/s, [\\d,]+ iterations/s, \\d+\\.\\d\\d active/iteration,"
                    + " busy \\d+\\.\\d % waiting \\d+\\.\\d %, lag avg [\\d,]+ us max [\\d,]+ us,"
                    + " \\d+ slow callbacks, \\d+ events, \\d+ timers");
            Matcher page = Pattern.compile("open (http://\\S+/)").matcher(demo.awaitLine("demo: open"));
            assertThat(page.find()).isTrue();
            HttpClient jdk = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String json = jdk.send(HttpRequest.newBuilder(URI.create(page.group(1) + "stats.json"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(json).containsPattern("\"loop\":\\{\"callbacksPerSecond\":\\d+,")
                    .containsPattern("\"callbacks\":[1-9]\\d*,").contains("\"pendingTimers\":");
        } finally {
            demo.stop();
        }
        assertThat(demo.err()).isEmpty();
    }
}
