package io.jevent.bufferevent;

import static io.jevent.bufferevent.TlsHandshakes.connect;
import static io.jevent.bufferevent.TlsHandshakes.ping;
import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.bufferevent.SelfSignedCertificate.KeyType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The certificates and contexts against the tools people check TLS with: OpenSSL's x509, verify,
 * s_client and s_server, and curl. Each test starts its peer and ends it, and waits for what the
 * peer prints, never for a fixed time.
 */
class TlsInteropTest {
    private static final Pattern ACCEPT = Pattern.compile("^ACCEPT .*:(\\d+)$");
    private static final String SUBJECT_ALT_NAME = "subjectAltName=DNS:localhost,IP:127.0.0.1";

    @TempDir
    static Path dir;
    private static boolean opensslFilesWritten;

    @BeforeAll
    static void generate() throws IOException {
        SelfSignedCertificate.generate("localhost", "127.0.0.1").writeTo(dir.resolve("ec"));
        SelfSignedCertificate.generate(KeyType.RSA_2048, 2, "localhost", "127.0.0.1").writeTo(dir.resolve("rsa"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ec", "rsa"})
    void opensslReadsTheCertificateAndItsSubjectAltNames(String key) throws Exception {
        String openssl = Peers.require("openssl");

        String text = PeerProcess.run(dir, openssl, "x509", "-noout", "-text", "-in", key + "/cert.pem");

        assertThat(text).contains("Version: 3 (0x2)", "Subject: CN = localhost", "CA:TRUE",
                "DNS:localhost, IP Address:127.0.0.1", "TLS Web Server Authentication");
        assertThat(text).contains(key.equals("ec") ? "ecdsa-with-SHA256" : "sha256WithRSAEncryption");
        assertThat(text).contains(key.equals("ec") ? "NIST CURVE: P-256" : "Public-Key: (2048 bit)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ec", "rsa"})
    void opensslVerifiesTheCertificateForATlsServerOnLocalhostAnd127001(String key) throws Exception {
        String openssl = Peers.require("openssl");
        String cert = key + "/cert.pem";

        String out = PeerProcess.run(dir, openssl, "verify", "-CAfile", cert, "-purpose", "sslserver",
                "-verify_hostname", "localhost", "-verify_ip", "127.0.0.1", cert);

        assertThat(out).contains(cert + ": OK");
    }

    static Stream<Arguments> keysAndProtocols() {
        return Stream.of("ec", "rsa").flatMap(key -> Stream.of(Arguments.of(key, "TLSv1.2", "-tls1_2"),
                Arguments.of(key, "TLSv1.3", "-tls1_3")));
    }

    @ParameterizedTest(name = "{0} key, {1}")
    @MethodSource("keysAndProtocols")
    void opensslSClientVerifiesAServerFromOurPemFiles(String key, String protocol, String flag) throws Exception {
        String openssl = Peers.require("openssl");
        Path cert = dir.resolve(key + "/cert.pem");
        try (TlsServer tls = new TlsServer(TlsContexts.server(cert, dir.resolve(key + "/key.pem")),
                TlsInteropTest::handshakeAndDrain);
                PeerProcess client = PeerProcess.start(dir, openssl, "s_client", "-connect", "127.0.0.1:" + tls.port(),
                        "-servername", "localhost", "-CAfile", cert.toString(), "-verify_return_error",
                        "-verify_hostname", "localhost", flag)) {
            client.closeInput();

            assertThat(client.awaitExit()).as(client.output()).isZero();
            assertThat(client.output()).contains("Verify return code: 0 (ok)", "New, " + protocol);
            assertThat(tls.awaitOutcome().failure()).isNull();
        }
    }

    @Test
    void opensslSClientRefusesAServerItsCaFileDoesNotCertify() throws Exception {
        String openssl = Peers.require("openssl");
        try (TlsServer tls = new TlsServer(TlsContexts.server(dir.resolve("ec/cert.pem"), dir.resolve("ec/key.pem")),
                TlsInteropTest::handshakeAndDrain);
                PeerProcess client = PeerProcess.start(dir, openssl, "s_client", "-connect", "127.0.0.1:" + tls.port(),
                        "-servername", "localhost", "-CAfile", "rsa/cert.pem", "-verify_return_error")) {
            client.closeInput();

            assertThat(client.awaitExit()).as(client.output()).isNotZero();
            assertThat(client.output()).contains("self-signed certificate").doesNotContain("Verify return code: 0 (ok)");
            assertThat(tls.awaitOutcome().failure()).isNotNull();
        }
    }

    static Stream<Arguments> serverFiles() {
        return Stream.of("ec", "rsa", "openssl-rsa", "openssl-ec").flatMap(
                files -> Stream.of(Arguments.of(files, "localhost"), Arguments.of(files, "127.0.0.1")));
    }

    @ParameterizedTest(name = "{0} files, {1}")
    @MethodSource("serverFiles")
    void aClientTrustingTheCaPemVerifiesOpensslSServer(String files, String host) throws Exception {
        String openssl = Peers.require("openssl");
        Path cert = certificate(files);
        try (PeerProcess server = PeerProcess.start(dir, openssl, "s_server", "-accept", "127.0.0.1:0",
                "-cert", cert.toString(), "-key", key(files).toString(), "-www", "-naccept", "1")) {
            int port = Integer.parseInt(server.awaitLine(ACCEPT).group(1));

            try (SSLSocket socket = connect(TlsContexts.client(cert), host, port)) {
                OutputStream out = socket.getOutputStream();
                out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                assertThat(in.readLine()).isEqualTo("HTTP/1.0 200 ok");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl-rsa", "openssl-rsa-pkcs1", "openssl-ec"})
    void aServerReadsTheKeysTheOpensslCliWrites(String files) throws Exception {
        Peers.require("openssl");
        Path cert = certificate(files);

        try (TlsServer tls = new TlsServer(TlsContexts.server(cert, key(files)), TlsHandshakes::pong)) {
            try (SSLSocket socket = connect(TlsContexts.client(cert), "localhost", tls.port())) {
                ping(socket);
            }
            assertThat(tls.awaitOutcome().failure()).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1"})
    void curlFetchesFromAServerFromOurPemFilesTrustingOnlyItsCertificate(String host) throws Exception {
        String curl = Peers.require("curl");
        try (TlsServer tls = new TlsServer(TlsContexts.server(dir.resolve("ec/cert.pem"), dir.resolve("ec/key.pem")),
                TlsInteropTest::respondHello);
                PeerProcess client = PeerProcess.start(dir, curl, "-sS", "--max-time", "20", "--cacert", "ec/cert.pem",
                        "--resolve", "localhost:" + tls.port() + ":127.0.0.1",
                        "https://" + host + ":" + tls.port() + "/")) {
            client.closeInput();

            assertThat(client.awaitExit()).as(client.output()).isZero();
            assertThat(client.output()).isEqualTo("hello from jevent\n");
            assertThat(tls.awaitOutcome().failure()).isNull();
        }
    }

    @Test
    void curlRefusesTheServerWithoutItsCertificate() throws Exception {
        String curl = Peers.require("curl");
        try (TlsServer tls = new TlsServer(TlsContexts.server(dir.resolve("ec/cert.pem"), dir.resolve("ec/key.pem")),
                TlsInteropTest::respondHello);
                PeerProcess client = PeerProcess.start(dir, curl, "-sS", "--max-time", "20",
                        "--resolve", "localhost:" + tls.port() + ":127.0.0.1", "https://localhost:" + tls.port() + "/")) {
            client.closeInput();

            assertThat(client.awaitExit()).as(client.output()).isEqualTo(60);
            assertThat(tls.awaitOutcome().failure()).isNotNull();
        }
    }

    /** What s_client needs from a server: a handshake, then reading until it closes. */
    private static void handshakeAndDrain(SSLSocket socket) throws IOException {
        socket.startHandshake();
        InputStream in = socket.getInputStream();
        try {
            while (in.read() >= 0) {
                // s_client sends nothing; this only waits for its close.
            }
        } catch (IOException closedWithoutCloseNotify) {
            // After a completed handshake, how s_client hangs up is not what is tested.
        }
    }

    /** A one-request HTTP/1.1 responder: enough for curl to show what it received. */
    private static void respondHello(SSLSocket socket) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
            // The request's headers do not change the answer.
        }
        byte[] body = "hello from jevent\n".getBytes(StandardCharsets.US_ASCII);
        OutputStream out = socket.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static Path certificate(String files) throws Exception {
        if (!files.startsWith("openssl")) {
            return dir.resolve(files + "/cert.pem");
        }
        writeOpensslFiles();
        return dir.resolve(files.startsWith("openssl-ec") ? "openssl/ec-cert.pem" : "openssl/rsa-cert.pem");
    }

    private static Path key(String files) throws Exception {
        if (!files.startsWith("openssl")) {
            return dir.resolve(files + "/key.pem");
        }
        writeOpensslFiles();
        return dir.resolve("openssl/" + files.substring("openssl-".length()) + "-key.pem");
    }

    /**
     * Certificates and keys as the OpenSSL CLI makes them: {@code req -newkey} writes PKCS#8,
     * {@code pkey -traditional} PKCS#1, and {@code ecparam -genkey} SEC1 after an EC PARAMETERS
     * block.
     */
    private static synchronized void writeOpensslFiles() throws Exception {
        if (opensslFilesWritten) {
            return;
        }
        String openssl = Peers.require("openssl");
        Path out = Files.createDirectories(dir.resolve("openssl"));
        PeerProcess.run(out, openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "rsa-key.pem",
                "-out", "rsa-cert.pem", "-days", "2", "-subj", "/CN=localhost", "-addext", SUBJECT_ALT_NAME);
        PeerProcess.run(out, openssl, "pkey", "-in", "rsa-key.pem", "-traditional", "-out", "rsa-pkcs1-key.pem");
        PeerProcess.run(out, openssl, "ecparam", "-genkey", "-name", "prime256v1", "-out", "ec-key.pem");
        PeerProcess.run(out, openssl, "req", "-x509", "-new", "-key", "ec-key.pem", "-out", "ec-cert.pem",
                "-days", "2", "-subj", "/CN=localhost", "-addext", SUBJECT_ALT_NAME);
        assertThat(Files.readString(out.resolve("rsa-key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(out.resolve("rsa-pkcs1-key.pem"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(Files.readString(out.resolve("ec-key.pem")))
                .startsWith("-----BEGIN EC PARAMETERS-----").contains("-----BEGIN EC PRIVATE KEY-----");
        opensslFilesWritten = true;
    }
}
