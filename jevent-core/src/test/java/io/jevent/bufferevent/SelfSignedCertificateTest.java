package io.jevent.bufferevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jevent.bufferevent.SelfSignedCertificate.KeyType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SelfSignedCertificateTest {

    @Test
    void eachHostNameAndAddressBecomesASubjectAltName() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate("localhost", "example.test", "127.0.0.1", "::1");

        assertThat(cert.certificate().getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "localhost"), List.of(2, "example.test"),
                List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
        assertThat(cert.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
    }

    @Test
    void noNamesMeansTheLoopbackNames() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate();

        assertThat(cert.certificate().getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
    }

    @Test
    void validityStartsADayAgoAndLastsTheGivenDays() {
        Instant before = Instant.now();
        SelfSignedCertificate cert = SelfSignedCertificate.generate(KeyType.EC_P256, 10, "localhost");
        Instant after = Instant.now();

        Instant notBefore = cert.certificate().getNotBefore().toInstant();
        Instant notAfter = cert.certificate().getNotAfter().toInstant();
        assertThat(notBefore).isBetween(before.minus(Duration.ofDays(1)).minusSeconds(1), after.minus(Duration.ofDays(1)));
        assertThat(notAfter).isBetween(before.plus(Duration.ofDays(10)).minusSeconds(1), after.plus(Duration.ofDays(10)));
    }

    @Test
    void aValidityBeyond2049IsStillReadBack() {
        SelfSignedCertificate cert = SelfSignedCertificate.generate(KeyType.EC_P256, 365 * 40, "localhost");

        assertThat(cert.certificate().getNotAfter().toInstant()).isAfter(Instant.parse("2050-01-01T00:00:00Z"));
    }

    @Test
    void anEcCertificateIsSignedWithSha256WithEcdsaByItsOwnKey() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate("localhost");

        assertThat(cert.certificate().getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(cert.privateKey()).isInstanceOf(ECPrivateKey.class);
        assertThat(((ECPrivateKey) cert.privateKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        cert.certificate().verify(cert.certificate().getPublicKey());
    }

    @Test
    void anRsaCertificateIsSignedWithSha256WithRsaByItsOwn2048BitKey() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate(KeyType.RSA_2048, 1, "localhost");

        assertThat(cert.certificate().getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(((RSAPublicKey) cert.certificate().getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
        cert.certificate().verify(cert.certificate().getPublicKey());
    }

    @Test
    void theCertificateIsItsOwnCaAndATlsServerCertificate() throws Exception {
        X509Certificate cert = SelfSignedCertificate.generate("localhost").certificate();

        assertThat(cert.getVersion()).isEqualTo(3);
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        assertThat(cert.getBasicConstraints()).as("a CA").isGreaterThanOrEqualTo(0);
        boolean[] keyUsage = cert.getKeyUsage();
        assertThat(keyUsage[0]).as("digitalSignature").isTrue();
        assertThat(keyUsage[5]).as("keyCertSign").isTrue();
        assertThat(cert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
        assertThat(cert.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.19", "2.5.29.15");
    }

    @Test
    void everyCertificateHasItsOwnPositiveSerialNumber() {
        X509Certificate a = SelfSignedCertificate.generate("localhost").certificate();
        X509Certificate b = SelfSignedCertificate.generate("localhost").certificate();

        assertThat(a.getSerialNumber()).isPositive().isNotEqualTo(b.getSerialNumber());
    }

    @Test
    void pemTextReadsBackAsTheSameCertificateAndKey() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate("localhost");

        X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(cert.certificatePem().getBytes(StandardCharsets.US_ASCII)));
        assertThat(parsed).isEqualTo(cert.certificate());
        String keyPem = cert.privateKeyPem();
        assertThat(keyPem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        byte[] der = Base64.getMimeDecoder().decode(keyPem.replaceAll("-----[A-Z ]+-----", ""));
        assertThat(KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der))).isEqualTo(cert.privateKey());
    }

    @Test
    void writeToWritesCertAndKeyPemAndOnlyTheOwnerMayReadTheKey(@TempDir Path dir) throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate("localhost");
        Path target = dir.resolve("tls");

        cert.writeTo(target);
        cert.writeTo(target);

        assertThat(Files.readString(target.resolve("cert.pem"))).isEqualTo(cert.certificatePem());
        assertThat(Files.readString(target.resolve("key.pem"))).isEqualTo(cert.privateKeyPem());
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(Files.getPosixFilePermissions(target.resolve("key.pem")))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "under_score.test", "999.1.1.1", "::g", "fe80::1%eth0", "-leading.test"})
    void aNameThatIsNeitherAHostNorAnAddressIsRefusedByName(String name) {
        assertThatThrownBy(() -> SelfSignedCertificate.generate(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + name + "\"");
    }

    @Test
    void fewerThanOneValidDayIsRefused() {
        assertThatThrownBy(() -> SelfSignedCertificate.generate(KeyType.EC_P256, 0, "localhost"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("validDays < 1: 0");
    }

    @Test
    void toStringNamesTheSubjectAndNotTheKey() {
        SelfSignedCertificate cert = SelfSignedCertificate.generate("localhost");

        assertThat(cert.toString()).contains("CN=localhost").doesNotContain("PRIVATE");
    }
}
