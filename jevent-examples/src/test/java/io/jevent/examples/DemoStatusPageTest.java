package io.jevent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The demo's status page in a real browser: headless Chromium loads it while clients are connected,
 * and the counts it shows come from its live updates (the page is served with dashes).
 */
class DemoStatusPageTest {
    @Test
    void aBrowserShowsLiveCountsOfTheDemosConnections() throws Exception {
        ExampleRunner demo = ExampleRunner.start("demo", "--echo-port", "0", "--rot13-port", "0", "--http-port", "0",
                "--seconds", "60");
        InetSocketAddress echo = demo.addresses().get(0);
        Matcher m = Pattern.compile("open (http://\\S+/)").matcher(demo.awaitLine("demo: open"));
        assertThat(m.find()).isTrue();
        String page = m.group(1);

        HttpClient jdk = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String served = jdk.send(HttpRequest.newBuilder(URI.create(page)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(served).contains("<td id=\"echo-connections\">-</td>");

        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket s = new Socket(echo.getAddress(), echo.getPort());
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                out.write("ping\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(s.getInputStream().readNBytes(5)).isEqualTo("ping\n".getBytes(StandardCharsets.US_ASCII));
                clients.add(s);
            }
            String stats = jdk.send(HttpRequest.newBuilder(URI.create(page + "stats.json")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(stats).startsWith("{\"echo\":{\"connections\":3,\"messages\":3}");

            String chromium = Peers.require("chromium", "chromium-browser");
            Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--virtual-time-budget=3000", "--dump-dom", page)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(dom).contains("<td id=\"echo-connections\">3</td>").contains("<td id=\"echo-messages\">3</td>")
                    .contains("<td id=\"rot13-connections\">0</td>").containsPattern("updated ([2-9]|\\d\\d+) times");
        } finally {
            for (Socket s : clients) {
                s.close();
            }
            demo.stop();
        }
    }
}
