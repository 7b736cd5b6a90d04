package io.jevent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.buffer.EvBuffer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jevent's server against clients written by others: curl, Python's http.client and the JDK's
 * HttpClient, each speaking over 127.0.0.1 the way it does in the wild.
 */
class RealClientsTest {
    private static ServerFixture f;
    private static final AtomicInteger connections = new AtomicInteger();

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws IOException {
        f = new ServerFixture(http -> {
            http.setCallback("/hello", req -> req.sendReply(200, null, new EvBuffer().add("hello\n",
                    StandardCharsets.UTF_8)));
            http.setCallback("/echo", req -> {
                req.outputHeaders().add("X-Length", Long.toString(req.input().length()));
                req.outputHeaders().add("X-Chunked", String.valueOf(req.inputHeaders().find("Transfer-Encoding")));
                req.sendReply(200, null, req.input());
            });
            http.setCallback("/peer", req -> req.sendReply(200, null, new EvBuffer().add(
                    Integer.toString(req.peer().getPort()), StandardCharsets.UTF_8)));
        });
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + f.port + path;
    }

    private static String run(Path stdin, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        String text = out.get(10, TimeUnit.SECONDS);
        assertThat(p.exitValue()).as(text).isZero();
        return text;
    }

    @Test
    void curlReusesTheConnectionForSeveralUrls() throws Exception {
        String curl = Peers.require("curl");
        String out = run(null, curl, "-sS", "-v", url("/hello"), url("/peer"), url("/hello"));
        assertThat(out).contains("hello\n").containsPattern("(Re-using|Reusing) existing connection");
        assertThat(out.split("Connected to", -1)).hasSize(2);
    }

    @Test
    void curlSpeaksHttp10() throws Exception {
        String curl = Peers.require("curl");
        String out = run(null, curl, "-sS", "-i", "--http1.0", url("/hello"));
        assertThat(out).startsWith("HTTP/1.0 200 OK").contains("Connection: close").endsWith("hello\n");
    }

    @Test
    void curlUploadsAChunkedBodyFromStdin() throws Exception {
        String curl = Peers.require("curl");
        Path body = tmp.resolve("body");
        byte[] data = new byte[300_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) ('a' + i % 26);
        }
        Files.write(body, data);
        Path saved = tmp.resolve("saved");
        String out = run(body, curl, "-sS", "-i", "-T", "-", "-o", saved.toString(), "-w", "%{http_code}",
                url("/echo"));
        assertThat(out).isEqualTo("200");
        String head = Files.readString(saved, StandardCharsets.ISO_8859_1);
        assertThat(head).contains("X-Length: 300000").contains("X-Chunked: chunked");
        // curl -T sends Expect: 100-continue, so the file starts with the interim 100 response.
        String echoed = head.substring(head.lastIndexOf("\r\n\r\n") + 4);
        assertThat(echoed.length()).isEqualTo(data.length);
        assertThat(echoed.equals(new String(data, StandardCharsets.ISO_8859_1))).as("the echo is the upload").isTrue();
    }

    @Test
    void curlWaitsFor100ContinueAndGets413ForTooMuch() throws Exception {
        String curl = Peers.require("curl");
        Path body = tmp.resolve("body");
        Files.write(body, new byte[2_000_000]);
        String out = run(null, curl, "-sS", "-v", "-H", "Expect: 100-continue", "--data-binary", "@" + body,
                "-o", "/dev/null", "-w", "%{http_code}", url("/echo"));
        assertThat(out).contains("HTTP/1.1 100 Continue").endsWith("200");
        f.onLoop(() -> {
            f.server.setMaxBodySize(1000);
            return null;
        });
        try {
            String refused = run(null, curl, "-sS", "-H", "Expect: 100-continue", "--data-binary", "@" + body,
                    "-o", "/dev/null", "-w", "%{http_code}", url("/echo"));
            assertThat(refused).endsWith("413");
        } finally {
            f.onLoop(() -> {
                f.server.setMaxBodySize(8 << 20);
                return null;
            });
        }
    }

    @Test
    void pythonHttpClientKeepsAliveAndSendsChunks() throws Exception {
        String python = Peers.require("python3");
        Path script = tmp.resolve("client.py");
        Files.writeString(script, """
                import http.client, sys
                c = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=10)
                ports = set()
                for i in range(5):
                    c.request('GET', '/peer')
                    r = c.getresponse()
                    ports.add(r.read().decode())
                    assert r.status == 200
                print('sockets', len(ports))
                c.request('POST', '/echo', body=iter([b'ab', b'cd', b'ef']), encode_chunked=True,
                          headers={'Transfer-Encoding': 'chunked'})
                r = c.getresponse()
                print('echo', r.status, r.getheader('X-Chunked'), r.read().decode())
                c.request('HEAD', '/hello')
                r = c.getresponse()
                print('head', r.status, r.getheader('Content-Length'), repr(r.read()))
                """);
        String out = run(null, python, script.toString(), Integer.toString(f.port));
        assertThat(out).contains("sockets 1").contains("echo 200 chunked abcdef").contains("head 200 6 b''");
    }

    @Test
    void jdkHttpClientRunsManyRequestsOverHttp11() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            all.add(client.sendAsync(java.net.http.HttpRequest.newBuilder(URI.create(url("/echo")))
                    .timeout(Duration.ofSeconds(10))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("n" + i)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < all.size(); i++) {
            HttpResponse<String> r = all.get(i).get(20, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("n" + i);
        }
    }
}
