package io.jevent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code http-server} serving a temporary directory, and {@code http-fetch} fetching from it. */
class HttpExamplesTest {
    @TempDir
    Path dir;
    @TempDir
    Path outside;
    private ExampleRunner server;
    private InetSocketAddress address;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(dir.resolve("hello.txt"), "hello, jevent\n");
        Files.writeString(dir.resolve("page.html"), "<p>hi</p>");
        Files.createDirectories(dir.resolve("sub dir"));
        Files.writeString(dir.resolve("sub dir/a<b>.c"), "int x;\n");
        Files.writeString(outside.resolve("secret"), "secret\n");
        Files.createSymbolicLink(dir.resolve("escape"), outside.resolve("secret"));
        Files.write(dir.resolve("big.bin"), new byte[3 << 20]);
        server = ExampleRunner.start("http-server", "--port", "0", "--dir", dir.toString());
        address = server.addresses().get(0);
        server.awaitLine("serving");
    }

    @AfterEach
    void stop() throws Exception {
        assertThat(server.stop()).isZero();
        Ports.assertReleased(address);
    }

    private String get(String method, String target) throws IOException {
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write((method + " " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void servesFilesWithTheirContentType() throws Exception {
        assertThat(get("GET", "/hello.txt")).startsWith("HTTP/1.1 200 OK").contains("Content-Type: text/plain\r\n")
                .contains("Content-Length: 14\r\n").endsWith("\r\n\r\nhello, jevent\n");
        assertThat(get("GET", "/page.html")).contains("Content-Type: text/html\r\n");
        assertThat(get("GET", "/sub%20dir/a%3Cb%3E.c")).contains("Content-Type: text/x-c\r\n").endsWith("int x;\n");
    }

    @Test
    void answersHeadWithoutABody() throws Exception {
        assertThat(get("HEAD", "/hello.txt")).contains("Content-Length: 14\r\n").endsWith("\r\n\r\n");
    }

    @Test
    void listsDirectoriesWithEscapedNames() throws Exception {
        assertThat(get("GET", "/")).contains("Content-Type: text/html; charset=utf-8")
                .contains("<a href=\"hello.txt\">hello.txt</a>").contains("<a href=\"sub%20dir/\">sub dir/</a>");
        assertThat(get("GET", "/sub%20dir/")).contains("<a href=\"a%3Cb%3E.c\">a&lt;b&gt;.c</a>");
        assertThat(get("GET", "/sub%20dir")).startsWith("HTTP/1.1 301").contains("Location: /sub%20dir/");
    }

    @Test
    void neverLeavesTheDirectory() throws Exception {
        assertThat(get("GET", "/nothing-here")).startsWith("HTTP/1.1 404");
        assertThat(get("GET", "/../etc/passwd")).startsWith("HTTP/1.1 403");
        assertThat(get("GET", "/%2e%2e/%2e%2e/etc/passwd")).startsWith("HTTP/1.1 403");
        assertThat(get("GET", "/sub%20dir/%2E%2E%2F..%2Fetc")).startsWith("HTTP/1.1 403");
        assertThat(get("GET", "/escape")).startsWith("HTTP/1.1 403").doesNotContain("secret\n");
        assertThat(get("POST", "/hello.txt")).startsWith("HTTP/1.1 405");
    }

    @Test
    void fetchPrintsStatusAndHeadersAndSavesTheBody() throws Exception {
        Path saved = outside.resolve("big.copy");
        ExampleRunner fetch = ExampleRunner.start("http-fetch", "http://" + Lifetime.where(address) + "/big.bin",
                "-o", saved.toString());
        assertThat(fetch.awaitExit()).isZero();
        assertThat(fetch.output()).startsWith("HTTP/1.1 200 OK\n").contains("Content-Length: 3145728\n");
        assertThat(Files.mismatch(saved, dir.resolve("big.bin"))).isEqualTo(-1);
        assertThat(fetch.err()).contains("body saved to");

        ExampleRunner toStdout = ExampleRunner.start("http-fetch", "http://" + Lifetime.where(address) + "/hello.txt");
        assertThat(toStdout.awaitExit()).isZero();
        assertThat(toStdout.output()).endsWith("\n\nhello, jevent\n");

        ExampleRunner missing = ExampleRunner.start("http-fetch", "http://" + Lifetime.where(address) + "/none");
        assertThat(missing.awaitExit()).isZero();
        assertThat(missing.output()).startsWith("HTTP/1.1 404 Not Found\n");
    }

    @Test
    void fetchReportsAFailedConnection() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        ExampleRunner fetch = ExampleRunner.start("http-fetch", "http://127.0.0.1:" + closed + "/");
        assertThat(fetch.awaitExit()).isEqualTo(1);
        assertThat(fetch.err()).contains("BUFFER_ERROR");
    }
}
