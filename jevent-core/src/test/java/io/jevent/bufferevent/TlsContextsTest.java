package io.jevent.bufferevent;

import static io.jevent.bufferevent.TlsHandshakes.connect;
import static io.jevent.bufferevent.TlsHandshakes.ping;
import static io.jevent.bufferevent.TlsHandshakes.pong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jevent.bufferevent.SelfSignedCertificate.KeyType;
import io.jevent.bufferevent.internal.Der;
import io.jevent.bufferevent.internal.Pem;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Contexts from PEM files, checked by real handshakes between the JDK's own TLS sockets on
 * 127.0.0.1, with the client checking the server's name as HTTPS does.
 */
class TlsContextsTest {
    private static SelfSignedCertificate ec;
    private static SelfSignedCertificate rsa;
    @TempDir
    static Path dir;

    @BeforeAll
    static void generate() throws Exception {
        ec = SelfSignedCertificate.generate("localhost", "127.0.0.1");
        rsa = SelfSignedCertificate.generate(KeyType.RSA_2048, 2, "localhost", "127.0.0.1");
        ec.writeTo(dir.resolve("ec"));
        rsa.writeTo(dir.resolve("rsa"));
    }

    static Stream<Arguments> handshakes() {
        return Stream.of("ec", "rsa").flatMap(key -> Stream.of("TLSv1.2", "TLSv1.3").flatMap(
                protocol -> Stream.of("localhost", "127.0.0.1").map(host -> Arguments.of(key, protocol, host))));
    }

    @ParameterizedTest(name = "{0} key, {1}, {2}")
    @MethodSource("handshakes")
    void aClientTrustingTheCaPemHandshakesWithAServerFromPemFiles(String key, String protocol, String host)
            throws Exception {
        Path files = dir.resolve(key);
        SSLContext server = TlsContexts.server(files.resolve("cert.pem"), files.resolve("key.pem"));
        SSLContext client = TlsContexts.client(files.resolve("cert.pem"));

        try (TlsServer tls = new TlsServer(server, TlsHandshakes::pong)) {
            try (SSLSocket socket = connect(client, host, tls.port(), protocol)) {
                assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
                ping(socket);
            }
            assertThat(tls.awaitOutcome().failure()).isNull();
        }
    }

    @Test
    void theSelfSignedConveniencesHandshakeLikeTheirPemFiles() throws Exception {
        try (TlsServer tls = new TlsServer(TlsContexts.server(ec), TlsHandshakes::pong)) {
            try (SSLSocket socket = connect(TlsContexts.client(ec), "localhost", tls.port())) {
                ping(socket);
            }
            assertThat(tls.awaitOutcome().failure()).isNull();
        }
    }

    @Test
    void pemTextInMemoryWorksLikeTheFiles() throws Exception {
        SSLContext server = TlsContexts.serverFromPem(rsa.certificatePem(), rsa.privateKeyPem());
        try (TlsServer tls = new TlsServer(server, TlsHandshakes::pong)) {
            try (SSLSocket socket = connect(TlsContexts.clientFromPem(rsa.certificatePem()), "127.0.0.1", tls.port())) {
                ping(socket);
            }
            assertThat(tls.awaitOutcome().failure()).isNull();
        }
    }

