package io.jevent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.bufferevent.SelfSignedCertificate;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tls-get} against {@code openssl s_server -www}: the status page with the right trust, and
 * curl's exit codes when the certificate is not trusted, names another host, or the server does
 * not speak TLS at all.
 */
class TlsGetExampleTest {
    @TempDir
    Path dir;

    /** Starts {@code openssl s_server -www} with a certificate for {@code names}; returns its port. */
    private PeerProcess sServer(int port, String... names) throws Exception {
        String openssl = Peers.require("openssl");
        SelfSignedCertificate.generate(names).writeTo(dir);
        PeerProcess server = PeerProcess.start(openssl, "s_server", "-accept", "127.0.0.1:" + port, "-www",
                "-cert", dir.resolve("cert.pem").toString(), "-key", dir.resolve("key.pem").toString());
        server.awaitLine("ACCEPT");
        return server;
    }

    @Test
    void printsTheStatusPageOfOpensslsServer() throws Exception {
        int port = Ports.free();
        try (PeerProcess server = sServer(port, "localhost")) {
            ExampleRunner get = ExampleRunner.start("tls-get", "localhost", String.valueOf(port), "/",
                    "--cacert", dir.resolve("cert.pem").toString());
            assertThat(get.awaitExit()).as(get.err()).isZero();
            assertThat(get.output()).startsWith("HTTP/1.0 200 ok\r\n").contains("s_server -accept");
            assertThat(get.output()).contains("TLSv1.3");
            assertThat(get.err()).isEmpty();
        }
    }

    @Test
    void aCertificateItDoesNotTrustExitsWith60() throws Exception {
        int port = Ports.free();
        try (PeerProcess server = sServer(port, "localhost")) {
            ExampleRunner get = ExampleRunner.start("tls-get", "localhost", String.valueOf(port));
            assertThat(get.awaitExit()).isEqualTo(ClientTls.CERTIFICATE_REJECTED);
            assertThat(get.err()).startsWith("tls-get: localhost:" + port
                    + ": the server's certificate was not accepted: PKIX path building failed");
            assertThat(get.output()).isEmpty();
        }
    }

    @Test
    void aCertificateForAnotherNameExitsWith60() throws Exception {
        int port = Ports.free();
        try (PeerProcess server = sServer(port, "other.example")) {
            ExampleRunner get = ExampleRunner.start("tls-get", "127.0.0.1", String.valueOf(port), "/",
                    "--cacert", dir.resolve("cert.pem").toString());
            assertThat(get.awaitExit()).isEqualTo(ClientTls.CERTIFICATE_REJECTED);
            assertThat(get.err()).startsWith("tls-get: 127.0.0.1:" + port
                    + ": the server's certificate was not accepted: No subject alternative names matching IP"
                    + " address 127.0.0.1");
        }
    }

    @Test
    void aServerThatDoesNotSpeakTlsExitsWith35() throws Exception {
        ExampleRunner http = ExampleRunner.start("http-server", "--port", "0", "--dir", dir.toString());
        try {
            int port = http.address().getPort();
            ExampleRunner get = ExampleRunner.start("tls-get", "127.0.0.1", String.valueOf(port));
            assertThat(get.awaitExit()).isEqualTo(ClientTls.HANDSHAKE_FAILED);
            assertThat(get.err()).startsWith("tls-get: 127.0.0.1:" + port + ": the TLS handshake failed: ");
        } finally {
            assertThat(http.stop()).isZero();
        }
    }

    @Test
    void aRefusedConnectionExitsWithOne() throws Exception {
        int closed = Ports.free();
        ExampleRunner get = ExampleRunner.start("tls-get", "127.0.0.1", String.valueOf(closed));
        assertThat(get.awaitExit()).isEqualTo(1);
        assertThat(get.err()).isEqualTo("tls-get: 127.0.0.1:" + closed + ": Connection refused\n");
    }
}
