package io.jevent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.bufferevent.SelfSignedCertificate;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code tls-echo} against OpenSSL's client (TLS 1.2 and 1.3) and the JDK's, with its throw-away
 * certificate and with one given by {@code --cert}/{@code --key}; and clients that fail their
 * handshake, which the server reports before it goes on serving.
 */
class TlsEchoExampleTest {
    @TempDir
    Path dir;
    private ExampleRunner server;
    private InetSocketAddress address;
    private Path caFile;

    private void start(String... options) throws Exception {
        String[] argv = new String[options.length + 3];
        argv[0] = "tls-echo";
        argv[1] = "--port";
        argv[2] = "0";
        System.arraycopy(options, 0, argv, 3, options.length);
        server = ExampleRunner.start(argv);
        address = server.address();
        if (options.length == 0) {
            caFile = TlsClients.caFile(server.awaitLine("self-signed"));
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            assertThat(server.stop()).isZero();
            assertThat(server.output()).contains("tls-echo: stopped by request");
            Ports.assertReleased(address);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-tls1_2", "-tls1_3"})
    void opensslGetsItsLineBackOverEitherVersion(String version) throws Exception {
        String openssl = Peers.require("openssl");
        start();
        assertThat(server.output().lines().toList()).hasSize(2);
        assertThat(openssl(openssl, version, caFile)).isEqualTo("hello over TLS");
    }

    @Test
    void servesTheCertificateOfCertAndKey() throws Exception {
        String openssl = Peers.require("openssl");
        SelfSignedCertificate cert = SelfSignedCertificate.generate("localhost", "127.0.0.1");
        cert.writeTo(dir);
        start("--cert", dir.resolve("cert.pem").toString(), "--key", dir.resolve("key.pem").toString());
        assertThat(server.output()).doesNotContain("self-signed");
        assertThat(openssl(openssl, "-tls1_3", dir.resolve("cert.pem"))).isEqualTo("hello over TLS");
    }

    /** Sends a line through {@code openssl s_client}, which checks the certificate, and returns the echo. */
    private String openssl(String openssl, String version, Path ca) throws Exception {
        try (PeerProcess client = PeerProcess.start(openssl, "s_client", "-connect", Lifetime.where(address),
                "-CAfile", ca.toString(), "-verify_return_error", "-quiet", version)) {
            client.send("hello over TLS\n");
            return client.awaitLine("hello over TLS");
        }
    }

    @Test
    void tenMebibytesComeBackWithTheirChecksum() throws Exception {
        start();
        byte[] data = new byte[10 << 20];
        new Random(42).nextBytes(data);
        try (SSLSocket socket = TlsClients.connect(address, caFile)) {
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
            OutputStream out = socket.getOutputStream();
            // Sending and receiving at once: the server echoes while the client still sends.
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    for (int off = 0; off < data.length; off += 64 * 1024) {
                        out.write(data, off, 64 * 1024);
                    }
                    out.flush();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            byte[] back = new byte[data.length];
            new DataInputStream(socket.getInputStream()).readFully(back);
            sent.get(30, TimeUnit.SECONDS);
            assertThat(crc(back)).isEqualTo(crc(data));
            assertThat(Arrays.equals(back, data)).isTrue();
        }
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    @Test
    void aClientThatDiesMidHandshakeIsReportedAndTheNextOneIsServed() throws Exception {
        start();
        byte[] hello = TlsClients.clientHello();
        TlsClients.sendAndClose(address, Arrays.copyOf(hello, hello.length / 2));
        assertThat(server.awaitErr("tls-echo: 127.0.0.1:")).isNotBlank();
        assertEchoes();
    }

    @Test
    void aClientThatSendsNoClientHelloIsReportedAndTheNextOneIsServed() throws Exception {
        start();
        TlsClients.sendAndClose(address, "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(server.awaitErr("tls-echo: 127.0.0.1:")).isNotBlank();
        assertEchoes();
    }

    @Test
    void aStopDrainsOpenConnectionsWithCloseNotify() throws Exception {
        start();
        try (SSLSocket socket = TlsClients.connect(address, caFile)) {
            socket.getOutputStream().write("last words\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertThat(new String(in.readNBytes(11), StandardCharsets.US_ASCII)).isEqualTo("last words\n");
            assertThat(server.stop()).isZero();
            // What the server had echoed arrived; then its close_notify and the end of the stream.
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(server.output()).contains("tls-echo: every connection finished in ")
                .contains("; all output sent\n").endsWith("tls-echo: stopped by request\n");
        Ports.assertReleased(address);
        server = null;
    }

    private void assertEchoes() throws Exception {
        try (SSLSocket socket = TlsClients.connect(address, caFile)) {
            socket.getOutputStream().write("still here\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertThat(new String(in.readNBytes(11), StandardCharsets.US_ASCII)).isEqualTo("still here\n");
        }
    }
}