    @Test
    void aClientWithTheJdkDefaultTrustRefusesASelfSignedServer() throws Exception {
        try (TlsServer tls = new TlsServer(TlsContexts.server(ec), TlsHandshakes::pong)) {
            assertThatThrownBy(() -> connect(TlsContexts.client(), "localhost", tls.port()).close())
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("PKIX path building failed");
            assertThat(tls.awaitOutcome().failure()).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void aClientRefusesACertificateForAnotherName() throws Exception {
        SelfSignedCertificate other = SelfSignedCertificate.generate("example.test");
        try (TlsServer tls = new TlsServer(TlsContexts.server(other), TlsHandshakes::pong)) {
            assertThatThrownBy(() -> connect(TlsContexts.client(other), "localhost", tls.port()).close())
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("localhost");
            tls.awaitOutcome();
        }
    }

    @Test
    void aServerCertificateChainAndItsCaAreReadInOrder() throws Exception {
        Path chain = dir.resolve("chain.pem");
        Files.writeString(chain, ec.certificatePem() + rsa.certificatePem());
        SSLContext server = TlsContexts.server(chain, dir.resolve("ec/key.pem"));

        try (TlsServer tls = new TlsServer(server, TlsHandshakes::pong)) {
            try (SSLSocket socket = connect(TlsContexts.client(chain), "localhost", tls.port())) {
                assertThat(socket.getSession().getPeerCertificates()).hasSize(2);
                ping(socket);
            }
            assertThat(tls.awaitOutcome().failure()).isNull();
        }
    }

    @Test
    void traditionalRsaAndEcKeysAreReadAsOpensslWritesThem() throws Exception {
        RSAPrivateCrtKey r = (RSAPrivateCrtKey) rsa.privateKey();
        byte[] pkcs1 = Der.sequence(Stream.of(BigInteger.ZERO, r.getModulus(), r.getPublicExponent(),
                r.getPrivateExponent(), r.getPrimeP(), r.getPrimeQ(), r.getPrimeExponentP(), r.getPrimeExponentQ(),
                r.getCrtCoefficient()).map(Der::integer).toArray(byte[][]::new));
        ECPrivateKey e = (ECPrivateKey) ec.privateKey();
        byte[] s = e.getS().toByteArray();
        byte[] sec1 = Der.sequence(Der.integer(BigInteger.ONE),
                Der.octetString(Arrays.copyOfRange(s, s.length - 32, s.length)),
                Der.explicit(0, Der.oid("1.2.840.10045.3.1.7")));
        // OpenSSL's ecparam -genkey writes the curve's parameters as a block of their own first.
        String sec1Pem = Pem.encode("EC PARAMETERS", Der.oid("1.2.840.10045.3.1.7")) + Pem.encode("EC PRIVATE KEY", sec1);

        assertHandshakes(TlsContexts.serverFromPem(rsa.certificatePem(), Pem.encode("RSA PRIVATE KEY", pkcs1)), rsa);
        assertHandshakes(TlsContexts.serverFromPem(ec.certificatePem(), sec1Pem), ec);
    }

    @Test
    void aFileWithNoPemBlockIsRefusedNamingTheFile() throws Exception {
        Path empty = Files.writeString(dir.resolve("not-pem.txt"), "hello\n");

        assertThatThrownBy(() -> TlsContexts.client(empty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(empty + ": no PEM block (-----BEGIN ...-----) found; expected -----BEGIN CERTIFICATE-----");
    }

    @Test
    void aKeyGivenAsTheCertificateIsRefusedSayingWhatTheFileHolds() {
        Path key = dir.resolve("ec/key.pem");

        assertThatThrownBy(() -> TlsContexts.server(key, key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(key + ": found only PRIVATE KEY block; expected -----BEGIN CERTIFICATE-----");
    }

    @Test
    void aCertificateGivenAsTheKeyIsRefusedSayingWhatTheFileHolds() {
        Path cert = dir.resolve("ec/cert.pem");

        assertThatThrownBy(() -> TlsContexts.server(cert, cert))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(cert + ": found only CERTIFICATE block; expected -----BEGIN PRIVATE KEY-----");
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefusedNamingBothFiles() throws Exception {
        Path otherKey = dir.resolve("other");
        SelfSignedCertificate.generate("localhost").writeTo(otherKey);
        Path cert = dir.resolve("ec/cert.pem");

        assertThatThrownBy(() -> TlsContexts.server(cert, otherKey.resolve("key.pem")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(otherKey.resolve("key.pem") + " does not hold the private key of the first certificate in "
                        + cert + " (CN=localhost)");
        assertThatThrownBy(() -> TlsContexts.server(dir.resolve("rsa/cert.pem"), dir.resolve("ec/key.pem")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(": the key is EC, the certificate's is RSA");
    }

    @Test
    void anEncryptedKeyIsRefusedWithTheCommandThatDecryptsIt() throws Exception {
        Path pkcs8 = Files.writeString(dir.resolve("encrypted.pem"), Pem.encode("ENCRYPTED PRIVATE KEY", new byte[16]));
        Path traditional = Files.writeString(dir.resolve("encrypted-rsa.pem"), "-----BEGIN RSA PRIVATE KEY-----\n"
                + "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00000000000000000000000000000000\n\nAAAA\n"
                + "-----END RSA PRIVATE KEY-----\n");
        Path cert = dir.resolve("rsa/cert.pem");

        for (Path key : new Path[] {pkcs8, traditional}) {
            assertThatThrownBy(() -> TlsContexts.server(cert, key))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(key + ": ")
                    .hasMessageContaining("encrypted")
                    .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
        }
    }

    @Test
    void aMissingFileIsAnIoExceptionNamingIt() {
        Path missing = dir.resolve("missing.pem");

        assertThatThrownBy(() -> TlsContexts.client(missing))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void aDamagedKeyIsRefusedNamingTheFile() throws Exception {
        Path damaged = Files.writeString(dir.resolve("damaged.pem"),
                Pem.encode("PRIVATE KEY", "not DER".getBytes(StandardCharsets.US_ASCII)));

        assertThatThrownBy(() -> TlsContexts.server(dir.resolve("ec/cert.pem"), damaged))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(damaged + ": the PRIVATE KEY block is not a valid key: malformed DER");
    }

    private static void assertHandshakes(SSLContext server, SelfSignedCertificate trusted) throws Exception {
        try (TlsServer tls = new TlsServer(server, TlsHandshakes::pong)) {
            try (SSLSocket socket = connect(TlsContexts.client(trusted), "localhost", tls.port())) {
                ping(socket);
            }
            assertThat(tls.awaitOutcome().failure()).isNull();
        }
    }
}
