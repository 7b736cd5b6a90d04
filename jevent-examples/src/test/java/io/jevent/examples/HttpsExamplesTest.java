package io.jevent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.bufferevent.SelfSignedCertificate;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code http-server --cert --key}, run from the jar as a user runs it, serving a temporary
 * directory over HTTPS to curl, {@code http-fetch https://} and {@code tls-get}; and
 * {@code http-server --tls} with its throw-away certificate.
 */
class HttpsExamplesTest {
    @TempDir
    static Path dir;
    private static Path www;
    private static Path cert;
    private static ExampleProcess server;
    private static InetSocketAddress address;

    @BeforeAll
    static void start() throws Exception {
        www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("hello.txt"), "hello over HTTPS\n");
        byte[] big = new byte[1 << 20];
        new Random(7).nextBytes(big);
        Files.write(www.resolve("big.bin"), big);
        Path certs = dir.resolve("certs");
        SelfSignedCertificate.generate().writeTo(certs);
        cert = certs.resolve("cert.pem");
        server = ExampleProcess.start(ExampleProcess.jar(dir), 0, "http-server", "--port", "0", "--dir",
                www.toString(), "--cert", cert.toString(), "--key", certs.resolve("key.pem").toString());
        address = server.address();
        server.awaitOut("over HTTPS");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            try (ExampleProcess s = server) {
                assertThat(s.stop()).isZero();
            }
            Ports.assertReleased(address);
        }
    }

    private static String url(String path) {
        return "https://localhost:" + address.getPort() + path;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void curlTrustsTheCertificateAndGetsTheFiles() throws Exception {
        String curl = Peers.require("curl");
        try (PeerProcess get = PeerProcess.start(curl, "-sS", "--cacert", cert.toString(), url("/hello.txt"))) {
            assertThat(get.awaitExit()).as(get.output()).isZero();
            assertThat(get.output()).isEqualTo("hello over HTTPS");
        }
        Path copy = dir.resolve("big.curl");
        try (PeerProcess get = PeerProcess.start(curl, "-sS", "--cacert", cert.toString(), "-o", copy.toString(),
                url("/big.bin"))) {
            assertThat(get.awaitExit()).as(get.output()).isZero();
        }
        assertThat(sha256(Files.readAllBytes(copy))).isEqualTo(sha256(Files.readAllBytes(www.resolve("big.bin"))));
    }

    @Test
    void curlWithoutTheCertificateRefusesTheServer() throws Exception {
        String curl = Peers.require("curl");
        try (PeerProcess get = PeerProcess.start(curl, "-sS", url("/hello.txt"))) {
            assertThat(get.awaitExit()).isEqualTo(60);
        }
    }

    @Test
    void httpFetchSavesTheBodyOverHttps() throws Exception {
        Path copy = dir.resolve("big.fetch");
        ExampleRunner fetch = ExampleRunner.start("http-fetch", url("/big.bin"), "--cacert", cert.toString(),
                "-o", copy.toString());
        assertThat(fetch.awaitExit()).as(fetch.err()).isZero();
        assertThat(fetch.output()).startsWith("HTTP/1.1 200 OK\n").contains("Content-Length: 1048576\n");
        assertThat(sha256(Files.readAllBytes(copy))).isEqualTo(sha256(Files.readAllBytes(www.resolve("big.bin"))));
    }

    @Test
    void httpFetchWithoutTheCertificateFails() throws Exception {
        ExampleRunner fetch = ExampleRunner.start("http-fetch", url("/hello.txt"));
        assertThat(fetch.awaitExit()).isEqualTo(1);
        assertThat(fetch.output()).isEmpty();
    }

    @Test
    void tlsGetPrintsTheResponse() throws Exception {
        ExampleRunner get = ExampleRunner.start("tls-get", "localhost", String.valueOf(address.getPort()),
                "/hello.txt", "--cacert", cert.toString());
        assertThat(get.awaitExit()).as(get.err()).isZero();
        assertThat(get.output()).startsWith("HTTP/1.1 200 OK\r\n").contains("Connection: close\r\n")
                .endsWith("\r\n\r\nhello over HTTPS\n");
    }

    @Test
    void tlsMakesAThrowAwayCertificateThatCurlCanTrust() throws Exception {
        String curl = Peers.require("curl");
        ExampleRunner tls = ExampleRunner.start("http-server", "--port", "0", "--dir", www.toString(), "--tls");
        try {
            int port = tls.address().getPort();
            Path ca = TlsClients.caFile(tls.awaitLine("self-signed"));
            try (PeerProcess get = PeerProcess.start(curl, "-sS", "--cacert", ca.toString(),
                    "https://127.0.0.1:" + port + "/hello.txt")) {
                assertThat(get.awaitExit()).as(get.output()).isZero();
                assertThat(get.output()).isEqualTo("hello over HTTPS");
            }
        } finally {
            assertThat(tls.stop()).isZero();
        }
    }
}
