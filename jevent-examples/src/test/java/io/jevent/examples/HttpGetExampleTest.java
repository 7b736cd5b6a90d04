package io.jevent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code http-get}, blocking and {@code --async}, against the JDK's HTTP server on loopback. */
class HttpGetExampleTest {
    private final List<String> requests = new ArrayList<>();
    private final ExecutorService handlers = Executors.newSingleThreadExecutor();
    private HttpServer server;
    private String port;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(handlers);
        server.createContext("/", exchange -> {
            synchronized (requests) {
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                        + exchange.getProtocol() + " Host: " + exchange.getRequestHeaders().getFirst("Host"));
            }
            byte[] body = body(exchange.getRequestURI().getPath());
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        port = String.valueOf(server.getAddress().getPort());
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private static ExampleRunner httpGet(boolean async, String... args) {
        List<String> argv = new ArrayList<>(List.of("http-get"));
        argv.addAll(List.of(args));
        if (async) {
            argv.add("--async");
        }
        return ExampleRunner.start(argv.toArray(String[]::new));
    }

    /** A body as long as the path says, e.g. {@code /1000}, made of numbered lines. */
    private static byte[] body(String path) {
        int length = Integer.parseInt(path.substring(1));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < length; i++) {
            sb.append("line ").append(i).append('\n');
        }
        return sb.substring(0, length).getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void printsTheWholeResponseOfAnHttp10Get(boolean async) throws Exception {
        ExampleRunner r = httpGet(async, "127.0.0.1", port, "/1048576");
        assertThat(r.awaitExit()).isZero();
        String output = r.output();
        assertThat(output).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nContent-length: 1048576\r\n");
        assertThat(output.substring(output.indexOf("\r\n\r\n") + 4)).isEqualTo(new String(body("/1048576"),
                StandardCharsets.US_ASCII));
        assertThat(r.err()).isEmpty();
        assertThat(requests).containsExactly("GET /1048576 HTTP/1.0 Host: 127.0.0.1:" + port);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void resolvesANameAndSendsItAsTheHost(boolean async) throws Exception {
        ExampleRunner r = httpGet(async, "localhost", port, "/12");
        assertThat(r.awaitExit()).isZero();
        assertThat(r.output()).endsWith("\r\n\r\nline 0\nline ");
        assertThat(requests).containsExactly("GET /12 HTTP/1.0 Host: localhost:" + port);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aRefusedConnectionIsReportedWithExitCodeOne(boolean async) throws Exception {
        String closed = String.valueOf(Ports.free());
        ExampleRunner r = httpGet(async, "127.0.0.1", closed);
        assertThat(r.awaitExit()).isEqualTo(1);
        assertThat(r.output()).isEmpty();
        assertThat(r.err()).isEqualTo("http-get: 127.0.0.1:" + closed + ": Connection refused\n");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aNameThatDoesNotResolveIsReportedWithExitCodeOne(boolean async) throws Exception {
        ExampleRunner r = httpGet(async, "no-such-host.invalid");
        assertThat(r.awaitExit()).isEqualTo(1);
        assertThat(r.err()).startsWith("http-get: no-such-host.invalid:80: cannot resolve the name: ");
    }
}
